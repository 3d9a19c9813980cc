// Package testenv finds the outside tools that cross-check tests run:
// Debian's Python with the modules a test needs. On a developer machine
// without them the test skips; under CI (SPECSTRESS_CI=1) it fails, since
// CI installs them.
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// DebianPython is the interpreter with Debian's numpy, pandas, statsmodels
// and Jupyter packages (python3 on PATH may be another one).
const DebianPython = "/usr/bin/python3"

// findSpec exits 1 naming the modules Python cannot find. It locates them
// without importing them: importing statsmodels takes seconds, and the test
// imports them again anyway (a module that is present but broken fails
// there, with Python's own message).
const findSpec = `import importlib.util, sys
missing = [m for m in sys.argv[1:] if importlib.util.find_spec(m) is None]
if missing:
    print("missing Python modules: " + ", ".join(missing))
    sys.exit(1)
`

var (
	mu      sync.Mutex
	checked = map[string]error{} // module list -> result
)

// Python returns DebianPython if it has every module in modules (top-level
// names, as imported), checking each list once per test binary. Otherwise
// it skips t, or fails it under SPECSTRESS_CI=1.
func Python(t testing.TB, modules ...string) string {
	t.Helper()
	key := strings.Join(modules, ",")
	mu.Lock()
	err, ok := checked[key]
	if !ok {
		err = check(modules)
		checked[key] = err
	}
	mu.Unlock()
	if err == nil {
		return DebianPython
	}
	if os.Getenv("SPECSTRESS_CI") == "1" {
		t.Fatalf("%s with %s is required under CI: %v", DebianPython, key, err)
	}
	t.Skipf("%s with %s not available: %v", DebianPython, key, err)
	return ""
}

func check(modules []string) error {
	if _, err := os.Stat(DebianPython); err != nil {
		return err
	}
	out, err := exec.Command(DebianPython, append([]string{"-c", findSpec}, modules...)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}
