package analysis

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"
)

func TestBootstrapCountsAreTheDrawsOfBootstrap(t *testing.T) {
	const n, reps, seed = 1000, 40, 7
	// Bootstrap's replicate b draws n items from the PCG stream (seed, b).
	want := make([][]int, reps)
	for b := range want {
		rng := rand.New(rand.NewPCG(seed, uint64(b)))
		want[b] = make([]int, n)
		for range n {
			want[b][rng.IntN(n)]++
		}
	}
	var mu sync.Mutex
	seen := make([]bool, reps)
	if err := bootstrapCounts(n, reps, seed, func(b int, w []uint16, big map[int]int) {
		mu.Lock()
		defer mu.Unlock()
		seen[b] = true
		for k := range n {
			if got := int(w[k]) + big[k]; got != want[b][k] {
				t.Errorf("replicate %d, item %d: counted %d draws, Bootstrap draws it %d times", b, k, got, want[b][k])
				return
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	for b, ok := range seen {
		if !ok {
			t.Errorf("replicate %d never reached fn", b)
		}
	}
}

func TestCountDrawKeepsCountsPast16Bits(t *testing.T) {
	counts := make([]uint16, 3)
	var big map[int]int
	for range 200_000 {
		countDraw(counts, &big, 1)
	}
	countDraw(counts, &big, 2)
	if got := int(counts[1]) + big[1]; got != 200_000 {
		t.Errorf("item 1 drawn 200000 times, counted %d", got)
	}
	if got := int(counts[2]) + big[2]; got != 1 {
		t.Errorf("item 2 drawn once, counted %d", got)
	}
	if counts[0] != 0 || big[0] != 0 {
		t.Errorf("item 0 never drawn, counted %d", int(counts[0])+big[0])
	}
}

// The packed sums (one multiply-add per entry) and the two-sum path give
// the same intervals; the packed path applies whenever no sum can pass 32
// bits, so the test lowers the limit to send the same input down both.
func TestLiftClusterCIsSameWithoutPackedSums(t *testing.T) {
	in, _ := plantedScenarios(t, 3000, 5)
	res, err := Hotspots(in, HotspotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	packed, err := res.LiftClusterCIs(in, 300, 0.95, 11)
	if err != nil {
		t.Fatal(err)
	}
	defer func(l int64) { packLimit = l }(packLimit)
	packLimit = 0
	plain, err := res.LiftClusterCIs(in, 300, 0.95, 11)
	if err != nil {
		t.Fatal(err)
	}
	defined := 0
	for c := range packed {
		p, q := packed[c], plain[c]
		same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
		if !same(p.Lo, q.Lo) || !same(p.Hi, q.Hi) || !same(p.Estimate, q.Estimate) {
			t.Errorf("clause %d: packed %+v, two sums %+v", c, p, q)
		}
		if !math.IsNaN(p.Lo) {
			defined++
		}
	}
	if defined == 0 {
		t.Fatal("no clause has a defined interval: the comparison compares nothing")
	}
}
