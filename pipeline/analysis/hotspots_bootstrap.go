package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/specstress/specstress/pipeline"
)

// LiftClusterCIs returns, per clause of res (in clause order), a percentile
// cluster-bootstrap interval of its high/low lift: each replicate draws the
// value-pair clusters (chunk_index, entry_idx of in.Keys: a neutral query
// and its two nudged rewrites) with replacement, pools their scenarios and
// recomputes the high and low totals and each clause's counts. The log
// interval of ClauseStat.LiftCI treats the three scenarios of a pair as
// independent; this one does not, so where they move together it is wider.
// Replicates whose lift is undefined (a zero count) are dropped; a clause
// whose every replicate is undefined gets NaN bounds. in must be the input
// res was computed from; replicate b uses the PCG stream (seed, b).
func (res *HotspotResult) LiftClusterCIs(in *HotspotInput, reps int, level float64, seed uint64) ([]CI, error) {
	n := len(in.D)
	if len(in.Keys) != n || len(in.Side1) != n || len(in.Side2) != n {
		return nil, fmt.Errorf("lift bootstrap: columns of unequal length")
	}
	if len(res.ClauseStats) != len(in.Clauses) {
		return nil, fmt.Errorf("lift bootstrap: result has %d clauses, input %d", len(res.ClauseStats), len(in.Clauses))
	}
	if level == 0 {
		level = res.Options.Level
	}
	high := res.Options.High
	// Per cluster: its high and low scenario counts and, sparsely, each
	// implicated clause's high and low counts.
	type cc struct {
		clause int32
		h, l   int32
	}
	idx := map[pipeline.PairKey]int{}
	var hs, ls []int32
	var cls [][]cc
	mark := make([]int, len(in.Clauses))
	for r := 0; r < n; r++ {
		d := in.D[r]
		if math.IsNaN(d) {
			continue
		}
		k := in.Keys[r].Pair()
		c, ok := idx[k]
		if !ok || (k.Chunk < 0 && k.Entry < 0) {
			c = len(hs)
			idx[k] = c
			hs, ls, cls = append(hs, 0), append(ls, 0), append(cls, nil)
		}
		isHigh := d >= high
		if isHigh {
			hs[c]++
		} else {
			ls[c]++
		}
		for _, side := range [2][]int32{in.Side1[r], in.Side2[r]} {
			for _, cl := range side {
				if mark[cl] == r+1 {
					continue
				}
				mark[cl] = r + 1
				j := -1
				for i := range cls[c] {
					if cls[c][i].clause == cl {
						j = i
						break
					}
				}
				if j < 0 {
					cls[c] = append(cls[c], cc{clause: cl})
					j = len(cls[c]) - 1
				}
				if isHigh {
					cls[c][j].h++
				} else {
					cls[c][j].l++
				}
			}
		}
	}
	if len(hs) == 0 {
		return nil, fmt.Errorf("lift bootstrap: no scenario has a defined D")
	}
	nc := len(in.Clauses)
	// Flatten the per-cluster clause counts (CSR: cluster k's entries are
	// at off[k]:off[k+1]) so a replicate streams through memory.
	off := make([]int32, len(cls)+1)
	var ids []int32
	var hl []int32 // high, low pairs
	for k, list := range cls {
		for _, x := range list {
			ids = append(ids, x.clause)
			hl = append(hl, x.h, x.l)
		}
		off[k+1] = int32(len(ids))
	}
	cls = nil
	// rep[b*nc+c] is clause c's lift in replicate b.
	rep := make([]float64, reps*nc)
	// Per worker: how often each cluster was drawn, and the clause sums.
	// Counting the draws first and then walking the clusters in order
	// touches memory sequentially; following the draws would jump around
	// it once per draw.
	type scratch struct {
		w    []int32
		h, l []int
	}
	var pool sync.Pool
	pool.New = func() any { return &scratch{w: make([]int32, len(hs)), h: make([]int, nc), l: make([]int, nc)} }
	if err := bootstrapEach(len(hs), reps, seed, func(b int, s []int) {
		sc := pool.Get().(*scratch)
		defer pool.Put(sc)
		w, h, l := sc.w, sc.h, sc.l
		clear(w)
		clear(h)
		clear(l)
		for _, k := range s {
			w[k]++
		}
		var th, tl int
		for k, m := range w {
			if m == 0 {
				continue
			}
			th += int(m * hs[k])
			tl += int(m * ls[k])
			for e := off[k]; e < off[k+1]; e++ {
				c := ids[e]
				h[c] += int(m * hl[2*e])
				l[c] += int(m * hl[2*e+1])
			}
		}
		for c := 0; c < nc; c++ {
			v := ratioOfRates(h[c], th, l[c], tl)
			if math.IsInf(v, 0) {
				v = math.NaN()
			}
			rep[b*nc+c] = v
		}
	}); err != nil {
		return nil, err
	}
	out := make([]CI, nc)
	col := make([]float64, reps)
	for c := 0; c < nc; c++ {
		for b := 0; b < reps; b++ {
			col[b] = rep[b*nc+c]
		}
		name := "lift " + in.Clauses[c]
		ci, err := PercentileCI(name, res.ClauseStats[c].Lift, col, level, seed)
		if err != nil {
			ci = CI{Stat: name, Estimate: res.ClauseStats[c].Lift, Lo: math.NaN(), Hi: math.NaN(), Level: level, Seed: seed}
		}
		out[c] = ci
	}
	return out, nil
}

// bootstrapEach is Bootstrap for statistics of many numbers: fn(b, sample)
// gets replicate b's draw (the same draw Bootstrap makes for b) and stores
// what it computes itself. fn is called concurrently for different b.
func bootstrapEach(n, reps int, seed uint64, fn func(b int, sample []int)) error {
	if n <= 0 {
		return fmt.Errorf("bootstrap: %d items", n)
	}
	if reps <= 0 {
		return fmt.Errorf("bootstrap: %d replicates", reps)
	}
	workers := min(runtime.GOMAXPROCS(0), reps)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sample := make([]int, n)
			for b := w; b < reps; b += workers {
				rng := rand.New(rand.NewPCG(seed, uint64(b)))
				for i := range sample {
					sample[i] = rng.IntN(n)
				}
				fn(b, sample)
			}
		}()
	}
	wg.Wait()
	return nil
}
