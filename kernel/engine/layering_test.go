package engine_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/specstress/specstress"

// goList runs the go tool's list command with args and returns the fields
// of each output line. Without a go tool the test skips, except in CI, where the layering
// must be checked.
func goList(t *testing.T, args ...string) [][]string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("SPECSTRESS_CI") != "" {
			t.Fatalf("the layering check needs the go tool: %v", err)
		}
		t.Skipf("no go tool on PATH (%v): the package layering is not checked", err)
	}
	cmd := exec.Command(goTool, append([]string{"list"}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	var lines [][]string
	for _, l := range strings.Split(string(out), "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			lines = append(lines, f)
		}
	}
	return lines
}

// The contract between the protocol server and the engines imports nothing
// but the standard library, so that any engine or runner can use it.
func TestContractPackageUsesOnlyTheStandardLibrary(t *testing.T) {
	self := module + "/kernel/engine"
	nonStd := goList(t, "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", self)
	if len(nonStd) == 0 {
		t.Fatalf("go list -deps %s listed nothing, not even the package itself", self)
	}
	for _, l := range nonStd {
		if p := l[0]; p != self {
			t.Errorf("%s depends on %s, which is not in the standard library", self, p)
		}
	}
}

// Engines and the runners that drive them without the Jupyter protocol
// must not link the protocol server, nor ZeroMQ through it: xeus' boundary,
// where the server knows nothing of the language and the language nothing
// of the wire.
func TestEnginesDoNotLinkTheProtocolServer(t *testing.T) {
	pkgs := []string{
		module + "/kernel/engine",
		module + "/kernel/repl",
		module + "/kernel/notebook",
		module + "/kernel/supervise",
		module + "/kernel/display",
	}
	// One line per package: its path, then every package it depends on.
	deps := map[string][]string{}
	for _, l := range goList(t, append([]string{"-f", "{{.ImportPath}}{{range .Deps}} {{.}}{{end}}"}, pkgs...)...) {
		deps[l[0]] = l[1:]
	}
	for _, p := range pkgs {
		ds, ok := deps[p]
		if !ok {
			t.Errorf("go list gave no dependencies for %s", p)
			continue
		}
		for _, d := range ds {
			if strings.HasPrefix(d, "github.com/go-zeromq/") || d == module+"/kernel" {
				t.Errorf("%s links %s", p, d)
			}
		}
	}
}
