package analysis

import (
	"unsafe"

	"gonum.org/v1/gonum/blas/blas32"
)

// The k-center pass spends its time in one dot product per point and
// centre: float32 embeddings, float64 accumulation. Its summation order must
// stay gonum's (Dsdot, whose SSE2 kernel the pass has always used), or
// near-ties among hashed embeddings resolve differently and the selection
// order changes. That order, for x·y with y the centre:
//
//   - the first trim products (trim = elements until y is 16-byte aligned)
//     go sequentially into lane A;
//   - then lanes A, B, C, D take the products of elements j, j+1, j+2, j+3
//     (j counted from trim) in steps of 4, for every whole block of 8;
//   - after at least one block, A += C and B += D;
//   - remaining pairs go into A and B, a last odd product into A;
//   - the result is A + B.
//
// A product of two float32s is exact in float64, so any kernel that keeps
// each lane a sequential sum returns gonum's bits. Within one point the
// lanes are a chain of dependent additions, which bounds gonum's speed; the
// AVX kernel (dot_amd64.s) interleaves four points, one ymm register
// (lanes A..D) per point. The four points come from four distant spans of
// the rows, so that memory is read as four long sequential streams: four
// neighbouring rows per call read from memory at half the speed.

// dotBlocks4 advances the lanes acc[4r:4r+4] of four points x[r] over
// blocks whole blocks of 8 elements (x[r] and y from the first element of
// the blocks). Nil means no kernel for this CPU: rowDots then calls gonum
// per row (dot_amd64.go sets it).
var dotBlocks4 func(x *[4][]float32, y []float32, blocks int, acc *[16]float64)

// dotBlocks4Generic is dotBlocks4 in Go: the specification of the assembly
// (the tests compare them) and of the order.
func dotBlocks4Generic(x *[4][]float32, y []float32, blocks int, acc *[16]float64) {
	for r := range 4 {
		xr, a := x[r], acc[4*r:4*r+4:4*r+4]
		for j := 0; j < 8*blocks; j++ {
			a[j&3] += float64(xr[j]) * float64(y[j])
		}
	}
}

// dot32 is gonum's x·y (float64 accumulation), the reference.
func dot32(x, y []float32) float64 {
	return blas32.DDot(blas32.Vector{N: len(y), Inc: 1, Data: x}, blas32.Vector{N: len(y), Inc: 1, Data: y})
}

// centreTrim is the number of leading elements gonum's kernel adds one by
// one before y is 16-byte aligned.
func centreTrim(y []float32) int {
	if len(y) == 0 {
		return 0
	}
	return int((16-uintptr(unsafe.Pointer(&y[0]))&15)&15) / 4
}

// dotFinish combines the lanes after the blocks and adds the products from
// element j on.
func dotFinish(a *[4]float64, x, y []float32, j int, hadBlocks bool) float64 {
	if hadBlocks {
		a[0] += a[2]
		a[1] += a[3]
	}
	n := len(y)
	for ; j+2 <= n; j += 2 {
		a[0] += float64(x[j]) * float64(y[j])
		a[1] += float64(x[j+1]) * float64(y[j+1])
	}
	if j < n {
		a[0] += float64(x[j]) * float64(y[j])
	}
	return a[0] + a[1]
}

// dot4 computes out[r] = x[r]·y for four points in gonum's order, the
// blocks with kernel.
func dot4(kernel func(*[4][]float32, []float32, int, *[16]float64), x *[4][]float32, y []float32, out *[4]float64) {
	n := len(y)
	t := min(centreTrim(y), n)
	var acc [16]float64
	for r := range 4 {
		xr := x[r][:n]
		for i := 0; i < t; i++ {
			acc[4*r] += float64(xr[i]) * float64(y[i])
		}
	}
	if t == n {
		for r := range 4 {
			out[r] = acc[4*r] + acc[4*r+1]
		}
		return
	}
	blocks := (n - t) / 8
	if blocks > 0 {
		var xs [4][]float32
		for r := range 4 {
			xs[r] = x[r][t:n]
		}
		kernel(&xs, y[t:n], blocks, &acc)
	}
	for r := range 4 {
		a := [4]float64(acc[4*r : 4*r+4])
		out[r] = dotFinish(&a, x[r][:n], y, t+8*blocks, blocks > 0)
	}
}

// rowDots sets out[k] to row idx[k] of emb (dim columns) dotted with y,
// gonum's bits, with kernel (nil: gonum row by row). Point r of each kernel
// call is taken from the r-th quarter of idx, so each quarter is read in
// order as one stream.
func rowDots(kernel func(*[4][]float32, []float32, int, *[16]float64), emb []float32, dim int, idx []int32, y []float32, out []float64) {
	row := func(i int32) []float32 { return emb[int(i)*dim : (int(i)+1)*dim] }
	h := len(idx) / 4
	if kernel == nil {
		h = 0
	}
	var x [4][]float32
	var o [4]float64
	for k := 0; k < h; k++ {
		for r := range 4 {
			x[r] = row(idx[r*h+k])
		}
		dot4(kernel, &x, y, &o)
		for r := range 4 {
			out[r*h+k] = o[r]
		}
	}
	for k := 4 * h; k < len(idx); k++ {
		out[k] = dot32(row(idx[k]), y)
	}
}
