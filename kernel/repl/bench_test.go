package repl

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkNew measures creating an engine with all preloads imported: the
// engine's share of kernel start-up.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		e, err := New(Options{Preload: true})
		if err != nil {
			b.Fatal(err)
		}
		e.Close()
	}
}

// BenchmarkExecuteTrivial measures a trivial cell with a result ("1 + 1").
func BenchmarkExecuteTrivial(b *testing.B) {
	e := newEngine(b)
	ctx := context.Background()
	out := &recorder{}
	for b.Loop() {
		if res := e.Execute(ctx, "1 + 1", out); res.Error != nil {
			b.Fatal(res.Error.Value)
		}
	}
}

// BenchmarkExecutePrintln measures a cell that prints.
func BenchmarkExecutePrintln(b *testing.B) {
	e := newEngine(b)
	ctx := context.Background()
	for b.Loop() {
		if res := e.Execute(ctx, `fmt.Println("hi")`, &recorder{}); res.Error != nil {
			b.Fatal(res.Error.Value)
		}
	}
}

// BenchmarkCompletePlotter measures completion of a member of gonum's
// plotter (86 members), the example.
func BenchmarkCompletePlotter(b *testing.B) {
	e := newEngine(b)
	code := "plotter.NewB"
	for b.Loop() {
		if c := e.Complete(code, len(code)); len(c.Matches) == 0 {
			b.Fatal("no matches")
		}
	}
}

// BenchmarkCompleteLargePackage measures completion in debug/elf, the
// largest package of the symbol tables (1,567 members).
func BenchmarkCompleteLargePackage(b *testing.B) {
	e := newEngine(b)
	mustRun(b, e, `import "debug/elf"`)
	code := "elf.R_X86_64_"
	for b.Loop() {
		if c := e.Complete(code, len(code)); len(c.Matches) < 10 {
			b.Fatal("too few matches")
		}
	}
}

// BenchmarkCompleteLargePackageAll measures listing every member of
// debug/elf (`elf.` with nothing typed after the dot): the engine's share
// of the complete_request round trip bench/kernel/bench_session.py times
// through jupyter_client.
func BenchmarkCompleteLargePackageAll(b *testing.B) {
	e := newEngine(b)
	mustRun(b, e, `import "debug/elf"`)
	code := "elf."
	for b.Loop() {
		if c := e.Complete(code, len(code)); len(c.Matches) < 1000 {
			b.Fatalf("%d matches, want all of debug/elf", len(c.Matches))
		}
	}
}

// BenchmarkCompleteScope measures completion of a bare name.
func BenchmarkCompleteScope(b *testing.B) {
	e := newEngine(b)
	for b.Loop() {
		e.Complete("st", 2)
	}
}

// BenchmarkInspect measures inspection of stat.Mean (doc index lookup).
func BenchmarkInspect(b *testing.B) {
	e := newEngine(b)
	code := "stat.Mean"
	for b.Loop() {
		if !e.Inspect(code, len(code), 0).Found {
			b.Fatal("not found")
		}
	}
}

// BenchmarkRedefineType measures the replay a changed type definition
// causes, in a session with a few declarations and variables.
func BenchmarkRedefineType(b *testing.B) {
	e := newEngine(b)
	mustRun(b, e, "func a() int { return 1 }\nfunc c() int { return a() }\nxs := []float64{1, 2, 3}\nn := 5")
	for i := 0; b.Loop(); i++ {
		code := "type T struct{ A int }"
		if i%2 == 1 {
			code = "type T struct{ A, B int }"
		}
		if res, _ := run(b, e, code); res.Error != nil {
			b.Fatal(res.Error.Value)
		}
	}
}

// TestMemoryAfterManyExecutes reports heap growth over many trivial cells
// (logged; the figure goes to bench/RESULTS-repl.md). It fails only on
// growth far beyond any plausible per-cell bookkeeping.
func TestMemoryAfterManyExecutes(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	e := newEngine(t)
	ctx := context.Background()
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	for i := 0; i < 10; i++ {
		e.Execute(ctx, "1 + 1", &recorder{})
	}
	before := heap()
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("SPECSTRESS_REPL_MEM_N")); err == nil && v > 0 {
		n = v // bench/RESULTS-repl.md uses 10000
	}
	for i := 0; i < n; i++ {
		e.Execute(ctx, "1 + 1", &recorder{})
	}
	after := heap()
	growth := int64(after) - int64(before)
	n64 := int64(n)
	t.Logf("heap after 10 executes %d KiB, after %d more %d KiB: %d bytes per execute",
		before>>10, n, after>>10, growth/n64)
	if growth/n64 > 8<<10 {
		t.Fatalf("heap grows %d bytes per trivial execute", growth/n64)
	}
}

// session200 is a session of 200 lines of declarations: types with methods,
// funcs reading globals, variables and constants, as an analysis notebook
// accumulates them.
func session200() []string {
	var cells []string
	for i := 0; i < 10; i++ {
		cells = append(cells, fmt.Sprintf(`// rec%[1]d is one record kind.
type rec%[1]d struct {
	Name  string
	Score float64
	N     int
}

func (r rec%[1]d) Weighted() float64 { return r.Score * float64(r.N) }

const limit%[1]d = %[1]d + 10

var scale%[1]d = 1.5

func under%[1]d(x int) bool { return x < limit%[1]d }

func mean%[1]d(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x * scale%[1]d
	}
	return s / float64(len(xs))
}
total%[1]d := 0
names%[1]d := []string{"a", "b"}`, i))
	}
	return cells
}

// BenchmarkCellLatency measures one ordinary cell (a loop, a call of a
// session func, a trailing value) in a session of 200 lines of
// declarations, reporting the median and 90th percentile latency.
func BenchmarkCellLatency(b *testing.B) {
	e := newEngine(b)
	lines := 0
	for _, c := range session200() {
		mustRun(b, e, c)
		lines += strings.Count(c, "\n") + 1
	}
	if lines < 200 {
		b.Fatalf("session has %d lines", lines)
	}
	cell := "acc := 0\nfor i := 0; i < 10; i++ {\n\tif under3(i) {\n\t\tacc += i\n\t}\n}\nr := rec3{Name: \"x\", Score: 2, N: 3}\nacc + int(r.Weighted()) + total3"
	ctx := context.Background()
	var ds []time.Duration
	for b.Loop() {
		start := time.Now()
		res := e.Execute(ctx, cell, &recorder{})
		ds = append(ds, time.Since(start))
		if res.Error != nil {
			b.Fatal(res.Error.Value)
		}
		if got := text(res); got != "51" {
			b.Fatalf("cell = %q, want 51", got)
		}
	}
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(ds[len(ds)*9/10].Microseconds())/1000, "p90-ms")
}
