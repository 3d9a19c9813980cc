package repl

import (
	"strings"
	"testing"
)

// yaegi v0.16.1 bugs of top-level statements the engine works around
// (toplevel.go).

// Indexing a variable whose type came from a compiled function, in a
// top-level :=, fails in yaegi with "constant definition loop".
func TestTopLevelDefineOfAnIndexedCompiledValue(t *testing.T) {
	e := newEngine(t)
	_, out := mustRun(t, e, `subs := pipeline.Subsets()
x := subs[1]
fmt.Println(x.Name == pipeline.Subsets()[1].Name)
m := pipeline.Subsets()[1]
fmt.Printf("%T %T\n", x, m)`)
	if got := out.Stdout(); got != "true\npipeline.ModelSet pipeline.ModelSet\n" {
		t.Fatalf("stdout = %q", got)
	}
	// Several names, side effects once, the statements around in order.
	_, out = mustRun(t, e, `calls := 0
words := func() []string { calls++; return strings.Fields("a b c") }
fmt.Println("before")
a, b := words()[1], strings.Fields("1 2")[0]
fmt.Println(a, b, calls)
n, err := strconv.Atoi(strings.Fields("1 22")[1])
fmt.Println(n, err)`)
	if got := out.Stdout(); got != "before\nb 1 1\n22 <nil>\n" {
		t.Fatalf("stdout = %q", got)
	}
	// var without a type, alone or among declarations.
	_, out = mustRun(t, e, `s := strings.Fields("a b")
func one() int { return 1 }
var v = s[1]
const k = 3
fmt.Println(v, one(), k)`)
	if got := out.Stdout(); got != "b 1 3\n" {
		t.Fatalf("stdout = %q", got)
	}
	// The variables live on in later cells.
	res, _ := mustRun(t, e, "a + v")
	if got := text(res); got != `"bb"` && got != "bb" {
		t.Fatalf("a + v = %q", got)
	}
	// A panic in the right-hand side keeps its cell line.
	res, _ = run(t, e, "fmt.Print()\n\ny := s[5]")
	if res.Error == nil || !strings.Contains(strings.Join(res.Error.Traceback, "\n"), "3 | y := s[5]") {
		t.Fatalf("error %+v, want a panic at line 3", res.Error)
	}
}

// A type the session cannot name gets a clear hint instead.
func TestTopLevelDefineOfAnUnnamableTypeHints(t *testing.T) {
	e := newEngine(t)
	res, _ := run(t, e, "es, _ := os.ReadDir(\".\")\n\nd := es[0]\n_ = d")
	if res.Error == nil || !strings.HasPrefix(res.Error.Value, "line 3:") ||
		!strings.Contains(res.Error.Value, "cannot infer the type of d here; declare it with its type: var d fs.DirEntry") {
		t.Fatalf("error %+v, want the hint at line 3", res.Error)
	}
}

// A multi-value := inside a top-level block fails in yaegi with "undefined".
func TestTopLevelBlockWithMultiValueDefine(t *testing.T) {
	e := newEngine(t)
	_, out := mustRun(t, e, `total := 0
for i := 0; i < 2; i++ {
	r, err := strconv.Atoi("4")
	fmt.Println(r, err, i)
	total += r
}
if true {
	a, b := strconv.Atoi("7")
	fmt.Println(a, b)
}
fmt.Println(total)`)
	if got := out.Stdout(); got != "4 <nil> 0\n4 <nil> 1\n7 <nil>\n8\n" {
		t.Fatalf("stdout = %q", got)
	}
	// A real error inside such a block is reported at its line.
	res, _ := run(t, e, "fmt.Print()\nfor i := 0; i < 1; i++ {\n\tr, err := strconv.Atoi(\"x\")\n\tfmt.Println(r, err, i, notDefined)\n}")
	if res.Error == nil || !strings.HasPrefix(res.Error.Value, "line 4:") || !strings.Contains(res.Error.Value, "undefined: notDefined") {
		t.Fatalf("error %+v, want undefined: notDefined at line 4", res.Error)
	}
}
