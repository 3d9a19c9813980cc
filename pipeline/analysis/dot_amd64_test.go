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
	r := rand.New(rand.NewPCG(11, 12))
	for n := 0; n <= 800; n++ {
		x, _, y64 := randomVectors(r, n)
		got, want := dotMixedAVX2(x, y64), dotMixedGeneric(x, y64)
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("n=%d: AVX2 %v, portable %v", n, got, want)
		}
	}
}
