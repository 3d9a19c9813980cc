package gen

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// A project table that does not compile is removed, with its doc index,
// and the rest of the package then builds.
func TestVerifyBuildRemovesBrokenProjectTables(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "stdlib")
	write := func(name, src string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "go.mod"), "module example.com/m\n\ngo 1.22\n")
	write(filepath.Join(dir, "stdlib.go"), "package stdlib\n\ntype Import struct{ Name, Path string }\n")
	write(filepath.Join(dir, "proj_good.go"), "package stdlib\n\nvar Good = 1\n")
	write(filepath.Join(dir, "proj_pipeline_bad.go"), "package stdlib\n\nvar Bad int = \"not an int\"\n")
	write(filepath.Join(dir, "docs", "proj_pipeline_bad.json.gz"), "x")
	if err := VerifyBuild(dir, "example.com/m", io.Discard); err != nil {
		t.Fatalf("VerifyBuild: %v", err)
	}
	for _, gone := range []string{"proj_pipeline_bad.go", "docs/proj_pipeline_bad.json.gz"} {
		if _, err := os.Stat(filepath.Join(dir, gone)); !os.IsNotExist(err) {
			t.Errorf("%s was not removed", gone)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "proj_good.go")); err != nil {
		t.Errorf("a good table was removed: %v", err)
	}
}

// A failure that no project table explains is reported, not papered over.
func TestVerifyBuildReportsOtherFailures(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "stdlib")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/m\n\ngo 1.22\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "stdlib.go"), []byte("package stdlib\n\nvar x int = \"s\"\n"), 0o644)
	if err := VerifyBuild(dir, "example.com/m", io.Discard); err == nil {
		t.Fatal("VerifyBuild accepted a package that does not build")
	}
}

func TestFileBase(t *testing.T) {
	const mod = "github.com/specstress/specstress"
	for path, want := range map[string]string{
		"net/http":                       "std_net_http",
		"math/rand/v2":                   "std_math_rand_v2",
		"gonum.org/v1/plot/vg/draw":      "ext_gonum_org_v1_plot_vg_draw",
		mod + "/pipeline/dataset":        "proj_pipeline_dataset",
		"github.com/go-gota/gota/series": "ext_github_com_go_gota_gota_series",
	} {
		if got := FileBase(path, mod); got != want {
			t.Errorf("FileBase(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestKeepStd(t *testing.T) {
	for path, want := range map[string]bool{
		"fmt": true, "crypto/sha3": true, "iter": true,
		"unsafe": false, "syscall": false, "os/exec": false, "internal/abi": false,
		"crypto/internal/fips140": false, "vendor/golang.org/x/net/dns/dnsmessage": false,
	} {
		if keepStd(path) != want {
			t.Errorf("keepStd(%q) = %v, want %v", path, !want, want)
		}
	}
}
