package analysis

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
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

// checkDot4 compares dot4 with kernel against gonum for every length
// 0..1024, every alignment of the centre and of the points.
func checkDot4(t *testing.T, name string, kernel func(*[4][]float32, []float32, int, *[16]float64)) {
	t.Helper()
	r := rand.New(rand.NewPCG(9, 10))
	for n := 0; n <= 1024; n++ {
		for off := 0; off < 4; off++ {
			buf := spread(r, n+4)
			y := buf[off : off+n : off+n]
			var x [4][]float32
			for q := range x {
				xo := (off + q) % 4
				x[q] = spread(r, n+4)[xo : xo+n]
			}
			var out [4]float64
			dot4(kernel, &x, y, &out)
			for q := range x {
				if want := dot32(x[q], y); math.Float64bits(out[q]) != math.Float64bits(want) {
					t.Fatalf("%s: n=%d centre offset %d point %d: %v, gonum %v", name, n, off, q, out[q], want)
				}
			}
		}
	}
}

// TestDotPortableIsGonumsOrder: the Go form of the kernel, which specifies
// the order, gives gonum's Dsdot bits (the pass's dot before the kernel).
func TestDotPortableIsGonumsOrder(t *testing.T) {
	checkDot4(t, "portable", dotBlocks4Generic)
}

// TestDotKernelIsGonumsOrder: the kernel chosen for this CPU gives the same
// bits. It is skipped only where there is no kernel (the pass calls gonum).
func TestDotKernelIsGonumsOrder(t *testing.T) {
	if dotBlocks4 == nil {
		t.Skip("no dot kernel for this CPU: the pass uses gonum row by row")
	}
	checkDot4(t, "kernel", dotBlocks4)
}

// TestRowDots: every index list length (the four spans and the remainder
// after them), indexes out of order and repeated, with the kernel and with
// the gonum fallback, gives each row's gonum dot.
func TestRowDots(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const n, dim = 40, 37 // odd dim: rows at every alignment
	emb := spread(r, n*dim)
	for _, kernel := range []func(*[4][]float32, []float32, int, *[16]float64){nil, dotBlocks4Generic, dotBlocks4} {
		for m := 0; m <= 2*n; m++ {
			idx := make([]int32, m)
			for k := range idx {
				idx[k] = int32(r.IntN(n))
			}
			c := r.IntN(n)
			y := emb[c*dim : (c+1)*dim]
			out := make([]float64, m)
			rowDots(kernel, emb, dim, idx, y, out)
			for k, i := range idx {
				if want := dot32(emb[int(i)*dim:(int(i)+1)*dim], y); math.Float64bits(out[k]) != math.Float64bits(want) {
					t.Fatalf("m=%d k=%d (row %d): %v, gonum %v", m, k, i, out[k], want)
				}
			}
		}
	}
}

// TestKCenterSameWithoutKernel forces the fallback (gonum row by row) and
// checks that the selection, radii included, is the kernel's bit for bit,
// with and without pruning and workers.
func TestKCenterSameWithoutKernel(t *testing.T) {
	for _, dim := range []int{768, 37} {
		n := 3000
		emb := clusteredEmbeddings(21, n, dim, 30, 0.03)
		for _, opt := range []KCenterOptions{{K: 60, Stop: -1, Workers: 1}, {Workers: 2, Stop: 0.3}, {K: 200, Stop: -1, Workers: 2, NoPrune: true}} {
			got, err := KCenter(context.Background(), emb, dim, opt)
			if err != nil {
				t.Fatal(err)
			}
			saved := dotBlocks4
			dotBlocks4 = nil
			want, err := KCenter(context.Background(), emb, dim, opt)
			dotBlocks4 = saved
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Order, want.Order) {
				t.Fatalf("dim %d %+v: order differs from gonum's: %v vs %v", dim, opt, got.Order[:min(10, len(got.Order))], want.Order[:min(10, len(want.Order))])
			}
			for k := range got.Radii {
				if math.Float64bits(got.Radii[k]) != math.Float64bits(want.Radii[k]) {
					t.Fatalf("dim %d %+v: radius %d is %v, gonum path %v", dim, opt, k, got.Radii[k], want.Radii[k])
				}
			}
			if len(got.Order) < 2 {
				t.Fatalf("dim %d %+v: only %d centres, the test compares nothing", dim, opt, len(got.Order))
			}
		}
	}
}

// TestDotIsTheDotProduct checks the value against an independent,
// compensated (Neumaier) sum of the exact products.
func TestDotIsTheDotProduct(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{1, 5, 16, 100, 768} {
		var x [4][]float32
		for q := range x {
			x[q] = spread(r, n)
		}
		y := spread(r, n)
		var out [4]float64
		dot4(dotBlocks4Generic, &x, y, &out)
		for q := range x {
			var sum, comp, abs float64
			for i := range n {
				p := float64(x[q][i]) * float64(y[i])
				abs += math.Abs(p)
				s := sum + p
				if math.Abs(sum) >= math.Abs(p) {
					comp += (sum - s) + p
				} else {
					comp += (p - s) + sum
				}
				sum = s
			}
			if math.Abs(out[q]-(sum+comp)) > 1e-15*abs*float64(n) {
				t.Errorf("n=%d point %d: dot = %v, compensated sum %v", n, q, out[q], sum+comp)
			}
		}
	}
}
