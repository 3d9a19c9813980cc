package stdlib_test

import (
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"

	"github.com/specstress/specstress/kernel/display"
	"github.com/specstress/specstress/stdlib"
)

// newInterp returns an interpreter with every symbol table and the
// preloaded imports, as the kernel's engine sets one up.
func newInterp(t testing.TB) *interp.Interpreter {
	t.Helper()
	// yaegi reports panics and log output on the interpreter's stderr too;
	// the tests check the returned errors.
	i := interp.New(interp.Options{Stdout: io.Discard, Stderr: io.Discard})
	if err := i.Use(stdlib.All()); err != nil {
		t.Fatalf("Use: %v", err)
	}
	for _, src := range stdlib.GenericSources {
		if _, err := i.Compile(src); err != nil {
			t.Fatalf("generic sources: %v", err)
		}
	}
	if _, err := i.Eval(importSource()); err != nil {
		t.Fatalf("preload imports: %v\n%s", err, importSource())
	}
	return i
}

func importSource() string {
	var b strings.Builder
	b.WriteString("import (\n")
	for _, p := range stdlib.Preloads {
		b.WriteString("\t" + p.Name + " \"" + p.Path + "\"\n")
	}
	b.WriteString(")")
	return b.String()
}

func eval(t *testing.T, i *interp.Interpreter, src string) any {
	t.Helper()
	v, err := i.Eval(src)
	if err != nil {
		t.Fatalf("eval %q: %v", src, err)
	}
	if !v.IsValid() {
		return nil
	}
	return v.Interface()
}

func TestPreloadsAreUsable(t *testing.T) {
	i := newInterp(t)
	if got := eval(t, i, `fmt.Sprint(strings.ToUpper("go"), math.Sqrt(16))`); got != "GO4" {
		t.Errorf("fmt/strings/math: got %v", got)
	}
	if got := eval(t, i, `stat.Mean([]float64{1, 2, 3, 6}, nil)`); got != 3.0 {
		t.Errorf("stat.Mean: got %v", got)
	}
	if got := eval(t, i, `dataframe.New(series.New([]int{1, 2, 3}, series.Int, "n")).Nrow()`); got != 3 {
		t.Errorf("dataframe: got %v", got)
	}
}

// An interpreted type satisfies compiled interfaces through the generated
// wrappers: a plotter.XYer feeds a compiled line, and an interpreted
// plot.Plotter is added to a plot both through a variable and directly.
func TestInterpretedTypesSatisfyCompiledInterfaces(t *testing.T) {
	i := newInterp(t)
	eval(t, i, `
type points struct{ xs, ys []float64 }

func (p points) Len() int                    { return len(p.xs) }
func (p points) XY(k int) (float64, float64) { return p.xs[k], p.ys[k] }

type marker struct{ drawn *int }

func (m marker) Plot(c draw.Canvas, p *plot.Plot) { *m.drawn++ }
`)
	eval(t, i, `
pts := points{xs: []float64{0, 1, 2}, ys: []float64{0, 1, 4}}
p := plot.New()
line, err := plotter.NewLine(pts)
if err != nil {
	panic(err)
}
p.Add(line)
drawn := 0
var viaVar plot.Plotter = marker{&drawn}
p.Add(viaVar)
`)
	if got := eval(t, i, `p.X.Max`); got != 2.0 {
		t.Errorf("the interpreted XYer's range is not in the plot: X.Max = %v", got)
	}
	eval(t, i, `p.Add(marker{&drawn})`)
	eval(t, i, `
img := vgimg.New(4*vg.Inch, 3*vg.Inch)
p.Draw(draw.New(img))
`)
	if got := eval(t, i, `drawn`); got != 2 {
		t.Errorf("interpreted plotters drawn %v times, want 2 (variable and direct)", got)
	}
}

// An interpreted plotter that reports its data range and draws a legend
// thumbnail keeps those methods when handed to compiled code.
func TestInterpretedPlotterKeepsOptionalMethods(t *testing.T) {
	i := newInterp(t)
	eval(t, i, `
type box struct{ thumbs *int }

func (b box) Plot(c draw.Canvas, p *plot.Plot)          {}
func (b box) DataRange() (float64, float64, float64, float64) { return -5, 5, 10, 20 }
func (b box) Thumbnail(c *draw.Canvas)                  { *b.thumbs++ }
`)
	eval(t, i, `
thumbs := 0
p := plot.New()
b := box{&thumbs}
p.Add(b)
p.Legend.Add("box", b)
`)
	if got := eval(t, i, `p.Y.Max`); got != 20.0 {
		t.Errorf("DataRange lost: Y.Max = %v, want 20", got)
	}
	eval(t, i, `p.Draw(draw.New(vgimg.New(4*vg.Inch, 3*vg.Inch)))`)
	if got := eval(t, i, `thumbs`); got != 1 {
		t.Errorf("Thumbnail drawn %v times, want 1", got)
	}
}

// The generic additions fill yaegi's gaps in slices: sorting, min and max
// and binary search work on interpreted slices, with yaegi's own functions
// still present.
func TestGenericSlicesAdditions(t *testing.T) {
	i := newInterp(t)
	eval(t, i, `xs := []float64{3, 1, 2}; slices.Sort(xs)`)
	if got := eval(t, i, `fmt.Sprint(xs, slices.Min(xs), slices.Max(xs), slices.IsSorted(xs))`); got != "[1 2 3] 1 3 true" {
		t.Errorf("Sort/Min/Max/IsSorted: %v", got)
	}
	if got := eval(t, i, `fmt.Sprint(slices.BinarySearch(xs, 2.5))`); got != "2 false" {
		t.Errorf("BinarySearch: %v", got)
	}
	eval(t, i, `type kv struct{ k string; v int }`)
	eval(t, i, `kvs := []kv{{"a", 3}, {"b", 1}, {"c", 2}}; slices.SortFunc(kvs, func(a, b kv) int { return a.v - b.v })`)
	if got := eval(t, i, `fmt.Sprint(kvs[0].k, slices.MaxFunc(kvs, func(a, b kv) int { return a.v - b.v }).k)`); got != "ba" {
		t.Errorf("SortFunc/MaxFunc: %v", got)
	}
	if got := eval(t, i, `slices.Contains(xs, 2.0)`); got != true {
		t.Errorf("yaegi's slices.Contains lost: %v", got)
	}
}

// Interpreted values keep their display methods when handed to the display
// package and their String method when printed (MapTypes).
func TestInterpretedValuesRenderRichly(t *testing.T) {
	i := newInterp(t)
	eval(t, i, `
type report struct{ n int }

func (r report) HTML() string   { return fmt.Sprintf("<b>%d</b>", r.n) }
func (r report) String() string { return fmt.Sprintf("report %d", r.n) }

type note struct{}

func (note) Markdown() string { return "*note*" }
`)
	b := eval(t, i, `display.Render(report{7})`).(display.Bundle)
	if b["text/html"] != "<b>7</b>" || b["text/plain"] != "report 7" {
		t.Errorf("interpreted HTML+String type renders as %v", b)
	}
	b = eval(t, i, `display.Render(note{})`).(display.Bundle)
	if b["text/markdown"] != "*note*" {
		t.Errorf("interpreted Markdown type renders as %v", b)
	}
	if got := eval(t, i, `fmt.Sprint(report{3})`); got != "report 3" {
		t.Errorf("fmt.Sprint of an interpreted Stringer = %v", got)
	}
}

// Exiting from a cell would kill the kernel: os.Exit, log.Fatal and a
// logger's Fatal panic instead, which the engine reports as an error.
func TestExitsArePanics(t *testing.T) {
	i := newInterp(t)
	eval(t, i, `import "log"`)
	for _, src := range []string{`os.Exit(3)`, `log.Fatal("stop")`, `log.New(io.Discard, "", 0).Fatalf("stop %d", 1)`} {
		if _, err := i.Eval(src); err == nil {
			t.Errorf("%s: no error", src)
		}
	}
}

// newLazyInterp sets an interpreter up as a session does with lazily built
// tables: fmt and the MapTypes first, then for each import the tables Needs
// names that the interpreter does not have yet (a second Use of fmt would
// compile yaegi's generic sources twice).
func newLazyInterp(t *testing.T, imports ...string) *interp.Interpreter {
	t.Helper()
	i := interp.New(interp.Options{Stdout: io.Discard, Stderr: io.Discard})
	have := map[string]bool{}
	use := func(paths []string, with map[string]map[string]reflect.Value) {
		t.Helper()
		var todo []string
		for _, p := range paths {
			if !have[p] {
				have[p] = true
				todo = append(todo, p)
			}
		}
		ex := stdlib.Exports(todo...)
		for k, v := range with {
			ex[k] = v
		}
		if err := i.Use(ex); err != nil {
			t.Fatalf("Use %v: %v", todo, err)
		}
	}
	use(stdlib.Needs("fmt", "flag", "log", "os", "math/bits", "cmp", "sort"), stdlib.MapTypesExport())
	for _, p := range imports {
		use(stdlib.Needs(p), nil)
		if _, err := i.Eval("import " + strconv.Quote(p)); err != nil {
			t.Fatalf("import %s: %v", p, err)
		}
	}
	return i
}

// With tables loaded per import, an interpreted value still reaches
// compiled code through interfaces of packages the cell did not import:
// bufio.NewScanner's io.Reader (a wrapper dependency) and json.Marshal's
// encoding.TextMarshaler (a MapTypes dependency).
func TestLazyTablesKeepForeignInterfaceWrappers(t *testing.T) {
	i := newLazyInterp(t, "bufio", "encoding/json", "strings", "fmt")
	if _, ok := stdlib.Key("io"); !ok {
		t.Fatal("no table for io")
	}
	eval(t, i, `
type lines struct{ s *strings.Reader }

func (l lines) Read(p []byte) (int, error) { return l.s.Read(p) }

type level int

func (l level) MarshalText() ([]byte, error) { return []byte(fmt.Sprintf("L%d", int(l))), nil }
`)
	if got := eval(t, i, `
sc := bufio.NewScanner(lines{strings.NewReader("a\nb\nc\n")})
n := 0
for sc.Scan() {
	n++
}
n`); got != 3 {
		t.Errorf("an interpreted io.Reader scanned %v lines, want 3", got)
	}
	if got := eval(t, i, `b, err := json.Marshal(level(2)); string(b) + fmt.Sprint(err)`); got != `"L2"<nil>` {
		t.Errorf("json.Marshal of an interpreted TextMarshaler = %v", got)
	}
}
