//go:build amd64 && !purego

package analysis

import (
	"math"
	"math/rand/v2"
	"testing"

	"golang.org/x/sys/cpu"
)

// TestDotAVX2MatchesPortable calls the assembly kernel directly (not
// through the run-time choice), so it is tested on every AVX2/FMA machine.
func TestDotAVX2MatchesPortable(t *testing.T) {
	if !cpu.X86.HasAVX2 || !cpu.X86.HasFMA {
		t.Skip("CPU without AVX2/FMA: the portable loop is in use")
	}
	r := rand.New(rand.NewPCG(13, 14))
	for blocks := 0; blocks <= 100; blocks++ {
		var x [4][]float32
		for k := range x {
			x[k] = spread(r, 8*blocks)
		}
		y := to64(spread(r, 8*blocks))
		var init [16]float64
		for k := range init {
			init[k] = r.NormFloat64()
		}
		got, want := init, init
		dotBlocks4AVX2(&x, y, blocks, &got)
		dotBlocks4Generic(&x, y, blocks, &want)
		for k := range got {
			if math.Float64bits(got[k]) != math.Float64bits(want[k]) {
				t.Fatalf("blocks=%d lane %d: AVX2 %v, portable %v", blocks, k, got[k], want[k])
			}
		}
	}
}
