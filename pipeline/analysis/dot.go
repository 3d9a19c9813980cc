package analysis

import "unsafe"

// The k-center pass spends its time in one dot product per point and centre:
// float32 embeddings, float64 accumulation. Its summation order must stay
// the one the pass has always used (gonum's DdotUnitary, SSE2), or near-ties
// among hashed embeddings resolve differently and the selection order
// changes. That order, for x·y with y the centre:
//
//   - the first trim products (trim = elements until y is 16-byte aligned)
//     go sequentially into lane A;
//   - then lanes A, B, C, D take the products of elements j, j+1, j+2, j+3
//     (j counted from trim) in steps of 4, for every whole block of 8;
//   - after at least one block, A += C and B += D;
//   - remaining pairs go into A and B, a last odd product into A;
//   - the result is A + B.
//
// Each lane is a sequential sum, so the order cannot be split further within
// one product; the AVX2/FMA kernel (dot_amd64.s) instead computes four
// points against the centre at once, one ymm register (lanes A..D) per
// point. A product of two float32s is exact in float64, so the fused
// multiply-add rounds as gonum's multiply then add: same bits
// (dot_test.go checks against gonum).

// dotBlocks4 advances the lanes of four points over blocks whole blocks of 8
// elements: acc[4r:4r+4] are lanes A..D of point r, x[r] its elements from
// the first one of the blocks, y the centre from the same position. The
// AVX2/FMA kernel replaces it when the CPU has both (dot_amd64.go).
var dotBlocks4 = dotBlocks4Generic

func dotBlocks4Generic(x *[4][]float32, y []float64, blocks int, acc *[16]float64) {
	for r := range 4 {
		xr, a := x[r], acc[4*r:4*r+4:4*r+4]
		for j := 0; j < 8*blocks; j++ {
			a[j&3] += float64(xr[j]) * y[j]
		}
	}
}

// centreTrim is the number of leading elements gonum's kernel adds one by
// one before y (a centre row, float32) is 16-byte aligned.
func centreTrim(y []float32) int {
	if len(y) == 0 {
		return 0
	}
	return int((16-uintptr(unsafe.Pointer(&y[0]))&15)&15) / 4
}

// dotOrdered returns x·y in the order above, trim from centreTrim of the
// float32 centre that y converts.
func dotOrdered(x []float32, y []float64, trim int) float64 {
	n := len(x)
	y = y[:n]
	var a [4]float64
	t := min(trim, n)
	for i := 0; i < t; i++ {
		a[0] += float64(x[i]) * y[i]
	}
	if t == n {
		return a[0] + a[1]
	}
	blocks := (n - t) / 8
	for j := t; j < t+8*blocks; j++ {
		a[(j-t)&3] += float64(x[j]) * y[j]
	}
	return dotFinish(&a, x, y, t+8*blocks, blocks > 0)
}

// dotFinish combines the lanes after the blocks and adds the products from
// element j on.
func dotFinish(a *[4]float64, x []float32, y []float64, j int, hadBlocks bool) float64 {
	if hadBlocks {
		a[0] += a[2]
		a[1] += a[3]
	}
	n := len(x)
	for ; j+2 <= n; j += 2 {
		a[0] += float64(x[j]) * y[j]
		a[1] += float64(x[j+1]) * y[j+1]
	}
	if j < n {
		a[0] += float64(x[j]) * y[j]
	}
	return a[0] + a[1]
}

// dot4 computes the dot products of four points with the centre y (trim
// from centreTrim) into out, each in the order of dotOrdered.
func dot4(x *[4][]float32, y []float64, trim int, out *[4]float64) {
	n := len(y)
	t := min(trim, n)
	var acc [16]float64
	for r := range 4 {
		for i := 0; i < t; i++ {
			acc[4*r] += float64(x[r][i]) * y[i]
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
		dotBlocks4(&xs, y[t:n], blocks, &acc)
	}
	for r := range 4 {
		a := [4]float64(acc[4*r : 4*r+4])
		out[r] = dotFinish(&a, x[r], y, t+8*blocks, blocks > 0)
	}
}
