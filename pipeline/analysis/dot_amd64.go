//go:build amd64 && !purego

package analysis

import "golang.org/x/sys/cpu"

func init() {
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		dotBlocks4 = dotBlocks4AVX2
	}
}

// dotBlocks4AVX2 is dotBlocks4 in AVX2/FMA (dot_amd64.s).
func dotBlocks4AVX2(x *[4][]float32, y []float64, blocks int, acc *[16]float64) {
	n := 8 * blocks
	if n == 0 {
		return
	}
	_, _, _, _, _ = x[0][n-1], x[1][n-1], x[2][n-1], x[3][n-1], y[n-1] // bounds, once
	dotBlocks4FMA(&x[0][0], &x[1][0], &x[2][0], &x[3][0], &y[0], blocks, acc)
}

//go:noescape
func dotBlocks4FMA(x0, x1, x2, x3 *float32, y *float64, blocks int, acc *[16]float64)
