package repl

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestGoRejectsRatioBeforeItRuns is the example: yaegi accepts
// `return a / b` for a float64 result and returns 0.5; Go rejects it.
func TestGoRejectsRatioBeforeItRuns(t *testing.T) {
	e := newEngine(t)
	res, out := run(t, e, "fmt.Println(\"ran\")\nfunc ratio(a, b int) float64 { return a / b }")
	if res.Error == nil {
		t.Fatal("accepted a cell Go rejects")
	}
	want := "line 2:39: cannot use a / b (value of type int) as float64 value in return statement"
	if res.Error.Name != "CompileError" || res.Error.Value != want {
		t.Errorf("error %s: %q, want CompileError: %q", res.Error.Name, res.Error.Value, want)
	}
	if tb := strings.Join(res.Error.Traceback, "\n"); !strings.Contains(tb, "2 | func ratio") {
		t.Errorf("traceback does not quote the line:\n%s", tb)
	}
	if out.Stdout() != "" {
		t.Errorf("a rejected cell ran: stdout %q", out.Stdout())
	}
	// The rejected ratio is not part of the session.
	if res, _ := run(t, e, "ratio(1, 2)"); res.Error == nil || !strings.Contains(res.Error.Value, "undefined: ratio") {
		t.Errorf("ratio after the rejected cell: %+v", res.Error)
	}
}

// TestTypeCheckerFollowsTheSession runs cells through the engine that Go
// accepts only with the session's declarations known to the checker.
func TestTypeCheckerFollowsTheSession(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "limit := 10\nfunc under(x int) bool { return x < limit }")
	if res, _ := mustRun(t, e, "under(3)"); text(res) != "true" {
		t.Errorf("under(3) = %q", text(res))
	}
	mustRun(t, e, "type P struct{ X int }\np := P{X: 2}")
	mustRun(t, e, "unused := p.X * 2")
	res, _ := run(t, e, "p.Y")
	if res.Error == nil || res.Error.Value != "line 1:3: p.Y undefined (type P has no field or method Y)" {
		t.Errorf("p.Y: %+v", res.Error)
	}
	if st := e.Types().Stats(); st.Checked != 5 || st.Rejected != 1 || st.Unsure != 0 {
		t.Errorf("checker stats %+v", st)
	}
}

// TestUnjudgedCellRunsWithANote: a package without type information makes
// the checker step aside; the interpreter decides, and a note is logged.
func TestUnjudgedCellRunsWithANote(t *testing.T) {
	var stray bytes.Buffer
	e, err := New(Options{Preload: true, Stray: &stray})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	res := e.Execute(context.Background(), "import \"os/exec\"", &recorder{})
	if res.Error == nil {
		t.Fatal("os/exec imported: it has no symbol table")
	}
	if !strings.Contains(stray.String(), "not type-checked") || !strings.Contains(stray.String(), "os/exec") {
		t.Errorf("no note: %q", stray.String())
	}
	if st := e.Types().Stats(); st.Unsure != 1 {
		t.Errorf("stats %+v", st)
	}
}

// TestSessionTypesServeCompletionAndInspection: the checker's types name a
// session type as Go does and list the methods of a nil interface value.
func TestSessionTypesServeCompletionAndInspection(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "type Point struct{ X, Y int }\nfunc (p *Point) Move() { p.X++ }\npt := Point{X: 1}\nvar err error")
	in := e.Inspect("pt", 1, 0)
	if s, _ := in.Data["text/plain"].(string); !in.Found || !strings.HasPrefix(s, "pt Point = ") {
		t.Errorf("inspection of pt: %q, want it to start with %q", s, "pt Point = ")
	}
	c := e.Complete("pt.", 3)
	if got := strings.Join(c.Matches, " "); got != "Move X Y" {
		t.Errorf("completion of pt.: %q, want Move X Y", got)
	}
	c = e.Complete("err.E", 5)
	if got := strings.Join(c.Matches, " "); got != "Error" {
		t.Errorf("completion of err.E on a nil error: %q, want Error", got)
	}
}

// TestFailedCellLeavesTheCheckerUnsure: when the interpreter refuses or
// fails to compile a cell Go accepts, the checker does not claim to know
// what the cell declared; a panic keeps what ran before it.
func TestFailedCellLeavesTheCheckerUnsure(t *testing.T) {
	e := newEngine(t)
	// Go accepts this; yaegi v0.16.1 cannot call slices.Sorted (iterators).
	res, _ := run(t, e, "ks := slices.Sorted(maps.Keys(map[string]int{\"a\": 1}))")
	if res.Error == nil {
		t.Skip("the interpreter now runs slices.Sorted: pick another cell it refuses")
	}
	res, _ = run(t, e, "ks + 1")
	if res.Error != nil && strings.Contains(res.Error.Value, "mismatched types []string") {
		t.Errorf("the checker judged a use of a name the interpreter never declared: %s", res.Error.Value)
	}
	if st := e.Types().Stats(); st.Unsure != 1 {
		t.Errorf("stats %+v, want the second cell unjudged", st)
	}
	// A panic: n was declared before it, with the type the checker knows.
	run(t, e, "n := 3\npanic(\"boom\")")
	res, _ = run(t, e, "n + \"s\"")
	if res.Error == nil || !strings.Contains(res.Error.Value, "mismatched types int and untyped string") {
		t.Errorf("n after a panic: %+v", res.Error)
	}
}
