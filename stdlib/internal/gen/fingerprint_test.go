package gen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFingerprintFollowsTheAPI: the fingerprint changes with an exported
// signature, a doc comment, a new exported name, the generator's source and
// go.sum, and not with a function body or an unexported declaration.
func TestFingerprintFollowsTheAPI(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const base = `package pipeline

// Rows counts rows.
func Rows(n int) int {
	// inside
	return n
}

type hidden struct{}

// T is a table.
type T struct {
	// N is the size.
	N int
	m int
}
`
	write("go.mod", "module example.com/m\n")
	write("go.sum", "")
	write("stdlib/internal/gen/gen.go", "package gen\n")
	write("pipeline/p.go", base)
	fp := func() string {
		t.Helper()
		s, err := Fingerprint(root)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	start := fp()
	same := map[string]string{
		"body":              strings.Replace(base, "return n", "return n + 0", 1),
		"comment in a body": strings.Replace(base, "// inside", "// changed", 1),
		"unexported type":   strings.Replace(base, "type hidden struct{}", "type hidden struct{ x int }", 1),
	}
	for what, text := range same {
		write("pipeline/p.go", text)
		if fp() != start {
			t.Errorf("%s changed the fingerprint", what)
		}
	}
	changed := map[string]string{
		"signature":     strings.Replace(base, "func Rows(n int) int", "func Rows(n int64) int", 1),
		"doc comment":   strings.Replace(base, "// Rows counts rows.", "// Rows counts the rows.", 1),
		"field doc":     strings.Replace(base, "// N is the size.", "// N is the length.", 1),
		"exported name": base + "\n// New is new.\nfunc New() {}\n",
	}
	for what, text := range changed {
		write("pipeline/p.go", text)
		if fp() == start {
			t.Errorf("%s left the fingerprint unchanged", what)
		}
	}
	write("pipeline/p.go", base)
	write("stdlib/internal/gen/gen.go", "package gen\n\nvar x = 1\n")
	if fp() == start {
		t.Error("generator source change left the fingerprint unchanged")
	}
	write("stdlib/internal/gen/gen.go", "package gen\n")
	write("go.sum", "example.com/x v1.0.0 h1:abc\n")
	if fp() == start {
		t.Error("go.sum change left the fingerprint unchanged")
	}
}
