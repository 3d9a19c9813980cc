package testenv

import (
	"strings"
	"testing"
)

// The check names what is missing, and finds what is there without
// importing it.
func TestCheckNamesMissingModules(t *testing.T) {
	Python(t, "json") // skips without Debian's Python
	if err := check([]string{"json", "os"}); err != nil {
		t.Fatalf("standard modules reported missing: %v", err)
	}
	err := check([]string{"json", "specstress_no_such_module"})
	if err == nil || !strings.Contains(err.Error(), "missing Python modules: specstress_no_such_module") {
		t.Fatalf("error %v, want it to name the missing module", err)
	}
}
