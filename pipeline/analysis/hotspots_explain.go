package analysis

import (
	"fmt"
	"math"
	"slices"

	"github.com/specstress/specstress/pipeline"
)

// explainAway applies the contradiction/ambiguity rule of HotspotRules:
// the gaps' uncovered scenarios are set aside, then pairs and single
// clauses compete, round by round, on the scenarios still unexplained;
// the winner explains its own scenarios. Without this, every clause that
// often shares a scenario with a vague clause, a contested pair or an
// uncovered value would inherit its disagreement.
func (res *HotspotResult) explainAway(in *HotspotInput, gap []Hotspot, keys func([]int) []pipeline.ScenarioKey) []Hotspot {
	o := res.Options
	gapValue := map[string]bool{}
	for _, h := range gap {
		gapValue[h.Subject] = true
	}
	explained := make([]bool, len(in.D))
	for r, d := range in.D {
		explained[r] = math.IsNaN(d) ||
			(len(in.Side1[r]) == 0 && gapValue[in.Value1[r]]) || (len(in.Side2[r]) == 0 && gapValue[in.Value2[r]])
	}
	nc := len(in.Clauses)
	// Bonferroni: every pair and clause with MinCount high scenarios
	// overall is a candidate.
	m := 0
	for _, c := range res.ClauseStats {
		if c.HighN >= o.MinCount {
			m++
		}
	}
	for _, p := range res.Pairs {
		if p.HighN >= o.MinCount {
			m++
		}
	}
	level := bonferroni(o.Level, m)
	type pk struct{ a, b int32 }
	implicates := func(r int, c int32) bool { return slices.Contains(in.Side1[r], c) || slices.Contains(in.Side2[r], c) }
	opposite := func(r int, k pk) bool {
		return (slices.Contains(in.Side1[r], k.a) && slices.Contains(in.Side2[r], k.b)) ||
			(slices.Contains(in.Side1[r], k.b) && slices.Contains(in.Side2[r], k.a))
	}
	var out []Hotspot
	rejected := map[pk]bool{} // won a round but from too few distinct value pairs
	// Counts over the unexplained scenarios, kept up to date by
	// subtracting each round's newly explained rows: one pass over the
	// data, not one per round.
	high, low := make([]int, nc), make([]int, nc)
	ph, pl := map[pk]int{}, map[pk]int{}
	nh, nl := 0, 0
	mark, stamp := make([]int, nc), 0 // mark[c] == stamp: c already counted for this call
	var seen []pk
	count := func(r, sign int) {
		stamp++
		isHigh := in.D[r] >= o.High
		if isHigh {
			nh += sign
		} else {
			nl += sign
		}
		for _, side := range [2][]int32{in.Side1[r], in.Side2[r]} {
			for _, c := range side {
				if mark[c] == stamp {
					continue
				}
				mark[c] = stamp
				if isHigh {
					high[c] += sign
				} else {
					low[c] += sign
				}
			}
		}
		seen = seen[:0]
		for _, a := range in.Side1[r] {
			for _, b := range in.Side2[r] {
				k := pk{min(a, b), max(a, b)}
				if a == b || slices.Contains(seen, k) {
					continue
				}
				seen = append(seen, k)
				if isHigh {
					ph[k] += sign
				} else {
					pl[k] += sign
				}
			}
		}
	}
	for r := range in.D {
		if !explained[r] {
			count(r, 1)
		}
	}
	for {
		if nh == 0 || nl == 0 {
			return out
		}
		bestLo := 1.0
		var best *Hotspot
		var bestPair pk
		consider := func(h, l int, kind, subject string, pair pk) {
			if h < o.MinCount || rejected[pair] {
				return
			}
			lift := ratioOfRates(h, nh, l, nl)
			ci := classifyCI(h, nh, l, nl, level)
			if !above(ci) || !(ci.Lo > bestLo) {
				return
			}
			bestLo = ci.Lo
			best = &Hotspot{Kind: kind, Subject: subject, HighN: h, Lift: lift, LiftCI: ci}
			bestPair = pair
		}
		// Pairs first, in a fixed order, and a later candidate must beat
		// the bound strictly: on a tie a pair wins over its own clauses
		// (the disagreement sits where they meet), and results do not
		// depend on map order.
		cand := make([]pk, 0, len(ph))
		for k := range ph {
			cand = append(cand, k)
		}
		slices.SortFunc(cand, func(x, y pk) int {
			if x.a != y.a {
				return int(x.a - y.a)
			}
			return int(x.b - y.b)
		})
		for _, k := range cand {
			consider(ph[k], pl[k], "contradiction", in.Clauses[k.a]+" <> "+in.Clauses[k.b], k)
		}
		for c := int32(0); int(c) < nc; c++ {
			consider(high[c], low[c], "ambiguity", in.Clauses[c], pk{c, -1})
		}
		if best == nil {
			return out
		}
		var rows, high []int
		for r := range in.D {
			if explained[r] {
				continue
			}
			var hit bool
			if bestPair.b < 0 {
				hit = implicates(r, bestPair.a)
			} else {
				hit = opposite(r, bestPair)
			}
			if hit {
				rows = append(rows, r)
				if in.D[r] >= o.High {
					high = append(high, r)
				}
			}
		}
		if distinctPairs(in.Keys, high) < o.MinCount {
			rejected[bestPair] = true
			continue
		}
		for _, r := range rows {
			explained[r] = true
			count(r, -1)
		}
		rows = high
		best.Examples = keys(rows)
		if best.Kind == "contradiction" {
			best.pair = [2]int32{bestPair.a, bestPair.b}
			best.Why = fmt.Sprintf("on opposite sides of %d unexplained high-D scenarios", best.HighN)
		} else {
			best.Why = fmt.Sprintf("implicated in %d unexplained high-D scenarios with no rival clause that explains them better", best.HighN)
			if cs := res.ClauseStats[bestPair.a]; !math.IsNaN(cs.AmbiguousShare) {
				best.Why += fmt.Sprintf("; %.0f%% of judge decisions on its scenarios ambiguous", 100*cs.AmbiguousShare)
			}
		}
		out = append(out, *best)
	}
}

// distinctPairs is the number of distinct value pairs (chunk_index,
// entry_idx) among rows: a neutral query and its two nudged rewrites share
// a pair, so they are one piece of evidence, not three.
func distinctPairs(keys []pipeline.ScenarioKey, rows []int) int {
	seen := map[pipeline.PairKey]bool{}
	for _, r := range rows {
		seen[keys[r].Pair()] = true
	}
	return len(seen)
}
