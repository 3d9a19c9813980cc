package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

func randomVectors(r *rand.Rand, n int) ([]float32, []float32, []float64) {
	x, y, y64 := make([]float32, n), make([]float32, n), make([]float64, n)
	for i := range n {
		// Magnitudes spread over many binades, so that any change in the
		// order of the float64 additions changes low bits of the sum.
		x[i] = float32(r.NormFloat64() * math.Pow(2, float64(r.IntN(40)-20)))
		y[i] = float32(r.NormFloat64() * math.Pow(2, float64(r.IntN(40)-20)))
		y64[i] = float64(y[i])
	}
	return x, y, y64
}

// TestDotImplementationsAgreeExactly: the kernel chosen for this CPU, the
// portable loop and the float32 form return the same bits for every length
// (full 16-blocks, tails, empty).
func TestDotImplementationsAgreeExactly(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	lengths := []int{0, 1, 2, 3, 15, 16, 17, 31, 32, 33, 47, 100, 384, 767, 768, 769, 1536}
	for _, n := range lengths {
		for rep := 0; rep < 50; rep++ {
			x, y, y64 := randomVectors(r, n)
			want := dotMixedGeneric(x, y64)
			if got := dotMixed(x, y64); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("n=%d: dotMixed = %v (%x), portable %v (%x)", n, got, math.Float64bits(got), want, math.Float64bits(want))
			}
			if got := dot32(x, y); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("n=%d: dot32 = %v, dotMixedGeneric %v", n, got, want)
			}
		}
	}
}

// TestDotIsTheDotProduct checks the value against an independent,
// compensated (Neumaier) sum of the exact products.
func TestDotIsTheDotProduct(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{1, 5, 16, 100, 768} {
		x, _, y64 := randomVectors(r, n)
		var sum, comp, abs float64
		for i := range n {
			p := float64(x[i]) * y64[i]
			abs += math.Abs(p)
			s := sum + p
			if math.Abs(sum) >= math.Abs(p) {
				comp += (sum - s) + p
			} else {
				comp += (p - s) + sum
			}
			sum = s
		}
		want := sum + comp
		if got := dotMixed(x, y64); math.Abs(got-want) > 1e-15*abs*float64(n) {
			t.Errorf("n=%d: dot = %v, compensated sum %v", n, got, want)
		}
	}
}

func BenchmarkDot768(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x, y, y64 := randomVectors(r, 768)
	b.Run("chosen", func(b *testing.B) {
		for b.Loop() {
			dotMixed(x, y64)
		}
	})
	b.Run("portable", func(b *testing.B) {
		for b.Loop() {
			dotMixedGeneric(x, y64)
		}
	})
	b.Run("float32", func(b *testing.B) {
		for b.Loop() {
			dot32(x, y)
		}
	})
}
