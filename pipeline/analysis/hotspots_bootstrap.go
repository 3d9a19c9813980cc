package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"

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
	// Transpose the per-cluster clause counts into one list per clause
	// (CSR by clause: clause c's clusters are at off[c]:off[c+1], in
	// cluster order), so that a replicate computes each clause's sums as a
	// dot product of its list with the draw counts: no branch on whether a
	// cluster was drawn (a third are not, at random) and no loop over the
	// clusters that implicate nothing.
	off := make([]int32, nc+1)
	for _, list := range cls {
		for _, x := range list {
			off[x.clause+1]++
		}
	}
	for c := 0; c < nc; c++ {
		off[c+1] += off[c]
	}
	at := append([]int32(nil), off[:nc]...)
	ks := make([]int32, off[nc])   // cluster of each entry
	hl := make([]int32, 2*off[nc]) // its high, low counts
	for k, list := range cls {
		for _, x := range list {
			e := at[x.clause]
			at[x.clause]++
			ks[e] = int32(k)
			hl[2*e], hl[2*e+1] = x.h, x.l
		}
	}
	cls = nil
	// packed holds each entry's counts as high<<32 | low when no sum can
	// pass 32 bits: a replicate draws len(hs) clusters in all, so a
	// clause's low sum is at most len(hs) times the largest low count (and
	// likewise high). Replicates with a count past 16 bits (big) take the
	// two-sum path.
	var packed []uint64
	maxC := int64(0)
	for _, v := range hl {
		maxC = max(maxC, int64(v))
	}
	if int64(len(hs))*maxC < packLimit {
		packed = make([]uint64, off[nc])
		for e := range packed {
			packed[e] = uint64(hl[2*e])<<32 | uint64(hl[2*e+1])
		}
	}
	// rep[b*nc+c] is clause c's lift in replicate b.
	rep := make([]float64, reps*nc)
	if err := bootstrapCounts(len(hs), reps, seed, func(b int, w []uint16, big map[int]int) {
		var th, tl int
		for k, m := range w {
			th += int(m) * int(hs[k])
			tl += int(m) * int(ls[k])
		}
		for k, x := range big {
			th += x * int(hs[k])
			tl += x * int(ls[k])
		}
		for c := 0; c < nc; c++ {
			var h, l int
			if packed != nil && big == nil {
				// One multiply-add per entry: the high count in the upper
				// 32 bits, the low in the lower; neither sum can carry
				// across (see packed).
				var acc uint64
				for e := off[c]; e < off[c+1]; e++ {
					acc += uint64(w[ks[e]]) * packed[e]
				}
				h, l = int(acc>>32), int(acc&(1<<32-1))
			} else {
				for e := off[c]; e < off[c+1]; e++ {
					m := int(w[ks[e]])
					h += m * int(hl[2*e])
					l += m * int(hl[2*e+1])
				}
			}
			for e := off[c]; big != nil && e < off[c+1]; e++ {
				x := big[int(ks[e])]
				h += x * int(hl[2*e])
				l += x * int(hl[2*e+1])
			}
			v := ratioOfRates(h, th, l, tl)
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

// bootstrapCounts is Bootstrap for statistics that need only how often
// each item was drawn: fn(b, w, big) learns that replicate b drew item k
// w[k] + big[k] times, from the same draws Bootstrap makes for b (big
// holds the multiples of 65,536 a count wraps past, and is nil when none
// did). Counting as the draws are made, in 16 bits, keeps the counts of
// 411K clusters (0.8 MB) within a core's L2 cache. fn is called
// concurrently for different b.
func bootstrapCounts(n, reps int, seed uint64, fn func(b int, w []uint16, big map[int]int)) error {
	return eachReplicate(n, reps, seed, func() func(b int, rng *rand.Rand) {
		counts := make([]uint16, n)
		return func(b int, rng *rand.Rand) {
			clear(counts)
			var big map[int]int
			for range n {
				countDraw(counts, &big, rng.IntN(n))
			}
			fn(b, counts, big)
		}
	})
}

// countDraw counts one draw of item k: in counts[k], and in (*big)[k] the
// multiples of 65,536 that counts[k] wraps past.
func countDraw(counts []uint16, big *map[int]int, k int) {
	counts[k]++
	if counts[k] == 0 {
		if *big == nil {
			*big = map[int]int{}
		}
		(*big)[k] += 1 << 16
	}
}

// packLimit bounds a clause's sums for the packed path of LiftClusterCIs;
// a variable so that a test can send small inputs down the other path.
var packLimit int64 = 1 << 32
