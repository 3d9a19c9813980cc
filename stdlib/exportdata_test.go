package stdlib_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/specstress/specstress/stdlib"
	"github.com/specstress/specstress/stdlib/internal/gen"
)

// TestExportDataCoversTheTables checks that every package with a symbol
// table has type information and no other package has: the type checker
// judges exactly what the interpreter can import.
func TestExportDataCoversTheTables(t *testing.T) {
	tables := map[string]bool{}
	for _, p := range stdlib.Paths() {
		tables[p] = true
	}
	have := map[string]bool{}
	for _, p := range stdlib.ExportDataPaths() {
		have[p] = true
		if !tables[p] {
			t.Errorf("%s has type information but no symbol table: run go generate ./stdlib", p)
		}
	}
	for p := range tables {
		if !have[p] {
			t.Errorf("%s has a symbol table but no type information: run go generate ./stdlib", p)
		}
	}
	if _, ok, err := stdlib.ExportData("fmt"); !ok || err != nil {
		t.Errorf("ExportData(fmt): ok %v, err %v", ok, err)
	}
	if _, ok, _ := stdlib.ExportData("os/exec"); ok {
		t.Error("os/exec has type information")
	}
}

// TestExportDataIsFresh re-derives the type information from the
// compiler's export data (cached by the build of this test) and compares
// it with the committed archive: the standard library and third-party
// packages always, the project's packages under CI (SPECSTRESS_CI=1), as
// TestGeneratedFilesAreFresh does for the tables.
func TestExportDataIsFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list -export; skipped with -short")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	ci := os.Getenv("SPECSTRESS_CI") == "1"
	committed, err := os.ReadFile(gen.ExportDataFile)
	if err != nil {
		t.Fatal(err)
	}
	have, err := gen.DecodeExportData(committed)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for p := range have {
		if ci || !strings.HasPrefix(p, "github.com/specstress/specstress/") {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	want, err := gen.ExportData(root, paths)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if !bytes.Equal(have[p], want[p]) {
			t.Errorf("type information of %s is stale: run go generate ./stdlib", p)
		}
	}
}
