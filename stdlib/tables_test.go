package stdlib

import (
	"slices"
	"testing"
)

// builtAtInit counts the tables built by the time the package's and the
// test's init functions have run: test variables are initialised after
// the package's init.
var builtAtInit = countBuilt()

func countBuilt() int {
	n := 0
	for _, t := range tables {
		if t.syms != nil {
			n++
		}
	}
	return n
}

// Start-up registers constructors; no table is built until asked for.
func TestNoTableIsBuiltAtInit(t *testing.T) {
	if len(tables) < 150 {
		t.Fatalf("%d tables registered, want the ~190 generated ones", len(tables))
	}
	if builtAtInit != 0 {
		t.Errorf("%d tables built during init, want none", builtAtInit)
	}
}

// A table is built once and then shared.
func TestTableIsBuiltOnceOnDemand(t *testing.T) {
	a := Table("text/tabwriter")
	if a["NewWriter"].Kind() == 0 {
		t.Fatalf("text/tabwriter table lacks NewWriter: %v", a)
	}
	a["_probe"] = a["NewWriter"]
	defer delete(a, "_probe")
	if _, ok := Table("text/tabwriter")["_probe"]; !ok {
		t.Error("the second Table call built a new map")
	}
	if Table("no/such/package") != nil {
		t.Error("a table for an unknown package")
	}
	if key, ok := Key("math/rand/v2"); !ok || key != "math/rand/v2/rand" {
		t.Errorf("Key(math/rand/v2) = %q, %v", key, ok)
	}
}

// Needs adds the packages whose interface wrappers an import can reach:
// through the API (fmt.Fprintf takes an io.Writer; plots returns
// *plot.Plot, whose Add takes a plot.Plotter) and
// through MapTypes (json.Marshal wraps encoding.TextMarshaler).
func TestNeedsAddsWrapperPackages(t *testing.T) {
	for pkg, want := range map[string][]string{
		"fmt":             {"fmt", "io"},
		"encoding/json":   {"encoding/json", "encoding"},
		module + "/plots": {module + "/plots", "gonum.org/v1/plot", "gonum.org/v1/plot/vg/draw"},
	} {
		got := Needs(pkg)
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("Needs(%s) = %v, lacks %s", pkg, got, w)
			}
		}
		if !slices.IsSorted(got) {
			t.Errorf("Needs(%s) not sorted: %v", pkg, got)
		}
	}
	if got := Needs("no/such/package"); len(got) != 0 {
		t.Errorf("Needs of an unknown package: %v", got)
	}
}

func TestFuncPackage(t *testing.T) {
	for name, want := range map[string]string{
		"encoding/json.Marshal":                       "encoding/json",
		"log.(*Logger).Print":                         "log",
		"fmt.Println":                                 "fmt",
		"github.com/a/b.v2/c.F.func1":                 "github.com/a/b.v2/c",
		"gonum.org/v1/plot/plotter.(*Line).DataRange": "gonum.org/v1/plot/plotter",
	} {
		if got := funcPackage(name); got != want {
			t.Errorf("funcPackage(%q) = %q, want %q", name, got, want)
		}
	}
}
