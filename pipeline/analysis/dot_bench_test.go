package analysis

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkRowDots streams a 154 MB matrix (50,000 x 768) against one
// centre: gonum row by row (the fallback and the pass before the kernel)
// against the kernel chosen for this CPU. Run with -count to interleave.
func BenchmarkRowDots(b *testing.B) {
	const n, dim = 50000, 768
	r := rand.New(rand.NewPCG(1, 2))
	emb := make([]float32, n*dim)
	for i := range emb {
		emb[i] = float32(r.NormFloat64() * 0.02)
	}
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	y := emb[123*dim : 124*dim]
	out := make([]float64, n)
	for _, k := range []struct {
		name   string
		kernel listKernel
	}{{"gonum", nil}, {"kernel", dotKernel}} {
		var sc dotScratch
		b.Run(k.name, func(b *testing.B) {
			b.SetBytes(int64(len(emb)) * 4)
			for b.Loop() {
				rowDots(k.kernel, emb, dim, idx, y, out, &sc)
			}
		})
	}
}
