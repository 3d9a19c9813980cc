//go:build amd64 && !purego

package analysis

import "golang.org/x/sys/cpu"

func init() {
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		dotMixed = dotMixedAVX2
	}
}

// dotMixedAVX2 is dotMixed with 4 ymm accumulators (dot_amd64.s).
func dotMixedAVX2(x []float32, y []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	y = y[:len(x)]
	return dotMixedFMA(&x[0], &y[0], len(x))
}

//go:noescape
func dotMixedFMA(x *float32, y *float64, n int) float64
