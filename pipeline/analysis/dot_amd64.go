//go:build amd64 && !purego

package analysis

import "golang.org/x/sys/cpu"

func init() {
	// The kernel uses AVX instructions only (256-bit conversions, multiplies
	// and adds); an FMA would lengthen the dependent chain of each lane.
	if cpu.X86.HasAVX {
		dotKernel = dotListAVX
	}
}

// dotListAVX is the listKernel in assembly (dot_amd64.s). The row pointers
// come from rowDots, which takes them from rows with at least 8*blocks
// elements from the pointer on.
func dotListAVX(rows []*float32, y []float32, blocks int, acc []float64) {
	groups := len(rows) / 4
	if groups == 0 || blocks == 0 {
		return
	}
	if len(rows)%4 != 0 || len(y) < 8*blocks || len(acc) < 16*groups {
		panic("analysis: dotListAVX: rows, centre or lanes too short")
	}
	dotListAsm(&rows[0], &y[0], blocks, groups, &acc[0])
}

//go:noescape
func dotListAsm(rows **float32, y *float32, blocks, groups int, acc *float64)
