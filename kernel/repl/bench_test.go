package repl

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"testing"
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
