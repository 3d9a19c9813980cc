//go:build amd64 && !purego

package analysis

import "golang.org/x/sys/cpu"

func init() {
	// The kernel uses AVX instructions only (256-bit conversions, multiplies
	// and adds); an FMA would lengthen the dependent chain of each lane.
	if cpu.X86.HasAVX {
		dotBlocks4 = dotBlocks4AVX
	}
}

// dotBlocks4AVX is dotBlocks4 in assembly (dot_amd64.s).
func dotBlocks4AVX(x *[4][]float32, y []float32, blocks int, acc *[16]float64) {
	n := 8 * blocks
	if n == 0 {
		return
	}
	_, _, _, _, _ = x[0][n-1], x[1][n-1], x[2][n-1], x[3][n-1], y[n-1] // bounds, once
	dotBlocks4Asm(&x[0][0], &x[1][0], &x[2][0], &x[3][0], &y[0], blocks, acc)
}

//go:noescape
func dotBlocks4Asm(x0, x1, x2, x3, y *float32, blocks int, acc *[16]float64)
