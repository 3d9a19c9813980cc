package gen

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A generation run over the project's packages writes a table (with
// interface wrappers) and a doc index for each package that compiles, skips
// the ones that are broken or missing, and prunes their old files.
func TestRunSkipsBrokenProjectPackages(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks from source")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	root := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/m\n\ngo 1.22\n")
	write("pipeline/p.go", `// Package pipeline is a test package.
package pipeline

// Thing does.
type Thing interface{ Do() int }

// New makes one.
func New() int { return 1 }
`)
	write("plots/p.go", "package plots\n\nvar X int = \"broken\"\n")
	out := filepath.Join(root, "out")
	write("out/proj_plots.go", "package stdlib\n")
	write("out/docs/proj_plots.json.gz", "old")
	t.Chdir(root)

	rep, err := Run(Config{ModuleRoot: root, Module: "example.com/m", OutDir: out,
		DocDir: filepath.Join(out, "docs"), Groups: Proj, Prune: true})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(rep.Generated) != 1 || rep.Generated[0] != "example.com/m/pipeline" {
		t.Errorf("generated %v, want only example.com/m/pipeline", rep.Generated)
	}
	if _, ok := rep.Skipped["example.com/m/plots"]; !ok {
		t.Errorf("the broken package was not skipped: %v", rep.Skipped)
	}
	if len(rep.Skipped) != len(Project)-1 {
		t.Errorf("%d skipped, want every other project package (missing here)", len(rep.Skipped))
	}
	table, err := os.ReadFile(filepath.Join(out, "proj_pipeline.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`register("example.com/m/pipeline/pipeline", func() map[string]reflect.Value {`, `"New":`, `_example_com_m_pipeline_Thing`} {
		if !strings.Contains(string(table), want) {
			t.Errorf("table lacks %s", want)
		}
	}
	idx, err := BuildDocIndex("example.com/m/pipeline", filepath.Join(root, "pipeline"), []string{"p.go"})
	if err != nil {
		t.Fatal(err)
	}
	if e := idx.Entries["Thing.Do"]; e.Signature != "func (Thing) Do() int" {
		t.Errorf("interface method entry %+v", e)
	}
	if e := idx.Entries["New"]; e.Doc != "New makes one.\n" {
		t.Errorf("func entry %+v", e)
	}
	for _, gone := range []string{"proj_plots.go", "docs/proj_plots.json.gz"} {
		if _, err := os.Stat(filepath.Join(out, gone)); !os.IsNotExist(err) {
			t.Errorf("stale %s not pruned", gone)
		}
	}
}
