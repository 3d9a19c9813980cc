package stdlib_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specstress/specstress/stdlib"
	"github.com/specstress/specstress/stdlib/internal/gen"
)

func TestStdTablesMatchToolchain(t *testing.T) {
	if stdlib.StdToolchain != gen.GoMinor() {
		t.Fatalf("the standard library tables are for %s, the toolchain is %s: run go generate ./stdlib",
			stdlib.StdToolchain, gen.GoMinor())
	}
}

// TestGeneratedInputsUnchanged compares the fingerprint of the generator's
// inputs (go version, generator source, go.mod/go.sum, the project's
// exported API with its doc comments) with the one recorded when the tables
// were generated: a second, where regenerating takes a minute. CI also
// regenerates in full (TestGeneratedFilesAreFresh).
func TestGeneratedInputsUnchanged(t *testing.T) {
	want, err := os.ReadFile(gen.FingerprintFile)
	if err != nil {
		t.Fatalf("%v: run go generate ./stdlib", err)
	}
	got, err := gen.Fingerprint("..")
	if err != nil {
		t.Fatal(err)
	}
	if got != strings.TrimSpace(string(want)) {
		t.Errorf("the generator's inputs changed since the tables were generated (fingerprint %s, recorded %s): run go generate ./stdlib",
			got, strings.TrimSpace(string(want)))
	}
}

// TestGeneratedFilesAreFresh regenerates into a temporary directory and
// compares: the third-party tables, every doc index, the preload list and
// the project's tables. It takes a minute, so it runs under CI
// (SPECSTRESS_CI=1) only; TestGeneratedInputsUnchanged is the quick check.
// The standard library's tables take minutes and follow the toolchain,
// which TestStdTablesMatchToolchain checks.
func TestGeneratedFilesAreFresh(t *testing.T) {
	if os.Getenv("SPECSTRESS_CI") != "1" {
		t.Skip("full regeneration runs under SPECSTRESS_CI=1; TestGeneratedInputsUnchanged compares the inputs")
	}
	if testing.Short() {
		t.Skip("regeneration takes a minute; skipped with -short")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	tmp := t.TempDir()
	docsOnly := "std"
	cmd := exec.Command("go", "run", "./internal/gen/cmd", "-groups", "std,ext,proj", "-docs-only", docsOnly,
		"-out", tmp, "-docs", filepath.Join(tmp, "docs"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("generator: %v\n%s", err, stderr.String())
	}
	skipped := map[string]bool{}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if _, rest, ok := strings.Cut(line, "warning: skipping "); ok {
			p, _, _ := strings.Cut(rest, ":")
			skipped[gen.FileBase(p, "github.com/specstress/specstress")] = true
		}
	}

	for _, pre := range []string{"ext_", "proj_"} {
		compareSets(t, ".", tmp, pre, ".go", skipped, readFile)
	}
	compareSets(t, "docs", filepath.Join(tmp, "docs"), "", ".json.gz", skipped, readGzip)
	// The preload list depends on which project tables exist.
	if a, b := readFile(t, "preloads_gen.go"), readFile(t, filepath.Join(tmp, "preloads_gen.go")); a != b {
		t.Errorf("preloads_gen.go is stale: run go generate ./stdlib")
	}
	if a, b := readFile(t, gen.FingerprintFile), readFile(t, filepath.Join(tmp, gen.FingerprintFile)); a != b {
		t.Errorf("%s is stale: run go generate ./stdlib", gen.FingerprintFile)
	}
}

// compareSets checks that the files named prefix*ext in have and want are
// the same set with the same contents; names whose base is in skipped (a
// project package that does not compile now) are ignored.
func compareSets(t *testing.T, have, want, prefix, ext string, skipped map[string]bool, read func(testing.TB, string) string) {
	t.Helper()
	list := func(dir string) map[string]bool {
		m := map[string]bool{}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			n := e.Name()
			if strings.HasPrefix(n, prefix) && strings.HasSuffix(n, ext) && !strings.HasSuffix(n, "_test.go") && !skipped[strings.TrimSuffix(n, ext)] {
				m[n] = true
			}
		}
		return m
	}
	h, w := list(have), list(want)
	for n := range w {
		if !h[n] {
			t.Errorf("%s is missing: run go generate ./stdlib", filepath.Join(have, n))
			continue
		}
		if read(t, filepath.Join(have, n)) != read(t, filepath.Join(want, n)) {
			t.Errorf("%s is stale: run go generate ./stdlib", filepath.Join(have, n))
		}
	}
	for n := range h {
		if !w[n] {
			t.Errorf("%s is no longer generated: run go generate ./stdlib", filepath.Join(have, n))
		}
	}
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func readGzip(t testing.TB, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return string(data)
}
