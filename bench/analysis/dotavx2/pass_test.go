package dotavx2

import (
	"math/rand/v2"
	"syscall"
	"testing"
	"time"
)

// passRows is the size of the streamed matrix: 50,000 x 768 float32 is
// 154 MB, far beyond the caches, as in the k-center pass.
const passRows, passDim = 50000, 768

var passMatrix []float32

func matrix() []float32 {
	if passMatrix == nil {
		r := rand.New(rand.NewPCG(1, 2))
		passMatrix = make([]float32, passRows*passDim)
		for i := range passMatrix {
			passMatrix[i] = float32(r.NormFloat64() * 0.02)
		}
	}
	return passMatrix
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// passP computes out[i] = row i · y for every row, p consecutive rows per
// kernel call (rows in the order they lie in memory).
func passP(k kernel, p int, emb []float32, dim int, y []float32, out []float64) {
	n := len(emb) / dim
	var xb [4][]float32
	x := xb[:p]
	i := 0
	for ; i+p <= n; i += p {
		for q := range x {
			x[q] = emb[(i+q)*dim : (i+q+1)*dim]
		}
		dotP(k, x, y, out[i:i+p])
	}
	for ; i < n; i++ {
		out[i] = Ordered(emb[i*dim:(i+1)*dim], y)
	}
}

// passSplit is passP with point q of every call taken from the q-th of p
// contiguous spans of the rows: p long sequential streams instead of p
// neighbouring rows.
func passSplit(k kernel, p int, emb []float32, dim int, y []float32, out []float64) {
	n := len(emb) / dim
	h := n / p
	var xb [4][]float32
	var ob [4]float64
	x := xb[:p]
	for i := 0; i < h; i++ {
		for q := range x {
			r := q*h + i
			x[q] = emb[r*dim : (r+1)*dim]
		}
		dotP(k, x, y, ob[:p])
		for q := range x {
			out[q*h+i] = ob[q]
		}
	}
	for i := p * h; i < n; i++ {
		out[i] = Ordered(emb[i*dim:(i+1)*dim], y)
	}
}

// BenchmarkPass streams the 154 MB matrix against one centre: gonum's Dsdot
// per row (what pipeline/analysis uses) against each kernel. Sub-benchmarks
// alternate within each -count round; cpu-ns/op is the process's CPU time
// per pass, the figure to compare on a loaded machine.
func BenchmarkPass(b *testing.B) {
	emb := matrix()
	y := append([]float32(nil), emb[123*passDim:124*passDim]...)
	out := make([]float64, passRows)
	want := make([]float64, passRows)
	for i := range want {
		want[i] = gonumDot(emb[i*passDim:(i+1)*passDim], y)
	}
	run := func(name string, f func()) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(emb)) * 4)
			cpu0 := cpuTime()
			for b.Loop() {
				f()
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
			for i := range out {
				if out[i] != want[i] {
					b.Fatalf("row %d: %v, gonum %v", i, out[i], want[i])
				}
			}
		})
	}
	run("gonum", func() {
		for i := range out {
			out[i] = gonumDot(emb[i*passDim:(i+1)*passDim], y)
		}
	})
	for _, name := range []string{"avx2x2", "avx2x4", "fmax4"} {
		k, ok := asmKernels()[name]
		if !ok {
			continue
		}
		run(name, func() { passP(k.k, k.p, emb, passDim, y, out) })
		run(name+"-split", func() { passSplit(k.k, k.p, emb, passDim, y, out) })
	}
}

// BenchmarkDot768 is the same with the data in L1: four rows of 768.
func BenchmarkDot768(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x := make([][]float32, 4)
	for q := range x {
		x[q] = spread(r, 768)
	}
	y := spread(r, 768)
	out := make([]float64, 4)
	b.Run("gonum", func(b *testing.B) {
		for b.Loop() {
			for q := range x {
				out[q] = gonumDot(x[q], y)
			}
		}
	})
	for name, k := range asmKernels() {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				for q := 0; q < 4; q += k.p {
					dotP(k.k, x[q:q+k.p], y, out[q:q+k.p])
				}
			}
		})
	}
}
