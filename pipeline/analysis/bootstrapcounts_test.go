package analysis

import (
	"sync"
	"testing"
)

func TestBootstrapCountsAreTheDrawsOfBootstrapEach(t *testing.T) {
	const n, reps, seed = 1000, 40, 7
	want := make([][]int, reps)
	var mu sync.Mutex
	if err := bootstrapEach(n, reps, seed, func(b int, sample []int) {
		c := make([]int, n)
		for _, k := range sample {
			c[k]++
		}
		mu.Lock()
		want[b] = c
		mu.Unlock()
	}); err != nil {
		t.Fatal(err)
	}
	seen := make([]bool, reps)
	if err := bootstrapCounts(n, reps, seed, func(b int, w []uint16, big map[int]int) {
		mu.Lock()
		defer mu.Unlock()
		seen[b] = true
		for k := range n {
			if got := int(w[k]) + big[k]; got != want[b][k] {
				t.Errorf("replicate %d, item %d: counted %d draws, bootstrapEach drew it %d times", b, k, got, want[b][k])
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
