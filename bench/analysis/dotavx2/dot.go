// Package dotavx2 holds the benchmark-only experiments behind the k-center
// dot kernel of pipeline/analysis (dot.go there): which arrangement of the
// points in an AVX kernel call reads the embedding matrix fastest while
// returning the bits of gonum's Dsdot. BenchmarkPass and BenchmarkPassList
// stream a 154 MB matrix; the results are in bench/RESULTS-analysis.md.
//
// gonum's DdotUnitary (SSE2) sums x·y, y being the centre, in this order:
//
//   - the first trim products (trim = elements until y is 16-byte aligned)
//     go sequentially into lane A;
//   - then lanes A, B, C, D take the products of elements j, j+1, j+2, j+3
//     (j counted from trim) in steps of 4, for every whole block of 8;
//   - after at least one block, A += C and B += D;
//   - remaining pairs go into A and B, a last odd product into A;
//   - the result is A + B.
//
// Each lane is a sequential sum of float64 products. A float32 times a
// float32 is exact in float64, so any kernel that keeps the four lanes
// sequential returns the same bits. Within one point the lanes are one
// dependency chain of additions; the kernels gain only by interleaving
// points (independent chains), one ymm register (lanes A..D) per point.
package dotavx2

import "unsafe"

// Trim is the number of leading elements gonum's kernel adds one by one
// before y is 16-byte aligned.
func Trim(y []float32) int {
	if len(y) == 0 {
		return 0
	}
	return int((16-uintptr(unsafe.Pointer(&y[0]))&15)&15) / 4
}

// Ordered is the portable x·y in gonum's order (the reference).
func Ordered(x, y []float32) float64 {
	n := len(y)
	x = x[:n]
	var a [4]float64
	t := min(Trim(y), n)
	for i := 0; i < t; i++ {
		a[0] += float64(x[i]) * float64(y[i])
	}
	if t == n {
		return a[0] + a[1]
	}
	blocks := (n - t) / 8
	for j := t; j < t+8*blocks; j++ {
		a[(j-t)&3] += float64(x[j]) * float64(y[j])
	}
	return finish(&a, x, y, t+8*blocks, blocks > 0)
}

// finish combines the lanes after the blocks and adds the products from
// element j on.
func finish(a *[4]float64, x, y []float32, j int, hadBlocks bool) float64 {
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

// blocksGeneric advances the lanes acc[4r:4r+4] of the points x[r] over
// blocks blocks of 8 elements (x[r] and y from the first element of the
// blocks). It is the portable form of the assembly kernels.
func blocksGeneric(x [][]float32, y []float32, blocks int, acc []float64) {
	for r := range x {
		xr, a := x[r], acc[4*r:4*r+4:4*r+4]
		for j := 0; j < 8*blocks; j++ {
			a[j&3] += float64(xr[j]) * float64(y[j])
		}
	}
}

// kernel is the blocks function in use for P points at once.
type kernel func(x [][]float32, y []float32, blocks int, acc []float64)

// dotP computes out[r] = x[r]·y for len(x) points with kernel k.
func dotP(k kernel, x [][]float32, y []float32, out []float64) {
	n := len(y)
	t := min(Trim(y), n)
	var accBuf [16]float64
	acc := accBuf[:4*len(x)]
	for r := range x {
		xr := x[r][:n]
		for i := 0; i < t; i++ {
			acc[4*r] += float64(xr[i]) * float64(y[i])
		}
	}
	if t == n {
		for r := range x {
			out[r] = acc[4*r] + acc[4*r+1]
		}
		return
	}
	blocks := (n - t) / 8
	if blocks > 0 {
		var xs [4][]float32
		for r := range x {
			xs[r] = x[r][t:n]
		}
		k(xs[:len(x)], y[t:n], blocks, acc)
	}
	for r := range x {
		a := [4]float64(acc[4*r : 4*r+4])
		out[r] = finish(&a, x[r][:n], y, t+8*blocks, blocks > 0)
	}
}
