package repl

import (
	"strings"
	"testing"
)

// yaegi's verdicts on session interfaces, measured: the refusals below exist
// because these give wrong answers with no error. If a yaegi upgrade makes
// them right, this test fails and the refusals can go.
func TestYaegiMisjudgesSessionInterfaces(t *testing.T) {
	refuseMisjudged = false
	defer func() { refuseMisjudged = true }()
	e := newEngine(t)
	mustRun(t, e, `type Animal interface{ Sound() string }
type Dog struct{ N string }
func (d Dog) Sound() string { return d.N }
type Cat struct{ N string }
func (c *Cat) Sound() string { return c.N }
type Hen struct{ N string }
func (h Hen) Sound() string { return h.N }
func (h *Hen) Rename(n string) { h.N = n }
func kind(v any) string {
	switch x := v.(type) {
	case Animal:
		return "animal:" + x.Sound()
	}
	return "other"
}`)
	_, out := mustRun(t, e, `fmt.Println(kind(Dog{"d"}), kind(&Dog{"pd"}), kind(&Cat{"pc"}), kind(Cat{"c"}), kind(&Hen{"ph"}))`)
	// Go: animal:d animal:pd animal:pc other animal:ph
	if got, want := out.Stdout(), "animal:d other animal:pc animal:c animal:ph\n"; got != want {
		t.Errorf("yaegi's type switch gives %q, measured %q", got, want)
	}
}

func TestTypeSwitchOnMisjudgedSessionInterfaceIsRefused(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, `type Shape interface{ Area() float64 }
type Sq struct{ S float64 }
func (s Sq) Area() float64 { return s.S * s.S }`)
	res, _ := run(t, e, "func describe(v any) string {\n\tswitch v.(type) {\n\tcase Shape:\n\t\treturn \"shape\"\n\t}\n\treturn \"other\"\n}")
	if res.Error == nil || res.Error.Name != "InterpreterLimit" ||
		!strings.Contains(res.Error.Value, "a type switch case Shape gives wrong answers") ||
		!strings.Contains(res.Error.Value, "a *Sq does not match it") || !strings.Contains(res.Error.Value, "line 3:7") {
		t.Fatalf("want a refusal naming *Sq at 3:7, got %+v", res.Error)
	}
	// A pointer method on Sq makes yaegi find the value methods through a
	// pointer: nothing is misjudged and the switch runs.
	mustRun(t, e, `func (s *Sq) Grow() { s.S++ }`)
	_, out := mustRun(t, e, "func describe(v any) string {\n\tswitch v.(type) {\n\tcase Shape:\n\t\treturn \"shape\"\n\t}\n\treturn \"other\"\n}\nfmt.Println(describe(Sq{1}), describe(&Sq{2}), describe(3))")
	if got := out.Stdout(); got != "shape shape other\n" {
		t.Errorf("got %q, want Go's %q", got, "shape shape other\n")
	}
	// A type only *T implements: yaegi would match a T value.
	e = newEngine(t)
	mustRun(t, e, `type Shape interface{ Area() float64 }
type Circle struct{ R float64 }
func (c *Circle) Area() float64 { return 3 * c.R * c.R }`)
	res, _ = run(t, e, "switch v := any(Circle{1}).(type) {\ncase Shape:\n\tfmt.Println(\"shape\", v)\n}")
	if res.Error == nil || !strings.Contains(res.Error.Value, "a Circle value matches it though only *Circle implements it") {
		t.Fatalf("want a refusal naming Circle, got %+v", res.Error)
	}
}

func TestTypeAssertionToSessionInterfaceIsRefused(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, `type Namer interface{ Name() string }
type P struct{ S string }
func (p P) Name() string { return p.S }
var v any = P{"p"}`)
	for _, cell := range []string{"n := v.(Namer)\nfmt.Println(n.Name())", "_, ok := v.(Namer)\nfmt.Println(ok)"} {
		res, _ := run(t, e, cell)
		if res.Error == nil || res.Error.Name != "InterpreterLimit" ||
			!strings.Contains(res.Error.Value, "type assertion to the session interface Namer") {
			t.Errorf("%q: want a refusal, got %+v", cell, res.Error)
		}
	}
	// An assertion to a concrete type runs.
	_, out := mustRun(t, e, "p := v.(P)\nfmt.Println(p.Name())")
	if got := out.Stdout(); got != "p\n" {
		t.Errorf("got %q", got)
	}
}

func TestInferredTypeArgumentsAreWrittenOut(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, `func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}
type Celsius float64`)
	cases := map[string]string{
		`fmt.Println(Map([]int{1, 2}, strconv.Itoa))`:                                                                                                "[1 2]\n",
		`fmt.Println(Map(Map([]int{10, 200}, strconv.Itoa), func(s string) int { return len(s) }))`:                                                  "[2 3]\n",
		`fmt.Println(Map([]float64{20}, func(f float64) Celsius { return Celsius(f) + 1 }))`:                                                         "[21]\n",
		`fmt.Println(Map([]int{2}, func(i int) time.Duration { return time.Duration(i) * time.Second }))`:                                            "[2s]\n",
		"lens := Map(Map([]int{10, 200}, strconv.Itoa), func(s string) int { return len(s) })\nfmt.Println(lens)":                                    "[2 3]\n",
		"func Two[A, B any](a A, b B) (A, B) { return a, b }\nx, y := Two(1, \"s\")\nfmt.Printf(\"%T %v %v\\n\", Map([]int{1}, strconv.Itoa), x, y)": "[]string 1 s\n",
		"func G[T any](xs []T) []string { return Map(xs, func(x T) string { return fmt.Sprint(x) }) }\nfmt.Println(G([]float64{1.5}))":               "[1.5]\n",
	}
	for cell, want := range cases {
		_, out := mustRun(t, e, cell)
		if got := out.Stdout(); got != want {
			t.Errorf("%q printed %q, want %q", cell, got, want)
		}
	}
	// A type argument local to a function cannot be written in the cell:
	// the call is refused as before.
	res, _ := run(t, e, "func loc() {\n\ttype L struct{ A int }\n\tfmt.Println(Map([]L{{1}}, func(l L) int { return l.A }))\n}")
	if res.Error == nil || !strings.Contains(res.Error.Value, "cannot infer the 2 type arguments of Map") {
		t.Errorf("want the inference refusal, got %+v", res.Error)
	}
}

func TestNamedBasicVariableKeepsItsTypeThroughAReplay(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, `type Level int
func (l Level) String() string { return "L" + strconv.Itoa(int(l)) }
lv := Level(3)
var lw Level = 5
type V struct{}`)
	_, out := mustRun(t, e, "type V struct{ C int }\nfmt.Println(lv, lv+1, lw)")
	if got, want := out.Stdout(), "L3 L4 L5\n"; got != want {
		t.Errorf("after a replay got %q, want Go's %q", got, want)
	}
}

func TestPercentTUsesStaticTypes(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, `type Level int
func (l Level) String() string { return "L" + strconv.Itoa(int(l)) }
type Code int
lv := Level(3)
ls := []Level{1}
n := 4
var c Code = 2`)
	_, out := mustRun(t, e, `fmt.Printf("%T %T %T %T %v\n", lv, ls, n, c, lv)
s := fmt.Sprintf("%T|%T", map[string]Level{}, &lv)
fmt.Println(s)`)
	if got, want := out.Stdout(), "main.Level []main.Level int main.Code L3\nmap[string]main.Level|*main.Level\n"; got != want {
		t.Errorf("got %q, want Go's %q", got, want)
	}
}

func TestSlicesCompare(t *testing.T) {
	e := newEngine(t)
	_, out := mustRun(t, e, `fmt.Println(slices.Compare([]int{1, 2}, []int{1, 3}), slices.Compare([]string{"b"}, []string{"a", "z"}), slices.Compare([]float64{1}, []float64{1, 0}), slices.Compare([]uint8{}, []uint8{}))`)
	if got, want := out.Stdout(), "-1 1 -1 0\n"; got != want {
		t.Errorf("got %q, want Go's %q", got, want)
	}
}

func TestMapsCloneInAnyPosition(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "type Counts map[string]int\nc := Counts{\"a\": 1}\nm := map[string]int{\"x\": 1}")
	_, out := mustRun(t, e, `m2 := maps.Clone(m)
m2["y"] = 2
d := maps.Clone(c)
d["b"] = 2
fmt.Println(len(maps.Clone(m)), len(m), len(m2), len(c), len(d), maps.Clone(map[int]bool(nil)) == nil)
fmt.Printf("%T\n", d)`)
	if got, want := out.Stdout(), "1 1 2 1 2 true\nmain.Counts\n"; got != want {
		t.Errorf("got %q, want Go's %q", got, want)
	}
}

// A type declared after a function that switches on a session interface
// must not make that switch wrong silently.
func TestLaterTypeCannotBreakAnEarlierSwitch(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "type Shape interface{ Area() float64 }\nfunc describe(v any) string {\n\tswitch v.(type) {\n\tcase Shape:\n\t\treturn \"shape\"\n\t}\n\treturn \"other\"\n}")
	res, _ := run(t, e, "n := 1\ntype Sq struct{ S float64 }\nfunc (s Sq) Area() float64 { return s.S * s.S }")
	if res.Error == nil || res.Error.Name != "InterpreterLimit" || !strings.Contains(res.Error.Value, "describe of an earlier cell") ||
		!strings.Contains(res.Error.Value, "a *Sq does not match it") || !strings.Contains(res.Error.Value, "line 2:1") {
		t.Fatalf("want a refusal naming describe and *Sq at 2:1, got %+v", res.Error)
	}
	// Redefining the function without the switch in the same cell is fine.
	_, out := mustRun(t, e, "type Sq struct{ S float64 }\nfunc (s Sq) Area() float64 { return s.S * s.S }\nfunc describe(v any) string {\n\tif s, ok := v.(Sq); ok {\n\t\treturn fmt.Sprint(s.Area())\n\t}\n\treturn \"other\"\n}\nfmt.Println(describe(Sq{2}))")
	if got := out.Stdout(); got != "4\n" {
		t.Errorf("got %q", got)
	}
}
