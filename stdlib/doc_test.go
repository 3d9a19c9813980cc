package stdlib_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/specstress/specstress/stdlib"
)

func TestDocFuncs(t *testing.T) {
	for _, c := range []struct{ path, name, sig, doc string }{
		{"gonum.org/v1/gonum/stat", "Mean", "func Mean(x, weights []float64) float64", "weighted mean"},
		{"strings", "Builder.WriteString", "func (b *Builder) WriteString(s string) (int, error)", "appends the contents"},
		{"gonum.org/v1/plot/plotter", "NewBarChart", "func NewBarChart(", "bar chart"},
		{"gonum.org/v1/plot/plotter", "XYer", "type XYer interface", "XYer wraps"},
		{"gonum.org/v1/plot/plotter", "XYer.XY", "func (XYer) XY(int) (x, y float64)", "XY returns"},
		{"math", "Pi", "Pi", "Mathematical constants"},
		{"fmt", "", "package fmt", "formatted I/O"},
		{"github.com/specstress/specstress/kernel/display", "Render", "func Render(v any) Bundle", "rich representation"},
	} {
		e, ok := stdlib.Doc(c.path, c.name)
		if !ok {
			t.Errorf("Doc(%q, %q): not found", c.path, c.name)
			continue
		}
		if !strings.Contains(e.Signature, c.sig) {
			t.Errorf("Doc(%q, %q).Signature = %q, want it to contain %q", c.path, c.name, e.Signature, c.sig)
		}
		if !strings.Contains(e.Doc, c.doc) {
			t.Errorf("Doc(%q, %q).Doc = %q, want it to contain %q", c.path, c.name, e.Doc, c.doc)
		}
	}
}

func TestDocMissing(t *testing.T) {
	if _, ok := stdlib.Doc("fmt", "NoSuchThing"); ok {
		t.Error("Doc found a member that does not exist")
	}
	if _, ok := stdlib.Doc("no/such/package", "X"); ok {
		t.Error("Doc found a package that does not exist")
	}
	if _, ok := stdlib.Doc("fmt", "newPrinter"); ok {
		t.Error("Doc indexes unexported names")
	}
}

func TestMembers(t *testing.T) {
	m := stdlib.Members("gonum.org/v1/plot/plotter")
	if !slices.IsSorted(m) {
		t.Error("Members not sorted")
	}
	for _, want := range []string{"NewBarChart", "NewScatter", "XYer", "Values"} {
		if !slices.Contains(m, want) {
			t.Errorf("Members(plotter) lacks %s", want)
		}
	}
	for _, n := range m {
		if strings.HasPrefix(n, "_") {
			t.Errorf("Members lists the interface wrapper %s", n)
		}
	}
	if got := stdlib.Members("math/rand/v2"); !slices.Contains(got, "IntN") {
		t.Errorf("Members(math/rand/v2) lacks IntN: %v", got)
	}
	if stdlib.Members("no/such/package") != nil {
		t.Error("Members of an unknown package is not nil")
	}
	if got := stdlib.PackageName("math/rand/v2"); got != "rand" {
		t.Errorf("PackageName(math/rand/v2) = %q, want rand", got)
	}
}

// The tables follow the toolchain: packages added after yaegi's own tables
// (Go 1.22) are present, and those yaegi cannot use are not.
func TestStandardLibraryCoverage(t *testing.T) {
	for _, p := range []string{"fmt", "net/http", "crypto/sha3", "crypto/hkdf", "unique", "iter", "structs", "go/version", "log/slog"} {
		if stdlib.PackageName(p) == "" {
			t.Errorf("no table for %s", p)
		}
	}
	for _, p := range []string{"unsafe", "syscall", "os/exec", "runtime/cgo", "internal/abi", "embed"} {
		if stdlib.PackageName(p) != "" {
			t.Errorf("%s has a table; yaegi must not import it", p)
		}
	}
	if _, ok := stdlib.Table("os")["Exit"]; !ok {
		t.Fatal("os.Exit missing")
	}
}

func TestPreloadsHaveTables(t *testing.T) {
	names := map[string]bool{}
	for _, p := range stdlib.Preloads {
		if names[p.Name] {
			t.Errorf("preload name %s used twice", p.Name)
		}
		names[p.Name] = true
		if stdlib.PackageName(p.Path) == "" {
			t.Errorf("preload %s %q has no symbol table", p.Name, p.Path)
		}
	}
	for _, want := range []string{"fmt", "strings", "dataframe", "stat", "plot", "plotter", "display"} {
		if !names[want] {
			t.Errorf("%s is not preloaded", want)
		}
	}
}
