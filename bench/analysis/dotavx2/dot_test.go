package dotavx2

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

func gonumDot(x, y []float32) float64 {
	return blas32.DDot(blas32.Vector{N: len(y), Inc: 1, Data: x}, blas32.Vector{N: len(y), Inc: 1, Data: y})
}

// TestOrderedIsGonums: the portable reference returns the bits of gonum's
// Dsdot for every length 0..1024 and every alignment of the centre (the
// alignment decides gonum's order).
func TestOrderedIsGonums(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for n := 0; n <= 1024; n++ {
		buf := spread(r, n+4)
		x := spread(r, n)
		for off := 0; off < 4; off++ {
			y := buf[off : off+n : off+n]
			want, got := gonumDot(x, y), Ordered(x, y)
			if math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("n=%d offset %d: Ordered = %v, gonum %v", n, off, got, want)
			}
		}
	}
}

// kernels lists every blocks function with its number of points; on a CPU
// without AVX2/FMA only the portable one.
func kernels() map[string]struct {
	k kernel
	p int
} {
	m := map[string]struct {
		k kernel
		p int
	}{"generic2": {blocksGeneric, 2}, "generic4": {blocksGeneric, 4}}
	for name, k := range asmKernels() {
		m[name] = k
	}
	return m
}

// TestKernelsMatchGonum: every kernel, called on several points at once,
// returns each point's gonum bits, for every length 0..1024, every centre
// alignment and every alignment of the points.
func TestKernelsMatchGonum(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for name, k := range kernels() {
		for n := 0; n <= 1024; n++ {
			for off := 0; off < 4; off++ {
				buf := spread(r, n+4)
				y := buf[off : off+n : off+n]
				x := make([][]float32, k.p)
				for q := range x {
					xb := spread(r, n+4)
					xo := (off + q) % 4
					x[q] = xb[xo : xo+n]
				}
				out := make([]float64, k.p)
				dotP(k.k, x, y, out)
				for q := range x {
					if want := gonumDot(x[q], y); math.Float64bits(out[q]) != math.Float64bits(want) {
						t.Fatalf("%s n=%d offset %d point %d: %v, gonum %v", name, n, off, q, out[q], want)
					}
				}
			}
		}
	}
}

// TestOrderedIsTheDotProduct checks the value against an independent,
// compensated (Neumaier) sum of the exact products.
func TestOrderedIsTheDotProduct(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{1, 5, 16, 100, 768} {
		x, y := spread(r, n), spread(r, n)
		var sum, comp, abs float64
		for i := range n {
			p := float64(x[i]) * float64(y[i])
			abs += math.Abs(p)
			s := sum + p
			if math.Abs(sum) >= math.Abs(p) {
				comp += (sum - s) + p
			} else {
				comp += (p - s) + sum
			}
			sum = s
		}
		if got, want := Ordered(x, y), sum+comp; math.Abs(got-want) > 1e-15*abs*float64(n) {
			t.Errorf("n=%d: dot = %v, compensated sum %v", n, got, want)
		}
	}
}
