package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runFile runs `specstress run` on a script written to a temporary file.
func runFile(t *testing.T, script string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "script.go")
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code = dispatch(append([]string{"run", path}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestRunProgramWithArgs(t *testing.T) {
	code, out, errs := runFile(t, "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\tfmt.Println(os.Args[1:])\n}\n", "x", "y")
	if code != 0 || out != "[x y]\n" {
		t.Fatalf("code %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestRunScriptWithoutMain(t *testing.T) {
	code, out, errs := runFile(t, "xs := []float64{1, 2, 3}\nfmt.Println(stat.Mean(xs, nil))\n")
	if code != 0 || out != "2\n" {
		t.Fatalf("code %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestRunErrorExitsOneWithLine(t *testing.T) {
	code, _, errs := runFile(t, "a := 1\n_ = a\nb := undefinedName\n")
	if code != 1 || !strings.Contains(errs, "line 3") {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
	code, _, errs = runFile(t, "panic(\"bad data\")\n")
	if code != 1 || !strings.Contains(errs, "bad data") {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
}

func TestRunOsExitCode(t *testing.T) {
	code, out, _ := runFile(t, "fmt.Println(\"before\")\nos.Exit(7)\n")
	if code != 7 || out != "before\n" {
		t.Fatalf("code %d, stdout %q", code, out)
	}
}

func TestRunMissingFile(t *testing.T) {
	var out, errb bytes.Buffer
	if code := dispatch([]string{"run", filepath.Join(t.TempDir(), "none.go")}, &out, &errb); code != 1 {
		t.Fatalf("code %d", code)
	}
	if code := dispatch([]string{"run"}, &out, &errb); code != 2 {
		t.Fatalf("no file: code %d", code)
	}
}

// A script reaches a preloaded package only by naming it, so `run` imports
// the preloads whose names occur as identifiers and no others; names in
// comments and strings do not count.
func TestMentionsCountsIdentifiersOnly(t *testing.T) {
	src := []byte("// uses plot\nx := mat.NewDense(1, 1, nil)\nfmt.Println(\"dataframe\", x, `series`)\nfunc f() { _ = floats.Sum }\n")
	m := mentions(src)
	for name, want := range map[string]bool{"mat": true, "fmt": true, "floats": true, "x": true,
		"plot": false, "dataframe": false, "series": false, "stat": false} {
		if got := m(name); got != want {
			t.Errorf("mentions(%q) = %v, want %v", name, got, want)
		}
	}
}

// Preloads named only inside functions, methods and declarations work
// without an import, as before the preloads were filtered; a package named
// only in a string is not needed.
func TestRunUsesPreloadsNamedAnywhere(t *testing.T) {
	script := `type acc struct{ xs []float64 }

func (a acc) mean() float64 { return stat.Mean(a.xs, nil) }

func sum(xs []float64) float64 { return floats.Sum(xs) }

a := acc{[]float64{1, 2, 6}}
fmt.Println(a.mean(), sum(a.xs), strings.ToUpper("plot"))
`
	code, out, errs := runFile(t, script)
	if code != 0 || out != "3 9 PLOT\n" {
		t.Fatalf("code %d, stdout %q, stderr %q", code, out, errs)
	}
}
