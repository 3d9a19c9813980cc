package repl

import (
	"context"
	"strings"
	"testing"
	"time"
)

// The engine's behaviour, cell by cell, as a person using a notebook sees it.

func TestStatePersistsAcrossCells(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "x := 40")
	mustRun(t, e, "x += 2")
	res, _ := mustRun(t, e, "x")
	if got := text(res); got != "42" {
		t.Fatalf("x = %q, want 42", got)
	}
}

func TestCellMixesImportsDeclarationsAndStatements(t *testing.T) {
	e := newEngine(t)
	res, out := mustRun(t, e, `import "strings"
n := 3
func twice(s string) string { return strings.Repeat(s, 2) }
import "unicode"
type pair struct{ a, b int }
fmt.Println(twice("ab"), unicode.IsUpper('A'))
const k = 2
p := pair{n, k}
p.a * p.b`)
	if got := out.Stdout(); got != "abab true\n" {
		t.Errorf("stdout = %q", got)
	}
	if got := text(res); got != "6" {
		t.Errorf("result = %q, want 6", got)
	}
}

func TestReimportIsAccepted(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, `import "math/rand"`)
	mustRun(t, e, `import "math/rand"`)
	mustRun(t, e, "import (\n\t\"fmt\"\n\t\"math/rand\"\n)\n_ = rand.Intn")
	// The latest import of a name wins, as when a cell is edited and re-run.
	mustRun(t, e, `import "crypto/rand"`)
	res, _ := mustRun(t, e, "rand.Reader != nil")
	if text(res) != "true" {
		t.Fatalf("rand is not crypto/rand after re-import: %q", text(res))
	}
	res, _ = run(t, e, `import "no/such/package"`)
	if res.Error == nil {
		t.Fatal("importing an unknown package succeeded")
	}
}

func TestOsStdoutAndStderrReachTheCell(t *testing.T) {
	e := newEngine(t)
	_, out := mustRun(t, e, "fmt.Fprintln(os.Stdout, \"to stdout\")\nfmt.Fprintln(os.Stderr, \"to stderr\")")
	if out.Stdout() != "to stdout\n" || out.Stderr() != "to stderr\n" {
		t.Fatalf("stdout %q stderr %q", out.Stdout(), out.Stderr())
	}
}

func TestRedefinedFuncReachesEarlierCallers(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "func f() int { return 1 }\nfunc g() int { return f() * 10 }")
	res, _ := mustRun(t, e, "g()")
	if text(res) != "10" {
		t.Fatalf("g() = %q before redefinition", text(res))
	}
	mustRun(t, e, "func f() int { return 2 }")
	res, _ = mustRun(t, e, "g()")
	if text(res) != "20" {
		t.Fatalf("g() = %q after redefining f, want 20", text(res))
	}
}

func TestRedefinedTypeAndMethodTakeEffect(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "type T struct{ A int }\nfunc (t T) Name() string { return \"one\" }")
	mustRun(t, e, "n := 7\ns := []string{\"kept\"}\nold := T{1}")
	mustRun(t, e, "type T struct{ A, B int }")
	res, _ := mustRun(t, e, "T{1, 2}.B")
	if text(res) != "2" {
		t.Fatalf("new field: %q", text(res))
	}
	_, out := mustRun(t, e, "func (t T) Name() string { return \"two\" }")
	if !strings.Contains(out.Stderr(), "replayed") {
		t.Errorf("no replay note on stderr: %q", out.Stderr())
	}
	res, _ = mustRun(t, e, "T{}.Name()")
	if text(res) != `"two"` && text(res) != "two" {
		t.Fatalf("method after redefinition: %q", text(res))
	}
	// Variables of compiled types survive the replay.
	res, _ = mustRun(t, e, "fmt.Sprint(n, s)")
	if !strings.Contains(text(res), "7 [kept]") {
		t.Fatalf("variables after replay: %q", text(res))
	}
}

func TestFixingAFailedDefinitionTakesEffect(t *testing.T) {
	e := newEngine(t)
	res, _ := run(t, e, "type T struct{ A int }\nfunc (t T) M() int { return t.B }")
	if res.Error == nil {
		t.Fatal("a method using a missing field compiled")
	}
	mustRun(t, e, "type T struct{ A, B int }\nfunc (t T) M() int { return t.B }")
	res, _ = mustRun(t, e, "T{1, 2}.M()")
	if text(res) != "2" {
		t.Fatalf("T{1, 2}.M() = %q", text(res))
	}
}

func TestRerunningTheSameCellDoesNotReplay(t *testing.T) {
	e := newEngine(t)
	cell := "type P struct{ X int }\nfunc (p P) Get() int { return p.X }\nv := P{3}"
	mustRun(t, e, cell)
	_, out := mustRun(t, e, cell)
	if out.Stderr() != "" {
		t.Fatalf("re-running an identical cell wrote %q", out.Stderr())
	}
	res, _ := mustRun(t, e, "v.Get()")
	if text(res) != "3" {
		t.Fatalf("v.Get() = %q", text(res))
	}
}

func TestLastExpressionIsTheResult(t *testing.T) {
	e := newEngine(t)
	for _, c := range []struct{ code, want string }{
		{"1 + 2", "3"},
		{`"a" + "b"`, `"ab"`},
		{"x := []int{1, 2}\nx", "[]int{1, 2}"},
		{"func two() (int, string) { return 2, \"b\" }\ntwo()", "2\n\"b\""},
		{"func pair() (int, error) { return 5, nil }\npair()", "5"},
	} {
		res, _ := mustRun(t, e, c.code)
		if got := text(res); got != c.want {
			t.Errorf("%q: result %q, want %q", c.code, got, c.want)
		}
	}
}

func TestPrintersAndVoidCallsHaveNoResult(t *testing.T) {
	e := newEngine(t)
	for _, code := range []string{
		`fmt.Println("hello")`,
		`fmt.Printf("%d\n", 1)`,
		`fmt.Fprintln(os.Stdout, "x")`,
		"counter := 0\nfunc bump() { counter++ }\nbump()",
	} {
		res, _ := mustRun(t, e, code)
		if res.Data != nil {
			t.Errorf("%q: unexpected result %v", code, res.Data)
		}
	}
	// The void call ran exactly once.
	res, _ := mustRun(t, e, "counter")
	if text(res) != "1" {
		t.Fatalf("counter = %q, want 1 (a void call must run once)", text(res))
	}
	_, out := mustRun(t, e, `fmt.Println("once")`)
	if out.Stdout() != "once\n" {
		t.Fatalf("stdout %q: the printer must run once", out.Stdout())
	}
}

func TestInterpretedStringerKeepsItsMethod(t *testing.T) {
	e := newEngine(t)
	res, _ := mustRun(t, e, "type C float64\nfunc (c C) String() string { return fmt.Sprintf(\"%.1f°C\", float64(c)) }\nC(21.5)")
	if text(res) != "21.5°C" {
		t.Fatalf("result %q, want the String() form", text(res))
	}
	res, _ = mustRun(t, e, "type E struct{ msg string }\nfunc (e *E) Error() string { return \"E: \" + e.msg }\nvar err error = &E{\"bad\"}\nerr")
	if text(res) != "E: bad" {
		t.Fatalf("error result %q", text(res))
	}
}

func TestWholeProgramRuns(t *testing.T) {
	e := newEngine(t)
	prog := "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\tfmt.Println(\"args:\", os.Args[1:])\n}\n"
	_, out := mustRun(t, e, prog)
	if out.Stdout() != "args: [a1]\n" {
		t.Fatalf("stdout %q", out.Stdout())
	}
	// Running it again works, and later cells do not rerun main.
	_, out = mustRun(t, e, prog)
	if out.Stdout() != "args: [a1]\n" {
		t.Fatalf("second run stdout %q", out.Stdout())
	}
	_, out = mustRun(t, e, "func other() {}\ny := 1")
	if out.Stdout() != "" {
		t.Fatalf("a later cell reran main: %q", out.Stdout())
	}
}

func TestCompileErrorPointsAtCellLine(t *testing.T) {
	e := newEngine(t)
	res, _ := run(t, e, "a := 1\n_ = a\n\nb := undefinedName + 1")
	if res.Error == nil {
		t.Fatal("no error")
	}
	if res.Error.Name != "CompileError" || !strings.HasPrefix(res.Error.Value, "line 4:") {
		t.Fatalf("error %s: %q, want a CompileError at line 4", res.Error.Name, res.Error.Value)
	}
	tb := strings.Join(res.Error.Traceback, "\n")
	if !strings.Contains(tb, "4 | b := undefinedName + 1") {
		t.Fatalf("traceback does not quote the line:\n%s", tb)
	}
	// yaegi's odd reports of undefined names read as Go's.
	for _, code := range []string{"y := missingName", "fmt.Println(missingName)"} {
		res, _ = run(t, e, code)
		if res.Error == nil || res.Error.Value != "line 1:"+res.Error.Value[len("line 1:"):] || !strings.Contains(res.Error.Value, "undefined: missingName") {
			t.Errorf("%q: error %+v, want undefined: missingName", code, res.Error)
		}
	}
	// Syntax errors too.
	res, _ = run(t, e, "x := 1\ny := (2 +\n")
	if res.Error == nil || !strings.Contains(res.Error.Value, "line ") {
		t.Fatalf("syntax error: %+v", res.Error)
	}
}

func TestRuntimePanicDoesNotKillTheSession(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "keep := 5")
	res, out := run(t, e, "func boom() {\n\tpanic(\"kaboom\")\n}\n\nboom()")
	if res.Error == nil || res.Error.Name != "panic" || res.Error.Value != "kaboom" {
		t.Fatalf("error = %+v", res.Error)
	}
	if strings.Contains(out.Stderr(), "panic:") {
		t.Fatalf("yaegi's panic line leaked to stderr: %q", out.Stderr())
	}
	tb := strings.Join(res.Error.Traceback, "\n")
	if !strings.Contains(tb, "boom (line 2:") {
		t.Fatalf("traceback lacks the panicking line:\n%s", tb)
	}
	res, _ = mustRun(t, e, "keep")
	if text(res) != "5" {
		t.Fatalf("state lost after panic: %q", text(res))
	}
}

func TestPanicInGoroutineIsReported(t *testing.T) {
	e := newEngine(t)
	_, out := mustRun(t, e, "done := make(chan bool)\ngo func() {\n\tdefer close(done)\n\tpanic(\"in goroutine\")\n}()\n<-done")
	// The report is written after the goroutine's defers ran, possibly
	// after the cell ended; late output still goes to this cell.
	waitUntil(t, "the goroutine's panic on stderr", func() bool {
		return strings.Contains(out.Stderr(), "panic in a goroutine started by the cell: in goroutine")
	})
	res, _ := mustRun(t, e, "1")
	if text(res) != "1" {
		t.Fatal("engine unusable after a goroutine panic")
	}
}

func TestGoStatementArgumentsAreEvaluatedAtOnce(t *testing.T) {
	e := newEngine(t)
	res, _ := mustRun(t, e, `results := make(chan int, 3)
for i := 0; i < 3; i++ {
	go func(n int) { results <- n * n }(i)
}
sum := 0
for j := 0; j < 3; j++ {
	sum += <-results
}
sum`)
	if text(res) != "5" {
		t.Fatalf("sum of squares = %q, want 5", text(res))
	}
}

func TestGoStatementWithSpreadArguments(t *testing.T) {
	e := newEngine(t)
	res, _ := mustRun(t, e, `total := make(chan int)
func sum(ns ...int) { s := 0; for _, n := range ns { s += n }; total <- s }
xs := []int{1, 2, 3}
go sum(xs...)
go sum(4, 5)
<-total + <-total`)
	if text(res) != "15" {
		t.Fatalf("result %q, want 15", text(res))
	}
}

func TestCompletionDoesNotWaitForARunningCell(t *testing.T) {
	e := newEngine(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &recorder{}
	go e.Execute(ctx, "fmt.Println(\"running\")\nfor {\n}", out)
	waitUntil(t, "the cell to run", func() bool { return out.Stdout() == "running\n" })
	done := make(chan struct{})
	go func() {
		e.Complete("strings.Tr", 10)
		e.Inspect("strings.TrimSpace", 10, 0)
		e.IsComplete("x := 1")
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Complete/Inspect blocked while a cell ran")
	}
}

func TestTopLevelDeferRunsOnceAtTheEndOfTheCell(t *testing.T) {
	e := newEngine(t)
	_, out := mustRun(t, e, "defer fmt.Println(\"deferred\")\nn := 1\ndefer fmt.Println(\"second defer, run first\", n)\nn = 2\nfmt.Println(\"body\")")
	if got := out.Stdout(); got != "body\nsecond defer, run first 1\ndeferred\n" {
		t.Fatalf("stdout %q", got)
	}
	_, out = mustRun(t, e, `fmt.Println("next cell")`)
	if got := out.Stdout(); got != "next cell\n" {
		t.Fatalf("a top-level defer ran again in a later cell: %q", got)
	}
	// Defers inside functions keep Go semantics.
	_, out = mustRun(t, e, "func f() {\n\tdefer fmt.Println(\"f deferred\")\n\tfmt.Println(\"f body\")\n}\nf()")
	if got := out.Stdout(); got != "f body\nf deferred\n" {
		t.Fatalf("stdout %q", got)
	}
}

func TestOsExitDoesNotKillTheKernel(t *testing.T) {
	e := newEngine(t)
	res, _ := run(t, e, "os.Exit(3)")
	if code, ok := ExitStatus(res.Error); !ok || code != 3 {
		t.Fatalf("error %+v, want exit status 3", res.Error)
	}
	mustRun(t, e, "1")
}

func TestEnvironmentAndArgsComeFromOptions(t *testing.T) {
	e := newEngine(t)
	res, _ := mustRun(t, e, `os.Getenv("SPECSTRESS_TEST") + " " + strings.Join(os.Args, ",")`)
	if text(res) != `"yes cell,a1"` {
		t.Fatalf("got %q", text(res))
	}
}

func TestInterruptStopsAnInfiniteLoop(t *testing.T) {
	e := newEngine(t)
	ctx, cancel := context.WithCancel(context.Background())
	out := &recorder{}
	go func() {
		if !eventually(func() bool { return out.Stdout() == "looping\n" }) {
			t.Error("timed out waiting for the loop to start")
		}
		cancel()
	}()
	res := e.Execute(ctx, "n := 0\nfmt.Println(\"looping\")\nfor {\n\tn++\n}", out)
	if res.Error == nil || res.Error.Name != "Interrupted" {
		t.Fatalf("result %+v, want Interrupted", res.Error)
	}
	res, _ = mustRun(t, e, "40 + 2")
	if text(res) != "42" {
		t.Fatalf("engine unusable after interrupt: %q", text(res))
	}
}

func TestInterruptDuringACompiledCall(t *testing.T) {
	e := newEngine(t)
	ctx, cancel := context.WithCancel(context.Background())
	out := &recorder{}
	go func() {
		if !eventually(func() bool { return out.Stdout() == "calling\n" }) {
			t.Error("timed out waiting for the cell to start")
		}
		cancel()
	}()
	res := e.Execute(ctx, "fmt.Println(\"calling\")\ntime.Sleep(time.Hour)\nfmt.Println(\"not reached\")", out)
	if res.Error == nil || res.Error.Name != "Interrupted" {
		t.Fatalf("result %+v, want Interrupted", res.Error)
	}
	_, next := mustRun(t, e, "fmt.Println(\"next\")")
	if next.Stdout() != "next\n" {
		t.Fatalf("next cell's stdout %q", next.Stdout())
	}
}

func TestRangeOverInt(t *testing.T) {
	e := newEngine(t)
	_, out := mustRun(t, e, "for i := range 3 {\n\tfmt.Print(i)\n}\nn := 2\nfor range n {\n\tfmt.Print(\"x\")\n}\nfor i := range []string{\"a\", \"b\"} {\n\tfmt.Print(i)\n}")
	if out.Stdout() != "012xx01" {
		t.Fatalf("stdout %q", out.Stdout())
	}
	res, _ := mustRun(t, e, "func count(n int) int {\n\tc := 0\n\tfor range n {\n\t\tc++\n\t}\n\treturn c\n}\ncount(4)")
	if text(res) != "4" {
		t.Fatalf("count(4) = %q", text(res))
	}
}

func TestLateGoroutineOutputStaysWithItsCell(t *testing.T) {
	e := newEngine(t)
	first := &recorder{}
	// The goroutine prints while the second cell runs: that cell releases
	// it and waits until it has printed.
	res := e.Execute(context.Background(), "release, printed := make(chan bool), make(chan bool)\ngo func() {\n\t<-release\n\tfmt.Println(\"late\")\n\tclose(printed)\n}()", first)
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	_, second := mustRun(t, e, "close(release)\n<-printed\nfmt.Println(\"second\")")
	if second.Stdout() != "second\n" {
		t.Fatalf("second cell's stdout %q: late output leaked in", second.Stdout())
	}
	if first.Stdout() != "late\n" {
		t.Fatalf("first cell's stdout %q, want the late line", first.Stdout())
	}
}

func TestOutputStreamsWhileTheCellRuns(t *testing.T) {
	e := newEngine(t)
	out := &recorder{}
	done := make(chan struct{})
	// The cell cannot end before it is interrupted, so output seen before
	// that was streamed while it ran.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		e.Execute(ctx, "fmt.Println(\"first\")\nfor {\n}", out)
		close(done)
	}()
	deadline := time.After(5 * time.Second)
	for out.Stdout() != "first\n" {
		select {
		case <-done:
			t.Fatal("output arrived only after the cell finished")
		case <-deadline:
			t.Fatal("no output")
		case <-time.After(time.Millisecond):
		}
	}
	cancel()
	<-done
}

func TestGenericSlicesHelpersWork(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "xs := []float64{3, 1, 2}\nslices.Sort(xs)")
	res, _ := mustRun(t, e, "fmt.Sprint(xs, slices.Max(xs), slices.Min(xs))")
	if got := text(res); got != `"[1 2 3] 3 1"` {
		t.Fatalf("sorted = %s, want \"[1 2 3] 3 1\"", got)
	}
}
