package analysis

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas32"
)

// BenchmarkDotStream reads a 50,000 x 768 matrix (154 MB, beyond the
// caches) against one centre, as a k-center pass does: four points per
// kernel call against gonum's Dsdot per point (the previous pass).
func BenchmarkDotStream(b *testing.B) {
	const n, dim = 50_000, 768
	r := rand.New(rand.NewPCG(1, 2))
	emb := make([]float32, n*dim)
	for i := range emb {
		emb[i] = float32(r.NormFloat64())
	}
	c32 := emb[:dim]
	c := to64(c32)
	trim := centreTrim(c32)
	b.Run("dot4", func(b *testing.B) {
		b.SetBytes(int64(len(emb)) * 4)
		var rows [4][]float32
		var out [4]float64
		for b.Loop() {
			for i := 0; i+4 <= n; i += 4 {
				for k := range 4 {
					rows[k] = emb[(i+k)*dim : (i+k+1)*dim]
				}
				dot4(&rows, c, trim, &out)
			}
		}
	})
	b.Run("gonum", func(b *testing.B) {
		b.SetBytes(int64(len(emb)) * 4)
		cv := blas32.Vector{N: dim, Inc: 1, Data: c32}
		for b.Loop() {
			for i := 0; i < n; i++ {
				blas32.DDot(blas32.Vector{N: dim, Inc: 1, Data: emb[i*dim : (i+1)*dim]}, cv)
			}
		}
	})
}
