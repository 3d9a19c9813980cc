//go:build amd64 && !purego

package dotavx2

import "golang.org/x/sys/cpu"

// hasAVX2 says whether the assembly kernels may run on this CPU.
var hasAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

func blocks2AVX2(x [][]float32, y []float32, blocks int, acc []float64) {
	n := 8 * blocks
	_, _, _, _ = x[0][n-1], x[1][n-1], y[n-1], acc[7]
	dot2AVX2(&x[0][0], &x[1][0], &y[0], blocks, (*[8]float64)(acc))
}

func blocks4AVX2(x [][]float32, y []float32, blocks int, acc []float64) {
	n := 8 * blocks
	_, _, _, _, _, _ = x[0][n-1], x[1][n-1], x[2][n-1], x[3][n-1], y[n-1], acc[15]
	dot4AVX2(&x[0][0], &x[1][0], &x[2][0], &x[3][0], &y[0], blocks, (*[16]float64)(acc))
}

func blocks4FMA(x [][]float32, y []float32, blocks int, acc []float64) {
	n := 8 * blocks
	_, _, _, _, _, _ = x[0][n-1], x[1][n-1], x[2][n-1], x[3][n-1], y[n-1], acc[15]
	dot4FMA(&x[0][0], &x[1][0], &x[2][0], &x[3][0], &y[0], blocks, (*[16]float64)(acc))
}

//go:noescape
func dot2AVX2(x0, x1, y *float32, blocks int, acc *[8]float64)

//go:noescape
func dot4AVX2(x0, x1, x2, x3, y *float32, blocks int, acc *[16]float64)

//go:noescape
func dot4FMA(x0, x1, x2, x3, y *float32, blocks int, acc *[16]float64)

//go:noescape
func readStream(p *float32, blocks int) float32

//go:noescape
func dot4List(ptrs *uintptr, y *float32, blocks, groups int, out *float64)
