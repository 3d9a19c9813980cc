package analysis

import (
	"fmt"
	"math"

	"github.com/specstress/specstress/pipeline"
)

// ambiguities applies the ambiguity rule of HotspotRules: scenarios
// explained by a contradiction or a gap are set aside, then clauses are
// picked greedily by the lower bound of their lift over what is left, each
// pick explaining its own scenarios. Without this, every clause that often
// shares a scenario with a vague clause or an uncovered value would inherit
// its disagreement and be reported as ambiguous too.
func (res *HotspotResult) ambiguities(in *HotspotInput, con, gap []Hotspot, inPair map[string]bool,
	keys func([]int) []pipeline.ScenarioKey) []Hotspot {
	o := res.Options
	conPairs := map[[2]int32]bool{}
	for _, h := range con {
		conPairs[h.pair] = true
	}
	gapValue := map[string]bool{}
	for _, h := range gap {
		gapValue[h.Subject] = true
	}
	has := func(side []int32, c int32) bool {
		for _, x := range side {
			if x == c {
				return true
			}
		}
		return false
	}
	explained := make([]bool, len(in.D))
	for r, d := range in.D {
		if math.IsNaN(d) {
			explained[r] = true
			continue
		}
		s1, s2 := in.Side1[r], in.Side2[r]
		if (len(s1) == 0 && gapValue[in.Value1[r]]) || (len(s2) == 0 && gapValue[in.Value2[r]]) {
			explained[r] = true
			continue
		}
		for p := range conPairs {
			if (has(s1, p[0]) && has(s2, p[1])) || (has(s1, p[1]) && has(s2, p[0])) {
				explained[r] = true
				break
			}
		}
	}
	var out []Hotspot
	picked := map[int32]bool{}
	nc := len(in.Clauses)
	mark := make([]int, nc)
	m := 0
	for c, cs := range res.ClauseStats {
		if !inPair[in.Clauses[c]] && cs.HighN >= o.MinCount {
			m++
		}
	}
	level := bonferroni(o.Level, m)
	for {
		high, low := make([]int, nc), make([]int, nc)
		nh, nl := 0, 0
		for r, d := range in.D {
			if explained[r] {
				continue
			}
			isHigh := d >= o.High
			if isHigh {
				nh++
			} else {
				nl++
			}
			for _, side := range [2][]int32{in.Side1[r], in.Side2[r]} {
				for _, c := range side {
					if mark[c] == r+1 {
						continue
					}
					mark[c] = r + 1
					if isHigh {
						high[c]++
					} else {
						low[c]++
					}
				}
			}
		}
		clear(mark)
		best, bestLo := int32(-1), 1.0
		var bestCI Interval
		for c := int32(0); int(c) < nc; c++ {
			if picked[c] || inPair[in.Clauses[c]] || high[c] < o.MinCount {
				continue
			}
			l := ratioOfRates(high[c], nh, low[c], nl)
			ci := FoldCI(high[c], nh, low[c], nl, level)
			lo := ci.Lo
			if math.IsInf(l, 1) {
				lo = math.Inf(1)
			}
			if above(l, ci) && lo > bestLo {
				best, bestLo, bestCI = c, lo, ci
			}
		}
		if best < 0 {
			return out
		}
		picked[best] = true
		var rows []int
		for r := range in.D {
			if !explained[r] && (has(in.Side1[r], best) || has(in.Side2[r], best)) {
				explained[r] = true
				if in.D[r] >= o.High {
					rows = append(rows, r)
				}
			}
		}
		cs := res.ClauseStats[best]
		why := fmt.Sprintf("implicated in %d high-D scenarios not explained by a contradiction, gap or earlier ambiguity", high[best])
		if !math.IsNaN(cs.AmbiguousShare) {
			why += fmt.Sprintf("; %.0f%% of judge decisions on its scenarios ambiguous", 100*cs.AmbiguousShare)
		}
		out = append(out, Hotspot{Kind: "ambiguity", Subject: in.Clauses[best], HighN: high[best],
			Lift: ratioOfRates(high[best], nh, low[best], nl), LiftCI: bestCI, Examples: keys(rows), Why: why})
	}
}
