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

// A listKernel advances the lanes acc[4p:4p+4] of point p, for every p <
// len(rows), over blocks whole blocks of 8 elements: rows[p] points at the
// point's first element of the blocks, y is the centre from the same
// element. Points are taken four at a time (len(rows) is a multiple of 4).
type listKernel func(rows []*float32, y []float32, blocks int, acc []float64)

// dotKernel is the kernel for this CPU; nil means none, and rowDots calls
// gonum row by row (dot_amd64.go sets it).
var dotKernel listKernel

// dotListGeneric is the kernel in Go: the specification of the assembly
// (the tests compare both with gonum).
func dotListGeneric(rows []*float32, y []float32, blocks int, acc []float64) {
	for p, ptr := range rows {
		x, a := unsafe.Slice(ptr, 8*blocks), acc[4*p:4*p+4:4*p+4]
		for j := range x {
			a[j&3] += float64(x[j]) * float64(y[j])
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
func dotFinish(a []float64, x, y []float32, j int, hadBlocks bool) float64 {
	a = a[:4]
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

// dotScratch is rowDots's working memory for one chunk of points.
type dotScratch struct {
	rows []*float32
	acc  []float64
}

// dotChunk is the number of points per kernel call: a few hundred KB of
// scratch, and a call's overhead spread over about 2 MB of rows.
const dotChunk = 1024

// rowDots sets out[k] to row idx[k] of emb (dim columns) dotted with y,
// gonum's bits, with kernel (nil: gonum row by row). The kernel takes the
// points four at a time, the r-th of each four from the r-th quarter of
// idx, so that each quarter is read in order as one sequential stream
// (four neighbouring rows at a time read from memory at half the speed).
func rowDots(kernel listKernel, emb []float32, dim int, idx []int32, y []float32, out []float64, sc *dotScratch) {
	row := func(i int32) []float32 { return emb[int(i)*dim : (int(i)+1)*dim] }
	t := min(centreTrim(y), dim)
	blocks := (dim - t) / 8
	h := len(idx) / 4
	if kernel == nil || blocks == 0 {
		h = 0
	}
	if h > 0 && sc.rows == nil {
		sc.rows, sc.acc = make([]*float32, dotChunk), make([]float64, 4*dotChunk)
	}
	for k0 := 0; k0 < h; k0 += dotChunk / 4 {
		g := min(dotChunk/4, h-k0)
		rows, acc := sc.rows[:4*g], sc.acc[:16*g]
		for k := range g {
			for r := range 4 {
				x, a := row(idx[r*h+k0+k]), acc[16*k+4*r:16*k+4*r+4]
				a[0], a[1], a[2], a[3] = 0, 0, 0, 0
				for j := range t {
					a[0] += float64(x[j]) * float64(y[j])
				}
				rows[4*k+r] = &x[t]
			}
		}
		kernel(rows, y[t:], blocks, acc)
		for k := range g {
			for r := range 4 {
				out[r*h+k0+k] = dotFinish(acc[16*k+4*r:], row(idx[r*h+k0+k]), y, t+8*blocks, true)
			}
		}
	}
	for k := 4 * h; k < len(idx); k++ {
		out[k] = dot32(row(idx[k]), y)
	}
}
