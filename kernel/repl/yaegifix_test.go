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

// yaegi reports an undefined name on the right of a top-level := as a
// "constant definition loop" (canary UndefinedNameAsDefinitionLoop).
func TestUndefinedNameInTopLevelDefineReadsAsGo(t *testing.T) {
	e := newEngine(t)
	res, _ := run(t, e, "a := 1\nz := nosuch + a")
	if res.Error == nil || res.Error.Value != "line 2:6: undefined: nosuch" {
		t.Fatalf("want Go's undefined name at 2:6, got %+v", res.Error)
	}
}
