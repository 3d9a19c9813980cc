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

// checkKernel compares rowDots with kernel against gonum for every length
// 0..1024, every alignment of the centre and of the matrix, on 11 rows in
// a shuffled order (two groups of four and a remainder).
func checkKernel(t *testing.T, name string, kernel listKernel) {
	t.Helper()
	r := rand.New(rand.NewPCG(9, 10))
	const rows = 11
	var sc dotScratch
	for n := 0; n <= 1024; n++ {
		for off := 0; off < 4; off++ {
			y := spread(r, n+4)[off : off+n : off+n]
			eo := 3 - off
			emb := spread(r, rows*n+4)[eo : eo+rows*n]
			idx := make([]int32, rows)
			for k, i := range r.Perm(rows) {
				idx[k] = int32(i)
			}
			out := make([]float64, rows)
			rowDots(kernel, emb, n, idx, y, out, &sc)
			for k, i := range idx {
				if want := dot32(emb[int(i)*n:(int(i)+1)*n], y); math.Float64bits(out[k]) != math.Float64bits(want) {
					t.Fatalf("%s: n=%d centre offset %d row %d: %v, gonum %v", name, n, off, i, out[k], want)
				}
			}
		}
	}
}

// TestDotPortableIsGonumsOrder: the Go form of the kernel, which specifies
// the order, gives gonum's Dsdot bits (the pass's dot before the kernel).
func TestDotPortableIsGonumsOrder(t *testing.T) {
	checkKernel(t, "portable", dotListGeneric)
	checkKernel(t, "gonum fallback", nil)
}

// TestDotKernelIsGonumsOrder: the kernel chosen for this CPU gives the same
// bits. It is skipped only where there is no kernel (the pass calls gonum).
func TestDotKernelIsGonumsOrder(t *testing.T) {
	if dotKernel == nil {
		t.Skip("no dot kernel for this CPU: the pass uses gonum row by row")
	}
	checkKernel(t, "kernel", dotKernel)
}

// TestRowDotsChunks: index lists longer than one chunk of the kernel, out
// of order and with repeats, against gonum.
func TestRowDotsChunks(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const n, dim = 500, 40
	emb := spread(r, n*dim)
	for _, kernel := range []listKernel{dotListGeneric, dotKernel} {
		var sc dotScratch
		for _, m := range []int{dotChunk - 1, dotChunk, 4*dotChunk + 3, 9 * dotChunk / 2} {
			idx := make([]int32, m)
			for k := range idx {
				idx[k] = int32(r.IntN(n))
			}
			c := r.IntN(n)
			y := emb[c*dim : (c+1)*dim]
			out := make([]float64, m)
			rowDots(kernel, emb, dim, idx, y, out, &sc)
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
	if dotKernel == nil {
		t.Skip("no dot kernel for this CPU: the pass uses gonum row by row")
	}
	for _, dim := range []int{768, 37} {
		n := 3000
		emb := clusteredEmbeddings(21, n, dim, 30, 0.03)
		for _, opt := range []KCenterOptions{{K: 60, Stop: -1, Workers: 1}, {Workers: 2, Stop: 0.3}, {K: 200, Stop: -1, Workers: 2, NoPrune: true}} {
			got, err := KCenter(context.Background(), emb, dim, opt)
			if err != nil {
				t.Fatal(err)
			}
			saved := dotKernel
			dotKernel = nil
			want, err := KCenter(context.Background(), emb, dim, opt)
			dotKernel = saved
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
		emb := slices.Concat(x[0], x[1], x[2], x[3])
		var out [4]float64
		rowDots(dotListGeneric, emb, n, []int32{0, 1, 2, 3}, y, out[:], &dotScratch{})
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
