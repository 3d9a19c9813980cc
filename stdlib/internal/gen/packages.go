package gen

import (
	"strings"
)

// ThirdParty lists the non-standard packages a notebook uses, beyond the
// project's own.
var ThirdParty = []string{
	"github.com/go-gota/gota/dataframe",
	"github.com/go-gota/gota/series",
	"gonum.org/v1/gonum/floats",
	"gonum.org/v1/gonum/mat",
	"gonum.org/v1/gonum/stat",
	"gonum.org/v1/gonum/stat/distuv",
	"gonum.org/v1/plot",
	"gonum.org/v1/plot/palette",
	"gonum.org/v1/plot/plotter",
	"gonum.org/v1/plot/plotutil",
	"gonum.org/v1/plot/vg",
	"gonum.org/v1/plot/vg/draw",
	"gonum.org/v1/plot/vg/vgimg",
	"gonum.org/v1/plot/vg/vgsvg",
}

// Project lists the project's packages a notebook uses, relative to the
// module path. They are written by other people at the same time as this
// generator runs, so each may be missing or broken: it is then skipped with
// a warning.
var Project = []string{
	"pipeline",
	"pipeline/analysis",
	"pipeline/dataset",
	"pipeline/embed",
	"pipeline/llm",
	"pipeline/simulate",
	"pipeline/spec",
	"pipeline/stages",
	"pipeline/taxonomy",
	"plots",
	"kernel/display",
}

// stdExcluded are standard packages left out, as yaegi's own stdlib does:
// packages yaegi cannot use or that break the interpreter's sandbox
// (unsafe, syscall, os/exec, plugin, cgo and sanitizer hooks, embed whose
// directives need the compiler), and test-only helpers.
var stdExcluded = map[string]bool{
	"unsafe":                 true,
	"syscall":                true,
	"os/exec":                true,
	"plugin":                 true,
	"embed":                  true,
	"runtime/cgo":            true,
	"runtime/race":           true,
	"runtime/msan":           true,
	"runtime/asan":           true,
	"runtime/coverage":       true,
	"time/tzdata":            true,
	"testing/cryptotest":     true,
	"crypto/mlkem/mlkemtest": true,
}

// keepStd reports whether the standard package path gets a symbol table.
func keepStd(path string) bool {
	if stdExcluded[path] {
		return false
	}
	for _, part := range strings.Split(path, "/") {
		if part == "internal" || part == "vendor" {
			return false
		}
	}
	return !strings.HasPrefix(path, "cmd/")
}

// FileBase returns the base file name (without extension) of a package's
// generated table and doc index: std_ for the standard library, proj_ for
// the project's packages and ext_ for the rest.
func FileBase(path, module string) string {
	r := strings.NewReplacer("/", "_", ".", "_", "-", "_", "~", "_")
	switch {
	case strings.HasPrefix(path, module+"/"):
		return "proj_" + r.Replace(strings.TrimPrefix(path, module+"/"))
	case !strings.Contains(strings.Split(path, "/")[0], "."):
		return "std_" + r.Replace(path)
	}
	return "ext_" + r.Replace(path)
}
