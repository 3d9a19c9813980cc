package repl

import (
	"strings"
	"testing"
)

// The smallest failing replay: a redefinition must keep the funcs
// that read session variables, and the variables' values.
func TestReplayKeepsFuncsReadingGlobals(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "limit := 10\nfunc under(x int) bool { return x < limit }")
	mustRun(t, e, "type T struct{}")
	_, out := mustRun(t, e, "type T struct{ A int }")
	if strings.Contains(out.Stderr(), "dropped") {
		t.Fatalf("the replay dropped declarations: %s", out.Stderr())
	}
	res, _ := mustRun(t, e, "under(3)")
	if text(res) != "true" {
		t.Fatalf("under(3) = %q after the replay", text(res))
	}
	// The func reads the session's variable, not a copy.
	res, _ = mustRun(t, e, "limit = 2\nunder(3)")
	if text(res) != "false" {
		t.Fatalf("under(3) = %q after limit = 2", text(res))
	}
}

func TestReplayKeepsValuesOfUnchangedSessionTypes(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "type P struct{ X int }\nps := []P{{1}, {2}}\nq := &P{3}")
	mustRun(t, e, "type U struct{}")
	_, out := mustRun(t, e, "type U struct{ B int }")
	if strings.Contains(out.Stderr(), "reset") {
		t.Fatalf("values of an unchanged type were reset: %s", out.Stderr())
	}
	res, _ := mustRun(t, e, "ps[1].X + q.X")
	if text(res) != "5" {
		t.Fatalf("ps[1].X + q.X = %q", text(res))
	}
	// A value of the type that changed is reset, and the note says so.
	_, out = mustRun(t, e, "type P struct{ X, Y int }")
	if !strings.Contains(out.Stderr(), "ps") {
		t.Fatalf("no reset note for ps: %q", out.Stderr())
	}
}

func TestLoopVarsRewrite(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		// No closure: nothing to copy.
		{"for i := 0; i < 3; i++ { s += i }", "for i := 0; i < 3; i++ { s += i }"},
		{"for k, v := range m { f(func() { g(k, v) }) }", "for k, v := range m { k, v := k, v; f(func() { g(k, v) }) }"},
		{"for i := 0; i < 3; i++ { fs = append(fs, func() int { return i }) }",
			"for i := 0; i < 3; i++ { i := i; fs = append(fs, func() int { return i }) }"},
	} {
		if got := loopVars(c.src, false); got != c.want {
			t.Errorf("loopVars(%q)\n got %q\nwant %q", c.src, got, c.want)
		}
	}
	// A body that assigns the variable writes it back, also before continue.
	got := loopVars("for i := 0; i < 5; i++ { if i == 1 { i++; continue }; fs = append(fs, func() int { return i }) }", false)
	if strings.Count(got, "= i;") < 1 || !strings.Contains(got, "continue }") {
		t.Errorf("no write-back: %q", got)
	}
}

func TestScopeStmtsKeepsReturnsAndGotos(t *testing.T) {
	src := "x := 1\nif x > 0 {\n\ty := 2\n\t_ = y\n}\nfor {\n\treturn\n}"
	got := scopeStmts(src)
	if !strings.Contains(got, "func() { if x > 0") || strings.Contains(got, "func() { for") {
		t.Fatalf("scopeStmts:\n%s", got)
	}
	if strings.Count(got, "\n") != strings.Count(src, "\n") {
		t.Fatal("scopeStmts changed the line count")
	}
}

func TestTypeVerbs(t *testing.T) {
	idx, f, ok := typeVerbs("%5.2f %T %% %*d %T")
	if !ok || !idx[1] || !idx[4] || len(idx) != 2 || f != "%5.2f %s %% %*d %s" {
		t.Fatalf("typeVerbs = %v %q %v", idx, f, ok)
	}
	if _, _, ok := typeVerbs("%[1]T"); ok {
		t.Fatal("explicit argument indexes accepted")
	}
}

func TestMapsHelpers(t *testing.T) {
	m := map[string]int{"a": 1}
	c := m
	mapsCloneInto(&c)
	c["b"] = 2
	if len(m) != 1 || len(c) != 2 {
		t.Fatalf("clone shares the map: %v %v", m, c)
	}
	var nilMap map[string]int
	mapsCloneInto(&nilMap)
	if nilMap != nil {
		t.Fatal("clone of nil is not nil")
	}
	mapsCopy(m, map[string]int{"z": 9})
	if m["z"] != 9 || !mapsEqual(m, map[string]int{"a": 1, "z": 9}) || mapsEqual(m, map[string]int{"a": 1, "z": 8}) {
		t.Fatalf("mapsCopy/mapsEqual: %v", m)
	}
	if !slicesEqual([]float64{1, 2}, []float64{1, 2}) || slicesEqual([]int{1}, []int{1, 2}) {
		t.Fatal("slicesEqual")
	}
}

func TestResultShowsSessionTypeNames(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "type Point struct{ X, Y int }\ntype Seg struct{ A, B Point }")
	res, _ := mustRun(t, e, "[]Seg{{Point{1, 2}, Point{3, 4}}}")
	if got := text(res); got != "[]Seg{{A: Point{X: 1, Y: 2}, B: Point{X: 3, Y: 4}}}" {
		t.Fatalf("result = %q", got)
	}
}

// A String method of a session type defined over int must not format
// other ints (yaegi gives both the reflect type int).
func TestNamedIntStringerLeavesIntsAlone(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "type Level int\nfunc (l Level) String() string { return \"level\" }")
	_, out := mustRun(t, e, "n := 7\nfmt.Println(n, []int{1}, Level(1))")
	if out.Stdout() != "7 [1] level\n" {
		t.Fatalf("stdout = %q", out.Stdout())
	}
}

// The refusals fire on the defects and only on them.
func TestLimitRefusals(t *testing.T) {
	e := newEngine(t)
	for _, c := range []struct{ code, want string }{
		{"func kind(v any) string {\n\tswitch v.(type) {\n\tcase fmt.Stringer:\n\t\treturn \"s\"\n\t}\n\treturn \"\"\n}", "type switch case fmt.Stringer"},
		{"type E struct{}\nfunc (e E) Error() string { return \"e\" }", "value receiver"},
		// Type arguments the engine cannot write in the cell (a local type).
		{"func P[A, B any](a A, b B) {}\nfunc loc() {\n\ttype L struct{}\n\tP(L{}, 1)\n}", "cannot infer the 2 type arguments of P"},
		{"func loc2() {\n\ttype K int\n\tfmt.Println(len(maps.Clone(map[K]int{})))\n}", "maps.Clone"},
		{"func f() {\n\tfor i := 0; i < 2; i++ {\n\t\tdefer func() { fmt.Print(i) }()\n\t}\n}", "deferred function literal in a loop would see the last value of i"},
	} {
		res, out := run(t, e, c.code)
		if res.Error == nil || res.Error.Name != "InterpreterLimit" || !strings.Contains(res.Error.Value, c.want) {
			t.Errorf("cell %q: want an InterpreterLimit naming %q, got %+v (stdout %q)", c.code, c.want, res.Error, out.Stdout())
		}
	}
	// Ordinary code the checks must leave alone.
	mustRun(t, e, "type Shape interface{ Area() float64 }\ntype Sq struct{ S float64 }\nfunc (s Sq) Area() float64 { return s.S * s.S }\n"+
		"func (s *Sq) Error() string { return \"sq\" }\nfunc (s Sq) String() string { return \"sq\" }\n"+
		"func what(v any) string {\n\tswitch v.(type) {\n\tcase int, string, *mat.Dense, Shape:\n\t\treturn \"known\"\n\t}\n\treturn \"other\"\n}\n"+
		"func P[A, B any](a A, b B) {}\nP[int, string](1, \"x\")\n"+
		"func g() (s []int) {\n\tfor i := 0; i < 2; i++ {\n\t\tdefer func(i int) { s = append(s, i) }(i)\n\t}\n\treturn\n}")
	res, _ := mustRun(t, e, "fmt.Sprint(what(Sq{2}), what(3), what(1.5), g())")
	if got := text(res); got != `"knownknownother[1 0]"` {
		t.Fatalf("result = %s", got)
	}
}

// A redefinition that does not compile leaves the session as it was.
func TestFailedReplayLeavesTheSession(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "type T struct{ A int }\nfunc (t T) Get() int { return t.A }\nv := T{4}")
	res, _ := run(t, e, "type T struct{ B int }\nfunc (t T) Get() int { return t.Missing }")
	if res.Error == nil {
		t.Fatal("a broken redefinition compiled")
	}
	res, _ = mustRun(t, e, "v.Get()")
	if text(res) != "4" {
		t.Fatalf("v.Get() = %q after a failed redefinition", text(res))
	}
	mustRun(t, e, "func (t T) Get() int { return t.A * 10 }")
	res, _ = mustRun(t, e, "v.Get()")
	if text(res) != "40" {
		t.Fatalf("v.Get() = %q after redefining the method", text(res))
	}
}
