package analysis

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas32"
)

// spread returns n float32s over many binades, so that any change in the
// order of the float64 additions changes low bits of a sum.
func spread(r *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(r.NormFloat64() * math.Pow(2, float64(r.IntN(40)-20)))
	}
	return v
}

func to64(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

var dotLengths = []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 15, 16, 17, 31, 33, 100, 767, 768, 769}

// TestDotOrderedIsGonumsOrder: the k-center dot returns the bits of gonum's
// Dsdot, which the pass used before, for every length and every alignment
// of the centre (the alignment decides gonum's order).
func TestDotOrderedIsGonumsOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range dotLengths {
		for off := 0; off < 4; off++ {
			x := spread(r, n)
			buf := spread(r, n+4)
			y := buf[off : off+n : off+n]
			want := blas32.DDot(blas32.Vector{N: n, Inc: 1, Data: x}, blas32.Vector{N: n, Inc: 1, Data: y})
			got := dotOrdered(x, to64(y), centreTrim(y))
			if math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("n=%d offset %d: dotOrdered = %v, gonum Dsdot %v", n, off, got, want)
			}
		}
	}
}

// TestDot4MatchesDotOrdered: four points at once (the kernel chosen for this
// CPU) give each point's dotOrdered bits.
func TestDot4MatchesDotOrdered(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, n := range dotLengths {
		for trim := 0; trim < 4; trim++ {
			var x [4][]float32
			for k := range x {
				x[k] = spread(r, n)
			}
			y := to64(spread(r, n))
			var got [4]float64
			dot4(&x, y, trim, &got)
			for k := range x {
				if want := dotOrdered(x[k], y, trim); math.Float64bits(got[k]) != math.Float64bits(want) {
					t.Fatalf("n=%d trim %d point %d: dot4 = %v, dotOrdered %v", n, trim, k, got[k], want)
				}
			}
		}
	}
}

// TestDotIsTheDotProduct checks the value against an independent,
// compensated (Neumaier) sum of the exact products.
func TestDotIsTheDotProduct(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{1, 5, 16, 100, 768} {
		x, y := spread(r, n), to64(spread(r, n))
		var sum, comp, abs float64
		for i := range n {
			p := float64(x[i]) * y[i]
			abs += math.Abs(p)
			s := sum + p
			if math.Abs(sum) >= math.Abs(p) {
				comp += (sum - s) + p
			} else {
				comp += (p - s) + sum
			}
			sum = s
		}
		if got, want := dotOrdered(x, y, 0), sum+comp; math.Abs(got-want) > 1e-15*abs*float64(n) {
			t.Errorf("n=%d: dot = %v, compensated sum %v", n, got, want)
		}
	}
}

// BenchmarkDot768 compares four points per call (chosen kernel) with
// gonum's Dsdot on each (what the pass used before).
func BenchmarkDot768(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	var x [4][]float32
	for k := range x {
		x[k] = spread(r, 768)
	}
	y32 := spread(r, 768)
	y := to64(y32)
	var out [4]float64
	b.Run("dot4", func(b *testing.B) {
		for b.Loop() {
			dot4(&x, y, 0, &out)
		}
	})
	b.Run("gonum-x4", func(b *testing.B) {
		yv := blas32.Vector{N: 768, Inc: 1, Data: y32}
		for b.Loop() {
			for k := range x {
				out[k] = blas32.DDot(blas32.Vector{N: 768, Inc: 1, Data: x[k]}, yv)
			}
		}
	})
}
