package analysis

// The k-center pass spends its time in one dot product per point and centre:
// float32 embeddings, float64 accumulation. Its summation order is fixed here
// once, for every implementation: 16 float64 partial sums (element i goes to
// sum i mod 16, each summed in index order), combined by the fixed tree of
// combine16, then the n mod 16 trailing products added in order. A product
// of two float32s is exact in float64, so a fused multiply-add rounds exactly
// as a multiply then an add: the AVX2/FMA kernel (dot_amd64.s) and the
// portable loop below return the same bits, and the selection is the same on
// every machine (dot_test.go checks the equality).

// dotMixed returns the dot product of a float32 row and a float64 centre of
// the same length in the order above; the AVX2/FMA kernel replaces it when
// the CPU has both (dot_amd64.go).
var dotMixed = dotMixedGeneric

// dotMixedGeneric is the portable dotMixed.
func dotMixedGeneric(x []float32, y []float64) float64 {
	n := len(x)
	y = y[:n]
	var a [16]float64
	i := 0
	for ; i+16 <= n; i += 16 {
		xs, ys := x[i:i+16:i+16], y[i:i+16:i+16]
		for k := range 16 {
			a[k] += float64(xs[k]) * ys[k]
		}
	}
	s := combine16(&a)
	for ; i < n; i++ {
		s += float64(x[i]) * y[i]
	}
	return s
}

// dot32 is dotMixed with a float32 second vector (the squared norms), in the
// same order, so that a point's norm equals its dot product with itself as a
// centre and the distance of duplicates is exactly zero.
func dot32(x, y []float32) float64 {
	n := len(x)
	y = y[:n]
	var a [16]float64
	i := 0
	for ; i+16 <= n; i += 16 {
		xs, ys := x[i:i+16:i+16], y[i:i+16:i+16]
		for k := range 16 {
			a[k] += float64(xs[k]) * float64(ys[k])
		}
	}
	s := combine16(&a)
	for ; i < n; i++ {
		s += float64(x[i]) * float64(y[i])
	}
	return s
}

// combine16 adds the partial sums as the AVX2 kernel does: four vectors of
// four lanes added pairwise ((v0+v1)+(v2+v3)), then the upper half onto the
// lower, then the two remaining lanes.
func combine16(a *[16]float64) float64 {
	var l [4]float64
	for m := range 4 {
		l[m] = (a[m] + a[4+m]) + (a[8+m] + a[12+m])
	}
	return (l[0] + l[2]) + (l[1] + l[3])
}
