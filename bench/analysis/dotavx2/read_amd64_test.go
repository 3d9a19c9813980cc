//go:build amd64 && !purego

package dotavx2

import (
	"math"
	"testing"
	"unsafe"
)

var readSink float32

// BenchmarkReadCeiling is the memory ceiling of one core for the same
// matrix: a plain sequential read with no dependent chain.
func BenchmarkReadCeiling(b *testing.B) {
	emb := matrix()
	b.SetBytes(int64(len(emb)) * 4)
	cpu0 := cpuTime()
	for b.Loop() {
		readSink += readStream(&emb[0], len(emb)/32)
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

// passList is the whole pass in one assembly call: four spans, pointers
// listed per group of four points.
func passList(emb []float32, dim int, y []float32, ptrs []uintptr, res, out []float64) {
	n := len(emb) / dim
	h := n / 4
	for k := 0; k < h; k++ {
		for r := range 4 {
			ptrs[4*k+r] = uintptr(unsafe.Pointer(&emb[(r*h+k)*dim]))
		}
	}
	dot4List(&ptrs[0], &y[0], dim/8, h, &res[0])
	for k := 0; k < h; k++ {
		for r := range 4 {
			out[r*h+k] = res[4*k+r]
		}
	}
	for i := 4 * h; i < n; i++ {
		out[i] = Ordered(emb[i*dim:(i+1)*dim], y)
	}
}

func BenchmarkPassList(b *testing.B) {
	emb := matrix()
	y := append([]float32(nil), emb[123*passDim:124*passDim]...)
	out := make([]float64, passRows)
	ptrs := make([]uintptr, passRows)
	res := make([]float64, passRows)
	b.SetBytes(int64(len(emb)) * 4)
	cpu0 := cpuTime()
	for b.Loop() {
		passList(emb, passDim, y, ptrs, res, out)
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
	for i := range out {
		if want := gonumDot(emb[i*passDim:(i+1)*passDim], y); math.Float64bits(out[i]) != math.Float64bits(want) {
			b.Fatalf("row %d: %v, gonum %v", i, out[i], want)
		}
	}
}
