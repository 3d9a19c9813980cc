package repl

import (
	"strings"
	"testing"
)

// A session basic type with a String method is an int to yaegi: nested in a
// slice, array, map or struct it must still print through its method, as Go
// prints it.
func TestNestedSessionBasicTypePrintsThroughItsMethod(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, `import "strconv"
type Level int
func (l Level) String() string { return "L" + strconv.Itoa(int(l)) }
type Row struct {
	Name string
	Lv   Level
	lv   Level
}
ls := []Level{1, 2}
arr := [2]Level{3, 4}
byName := map[string]Level{"a": 1, "b": 2}
row := Row{"x", 5, 6}`)
	cases := []struct{ code, want string }{
		{`fmt.Println(ls, arr)`, "[L1 L2] [L3 L4]\n"},
		{`fmt.Printf("%v %s %d\n", ls, ls, ls)`, "[L1 L2] [L1 L2] [1 2]\n"},
		{`fmt.Print(fmt.Sprint(byName), "\n")`, "map[a:L1 b:L2]\n"},
		{`fmt.Printf("%v %+v\n", row, row)`, "{x L5 6} {Name:x Lv:L5 lv:6}\n"},
		{`fmt.Println(&row, []Row{row})`, "&{x L5 6} [{x L5 6}]\n"},
		{`fmt.Println(fmt.Sprintln(ls, ls[0]) + "!")`, "[L1 L2] L1\n!\n"},
		{`fmt.Printf("%T %v\n", ls, [][]Level{ls})`, "[]main.Level [[L1 L2]]\n"},
		{`fmt.Println([]int{1, 2}, ls[0], int(ls[1]))`, "[1 2] L1 2\n"},
		{`fmt.Println(map[Level]int{2: 1, 1: 3}, map[Level][]Level{1: ls})`, "map[L1:3 L2:1] map[L1:[L1 L2]]\n"},
		{`fmt.Printf("%#v %#v\n", ls, byName)`, "[]main.Level{1, 2} map[string]main.Level{\"a\":1, \"b\":2}\n"},
	}
	for _, c := range cases {
		_, out := mustRun(t, e, c.code)
		if got := out.Stdout(); got != c.want {
			t.Errorf("cell %q printed %q, want %q", c.code, got, c.want)
		}
	}
}

// A value whose static type is an interface reaches the helper without its
// session basic types; printing one that may hold them is refused loudly.
func TestInterfaceHoldingSessionBasicSliceIsRefused(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, `type Level int
func (l Level) String() string { return "L" }
var x any = []Level{1}`)
	res, out := run(t, e, `fmt.Println(x)`)
	if res.Error == nil || !strings.Contains(res.Error.Value+strings.Join(res.Error.Traceback, "\n"), "interpreter limitation") {
		t.Fatalf("printing an any holding []Level: want an interpreter limitation, got %+v, stdout %q", res.Error, out.Stdout())
	}
	_, out = mustRun(t, e, `type P struct{ x int }
func (p P) String() string { return "P!" }
var one any = Level(2)
var two fmt.Stringer = P{1}
var three any = P{2}
var four any = []string{"a"}
fmt.Println(one, two, three, four)
fmt.Printf("%v %s %T\n", three, two, three)`)
	want := "L P! P! [a]\nP! P! main.P\n"
	if got := out.Stdout(); got != want {
		t.Errorf("interface values printed %q, want %q", got, want)
	}
}

// A cell's value whose type is built from a session basic type shows that
// type, not yaegi's representation of it ([]int).
func TestCellValueShowsSessionBasicTypeName(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, `import "strconv"
type Level int
func (l Level) String() string { return "L" + strconv.Itoa(int(l)) }
type Levels []Level
type Score float64
type Row struct {
	Name string
	Lv   Level
}
ls := []Level{1, 2}
var x any = []Level{1}`)
	cases := []struct{ code, want string }{
		{`ls`, "[]Level{1, 2}"},
		{`map[string]Level{"a": 1}`, `map[string]Level{"a": 1}`},
		{`Levels(ls)`, "Levels{1, 2}"},
		{`&ls`, "&[]Level{1, 2}"},
		{`[]Score{1.5}`, "[]Score{1.5}"},
		{`Row{"x", 5}`, `Row{Name: "x", Lv: 5}`},
		{`ls[1]`, "L2"},
		{`[]int{3}`, "[]int{3}"},
	}
	for _, c := range cases {
		res, _ := mustRun(t, e, c.code)
		if got := text(res); got != c.want {
			t.Errorf("cell %q showed %q, want %q", c.code, got, c.want)
		}
	}
	mustRun(t, e, `type OpErr struct {
	Op  string
	Err error
}
func (o *OpErr) Error() string { return o.Op + ": " + o.Err.Error() }
func fail() error { return &OpErr{"read", fmt.Errorf("eof")} }`)
	if res, _ := mustRun(t, e, `fail()`); text(res) != "read: eof" {
		t.Errorf("a cell ending in an error showed %q, want %q", text(res), "read: eof")
	}
	res, _ := run(t, e, `x`)
	if res.Error == nil || !strings.Contains(res.Error.Value+strings.Join(res.Error.Traceback, "\n"), "interpreter limitation") {
		t.Errorf("a cell ending in an any holding []Level: want an interpreter limitation, got %+v, value %q", res.Error, text(res))
	}
}

// A function of the session prints its []Level right, also after a
// redefinition replays the session.
func TestSessionFuncPrintsNestedBasicAfterReplay(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, `import "strconv"
type Level int
func (l Level) String() string { return "L" + strconv.Itoa(int(l)) }
func report(ls []Level) string { return fmt.Sprint(ls) }
type U struct{}`)
	for _, code := range []string{`fmt.Println(report([]Level{1}))`, `type U struct{ A int }
fmt.Println(report([]Level{1}))`} {
		_, out := mustRun(t, e, code)
		if got := out.Stdout(); got != "[L1]\n" {
			t.Errorf("cell %q printed %q, want %q", code, got, "[L1]\n")
		}
	}
}

// fmt.Errorf and the log printers do not go through the helper: a cell
// handing them a []Level is refused before it runs.
func TestUnfixedPrinterOfNestedBasicIsRefused(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, `type Level int
func (l Level) String() string { return "L" }
ls := []Level{1}`)
	for _, code := range []string{`fmt.Println("ran")
err := fmt.Errorf("bad %v", ls)`, `import "log"
fmt.Println("ran")
log.Println(ls)`} {
		res, out := run(t, e, code)
		if res.Error == nil || res.Error.Name != "InterpreterLimit" || !strings.Contains(res.Error.Value, "fmt.Sprint") || out.Stdout() != "" {
			t.Errorf("cell %q: want an InterpreterLimit before it runs naming fmt.Sprint, got %+v, stdout %q", code, res.Error, out.Stdout())
		}
	}
	_, out := mustRun(t, e, `err := fmt.Errorf("bad %s", fmt.Sprint(ls)); fmt.Println(err, fmt.Errorf("n %d", len(ls)))`)
	if got := out.Stdout(); got != "bad [L] n 1\n" {
		t.Errorf("printed %q, want %q", got, "bad [L] n 1\n")
	}
}
