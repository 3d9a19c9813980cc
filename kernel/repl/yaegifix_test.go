package repl

import (
	"strings"
	"testing"
)

// Engine tests for yaegifix workarounds no other test covers; the index in
// internal/yaegifix/doc.go names the engine test of every workaround.

// yaegi reports slice bounds out of range with reflect's text
// (canary ReflectSlicePanic); the cell reads Go's runtime error.
func TestSliceBoundsPanicReadsAsGo(t *testing.T) {
	e := newEngine(t)
	res, _ := run(t, e, "xs := []int{1}\nn := 5\nys := xs[1:n]\n_ = ys")
	if res.Error == nil || !strings.HasPrefix(res.Error.Value, "runtime error: slice bounds out of range") ||
		strings.Contains(res.Error.Value+strings.Join(res.Error.Traceback, "\n"), "reflect") {
		t.Fatalf("want Go's slice bounds error, got %+v", res.Error)
	}
}

// withoutTypeChecker runs f with the engine's type checker off, as for a
// cell the checker cannot judge: yaegi's own messages then reach the user,
// and the engine's translations of them matter.
func withoutTypeChecker(f func()) {
	typeCheckCells = false
	defer func() { typeCheckCells = true }()
	f()
}

// yaegi reports an undefined name on the right of a top-level := as a
// "constant definition loop" (canary UndefinedNameAsDefinitionLoop).
func TestUndefinedNameInTopLevelDefineReadsAsGo(t *testing.T) {
	withoutTypeChecker(func() {
		e := newEngine(t)
		res, _ := run(t, e, "a := 1\nz := nosuch + a")
		// Go's message, at the statement's position (Go's names 2:6).
		if res.Error == nil || res.Error.Value != "line 2:1: undefined: nosuch" {
			t.Fatalf("want Go's undefined name at line 2, got %+v", res.Error)
		}
	})
}

// yaegi cannot compile a session variable defined by a call of a session
// generic function, written with its type arguments or inferring them
// (canaries DefineFromInstantiatedCall, DefineFromGenericCall).
func TestSessionVariableFromGenericCall(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "func Map[T, U any](xs []T, f func(T) U) []U {\n\tvar out []U\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}\n"+
		"func Id[T any](x T) T { return x }\nfunc Pair[A, B any](a A, b B) (A, B) { return a, b }")
	for _, c := range [][2]string{
		{"ys := Map[int, string]([]int{1, 2}, strconv.Itoa)\nfmt.Println(ys, len(ys))", "[1 2] 2\n"},
		{"var vs = Map[int, string]([]int{3}, strconv.Itoa)\nfmt.Println(vs)", "[3]\n"},
		{"z := Id(3)\nw := Id[float64](2.5)\nfmt.Println(z+1, w)", "4 2.5\n"},
		{"a, b := Pair[int, string](1, \"x\")\nc, d := Pair(2.5, true)\nfmt.Println(a, b, c, d)", "1 x 2.5 true\n"},
		{"func twice(n int) int { m := Id(n); return 2 * m }\nfmt.Println(twice(4), Id(\"s\"))", "8 s\n"},
		{"func k() int { f := Id[int]; return f(1) }\nfmt.Println(k())", "1\n"},
	} {
		_, out := mustRun(t, e, c[0])
		if got := out.Stdout(); got != c[1] {
			t.Errorf("%q printed %q, want %q", c[0], got, c[1])
		}
	}
	// The variables are session state of their declared types.
	res, _ := mustRun(t, e, "fmt.Sprintf(\"%T %T %T\", ys, z, w)")
	if got := text(res); got != `"[]string int float64"` {
		t.Errorf("types = %s", got)
	}
}

// After a failed top-level := naming an undefined x, yaegi reports a later
// use of x as its compiler's "incomplete type x" panic (canary
// IncompleteTypeAfterFailedDefine).
func TestUndefinedNameAfterAFailedDefineReadsAsGo(t *testing.T) {
	withoutTypeChecker(func() {
		e := newEngine(t)
		run(t, e, "y := x + 1")
		res, _ := run(t, e, "fmt.Println(x)")
		// Go's message, at the statement's position (Go's names 1:13).
		if res.Error == nil || res.Error.Name != "CompileError" || res.Error.Value != "line 1:1: undefined: x" {
			t.Fatalf("want Go's undefined name at line 1, got %+v", res.Error)
		}
	})
}

// yaegi cannot infer the type argument of a variadic generic function
// (canary InferVariadicTypeParam); the engine writes it out.
func TestVariadicGenericCallInfersItsTypeArgument(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "func Sum[T int | float64](xs ...T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}")
	_, out := mustRun(t, e, "t := Sum(1, 2, 3)\nfunc half() float64 { return Sum(0.5, 0.25) }\nfmt.Println(t, Sum([]float64{1.5, 2}...), half(), Sum[int]())")
	if got, want := out.Stdout(), "6 3.5 0.75 0\n"; got != want {
		t.Fatalf("stdout %q, want %q", got, want)
	}
}
