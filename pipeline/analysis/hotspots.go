package analysis

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/specstress/specstress/pipeline"
)

// HotspotInput is what Hotspots reads: per scenario its disagreement, the
// values on its two sides, and the spec clauses implicated on each side.
// For retrieved evidence a side's clauses are those nearest to that side's
// value (spec.Retriever.Sides); for cited evidence (CitedSides) they are
// the clauses judges cite with a compliant decision (Side1) and with a
// flagged one (Side2). Either way a clause on one side and a different
// clause on the other side of a high-disagreement scenario are pulled in
// opposite directions by the same case.
type HotspotInput struct {
	Clauses      []string // clause ids; Side1/Side2 hold indexes into it
	Evidence     string   // "retrieved" or "cited": stated in every output
	Keys         []pipeline.ScenarioKey
	Value1       []string // the value on each side, per scenario
	Value2       []string
	D            []float64 // disagreement per scenario; NaN rows are left out
	Side1, Side2 [][]int32 // implicated clauses per scenario and side
	// Judged, optional, adds judge statistics: rows whose key matches a
	// scenario count for the clauses that scenario implicates.
	Judged *pipeline.Judgments
}

// HotspotOptions tunes Hotspots; zero fields take the defaults.
type HotspotOptions struct {
	High     float64 // D at or above which a scenario is high; 0 means 1.5
	Level    float64 // confidence level of the intervals; 0 means 0.95
	MinCount int     // fewest high scenarios for a hot spot; 0 means 5
	Examples int     // example scenarios per hot spot; 0 means 3
	// BootstrapReps, when > 0, adds ClauseStat.LiftBoot: a cluster
	// bootstrap over value pairs with this many replicates and seed
	// BootstrapSeed (see LiftClusterCIs).
	BootstrapReps int
	BootstrapSeed uint64
}

func (o *HotspotOptions) defaults() {
	if o.High == 0 {
		o.High = HighDisagreement
	}
	if o.Level == 0 {
		o.Level = 0.95
	}
	if o.MinCount == 0 {
		o.MinCount = 5
	}
	if o.Examples == 0 {
		o.Examples = 3
	}
}

// ClauseStat is one clause's evidence.
type ClauseStat struct {
	Clause         string
	HighN, LowN    int      // scenarios implicating it, high and low D
	HighRate       Interval // HighN / high scenarios, Wilson
	LowRate        Interval // LowN / low scenarios, Wilson
	Lift           float64  // (HighN/High) / (LowN/Low)
	LiftCI         Interval // log (Katz) interval; NaN when a count is 0
	Judged         int      // judged responses on scenarios implicating it
	NonCompliant   float64  // share of those a majority of judges flag
	JudgeSplit     float64  // share where judges do not all agree
	AmbiguousShare float64  // share of judge decisions that are "ambiguous"
	MeanD          float64  // mean D of scenarios implicating it
	// LiftBoot is the cluster-bootstrap interval of Lift (value-pair
	// clusters), when HotspotOptions.BootstrapReps > 0; zero otherwise.
	LiftBoot CI
	examples []int
}

// PairStat is two clauses implicated on opposite sides of scenarios.
type PairStat struct {
	A, B        string
	HighN, LowN int
	Lift        float64
	LiftCI      Interval
	Share       float64 // HighN / max(high implications of A, of B)
	ia, ib      int32
	examples    []int
}

// GapStat is a value whose side of a scenario implicates no clause.
type GapStat struct {
	Value       string
	HighN, LowN int // uncovered scenarios by D
	Lift        float64
	LiftCI      Interval
	examples    []int
}

// Hotspot is one classified finding.
type Hotspot struct {
	Kind     string // "contradiction", "ambiguity" or "gap"
	Subject  string // clause id, "id1 <> id2", or the uncovered value
	HighN    int
	Lift     float64
	LiftCI   Interval
	Examples []pipeline.ScenarioKey
	Why      string
	pair     [2]int32 // clause indexes of a contradiction
}

// HotspotResult holds every statistic and the classified hot spots.
type HotspotResult struct {
	Evidence      string
	Options       HotspotOptions
	Scenarios     int // scenarios with a defined D
	High, Low     int
	JudgedMatched int          // judged responses whose scenario was found
	JudgedUnknown int          // judged responses whose key matched no scenario
	ClauseStats   []ClauseStat // in clause order
	Pairs         []PairStat   // pairs seen on opposite sides at high D
	Gaps          []GapStat    // values with uncovered sides at high D
	Hotspots      []Hotspot    // ranked: contradictions, ambiguities, gaps
}

// HotspotRules documents the classification, in the order it is applied.
const HotspotRules = `gap: a value whose side implicates no clause in at least MinCount high-D scenarios, with the lower bound of its uncovered high/low lift above 1 (the spec is silent where models disagree); the gaps' scenarios are then set aside as explained.
contradiction or ambiguity, greedily: among clause pairs on opposite sides of a scenario (contradiction candidates) and single clauses (ambiguity candidates), pick the one whose high/low lift over the scenarios not yet explained has the highest lower bound, if above 1 with at least MinCount unexplained high-D scenarios; its scenarios become explained; repeat. A pair wins over its clauses when the disagreement sits where they meet; a clause wins when it is disputed whatever it meets (it does not settle the case); explaining away keeps the partners of a vague clause or an uncovered value from inheriting its disagreement.
every hot spot needs its MinCount high-D scenarios to come from at least MinCount distinct value pairs (chunk_index, entry_idx): the three nudges of one pair are one piece of evidence. (The log intervals count scenarios; with HotspotOptions.BootstrapReps the clause table adds a cluster-bootstrap interval over value pairs, lift_cb_lo/hi.)
with cited evidence a scenario's two sides are the judges' camps (compliant, flagged), not its two values, so no gaps are classified: gaps come from retrieved evidence.
every lift interval is Bonferroni-adjusted, with 0.5 added to each cell when a count is zero, over the candidates of its kind with at least MinCount high-D scenarios, so the hot-spot table's intervals are wider than the per-clause table's.`

// Hotspots computes per-clause, per-pair and per-gap evidence and
// classifies hot spots by HotspotRules.
func Hotspots(in *HotspotInput, opt HotspotOptions) (*HotspotResult, error) {
	opt.defaults()
	n := len(in.D)
	if len(in.Side1) != n || len(in.Side2) != n || len(in.Value1) != n || len(in.Value2) != n || len(in.Keys) != n {
		return nil, fmt.Errorf("hotspots: columns of unequal length (D %d, Side1 %d, Side2 %d, Value1 %d, Value2 %d, Keys %d)",
			n, len(in.Side1), len(in.Side2), len(in.Value1), len(in.Value2), len(in.Keys))
	}
	if len(in.Clauses) == 0 {
		return nil, fmt.Errorf("hotspots: no clauses")
	}
	if in.Evidence != "retrieved" && in.Evidence != "cited" {
		return nil, fmt.Errorf("hotspots: evidence %q, want retrieved or cited", in.Evidence)
	}
	nc := len(in.Clauses)
	res := &HotspotResult{Evidence: in.Evidence, Options: opt}
	cs := make([]ClauseStat, nc)
	sumD := make([]float64, nc)
	type pk struct{ a, b int32 }
	pairs := map[pk]*PairStat{}
	gaps := map[string]*GapStat{}
	mark := make([]int, nc) // last scenario that counted the clause, +1
	var seen []pk
	for r := 0; r < n; r++ {
		d := in.D[r]
		if math.IsNaN(d) {
			continue
		}
		high := d >= opt.High
		res.Scenarios++
		if high {
			res.High++
		}
		for _, side := range [2][]int32{in.Side1[r], in.Side2[r]} {
			for _, c := range side {
				if c < 0 || int(c) >= nc {
					return nil, fmt.Errorf("hotspots: scenario %s: clause index %d outside 0..%d", in.Keys[r], c, nc-1)
				}
				if mark[c] == r+1 {
					continue
				}
				mark[c] = r + 1
				sumD[c] += d
				if high {
					cs[c].HighN++
					cs[c].examples = append(cs[c].examples, r)
				} else {
					cs[c].LowN++
				}
			}
		}
		seen = seen[:0] // sides hold a few clauses: a slice beats a map per row
		for _, a := range in.Side1[r] {
			for _, b := range in.Side2[r] {
				k := pk{min(a, b), max(a, b)}
				if a == b || slices.Contains(seen, k) {
					continue
				}
				seen = append(seen, k)
				p := pairs[k]
				if p == nil {
					p = &PairStat{A: in.Clauses[k.a], B: in.Clauses[k.b], ia: k.a, ib: k.b}
					pairs[k] = p
				}
				if high {
					p.HighN++
					p.examples = append(p.examples, r)
				} else {
					p.LowN++
				}
			}
		}
		for i, side := range [2][]int32{in.Side1[r], in.Side2[r]} {
			if in.Evidence == "cited" {
				break // sides are the judges' camps, not the values: no gaps
			}
			v := [2]string{in.Value1[r], in.Value2[r]}[i]
			if len(side) > 0 || v == "" || (i == 1 && v == in.Value1[r]) {
				continue
			}
			g := gaps[v]
			if g == nil {
				g = &GapStat{Value: v}
				gaps[v] = g
			}
			if high {
				g.HighN++
				g.examples = append(g.examples, r)
			} else {
				g.LowN++
			}
		}
	}
	res.Low = res.Scenarios - res.High
	if res.Scenarios == 0 {
		return nil, fmt.Errorf("hotspots: no scenario has a defined D")
	}
	if res.High == 0 || res.Low == 0 {
		return nil, fmt.Errorf("hotspots: %d of %d scenarios have D >= %g: a lift needs both high- and low-disagreement scenarios (a split of only high-D rows has no baseline; use one with every scenario)",
			res.High, res.Scenarios, opt.High)
	}
	lift := func(h, l int) (float64, Interval) {
		return ratioOfRates(h, res.High, l, res.Low), FoldCI(h, res.High, l, res.Low, opt.Level)
	}
	for c := range cs {
		s := &cs[c]
		s.Clause = in.Clauses[c]
		s.HighRate = Wilson(s.HighN, res.High, opt.Level)
		s.LowRate = Wilson(s.LowN, res.Low, opt.Level)
		s.Lift, s.LiftCI = lift(s.HighN, s.LowN)
		s.MeanD = math.NaN()
		if s.HighN+s.LowN > 0 {
			s.MeanD = sumD[c] / float64(s.HighN+s.LowN)
		}
		s.NonCompliant, s.JudgeSplit, s.AmbiguousShare = math.NaN(), math.NaN(), math.NaN()
	}
	if in.Judged != nil {
		if err := judgeStats(in, res, cs); err != nil {
			return nil, err
		}
	}
	res.ClauseStats = cs
	if opt.BootstrapReps > 0 {
		cis, err := res.LiftClusterCIs(in, opt.BootstrapReps, opt.Level, opt.BootstrapSeed)
		if err != nil {
			return nil, err
		}
		for c := range cs {
			cs[c].LiftBoot = cis[c]
		}
	}
	for _, p := range pairs {
		if p.HighN == 0 {
			continue
		}
		p.Lift, p.LiftCI = lift(p.HighN, p.LowN)
		ha, hb := cs[p.ia].HighN, cs[p.ib].HighN
		p.Share = float64(p.HighN) / float64(max(ha, hb))
		res.Pairs = append(res.Pairs, *p)
	}
	sort.Slice(res.Pairs, func(i, j int) bool {
		a, b := res.Pairs[i], res.Pairs[j]
		if a.HighN != b.HighN {
			return a.HighN > b.HighN
		}
		return a.A+"\x00"+a.B < b.A+"\x00"+b.B
	})
	for _, g := range gaps {
		if g.HighN == 0 {
			continue
		}
		g.Lift, g.LiftCI = lift(g.HighN, g.LowN)
		res.Gaps = append(res.Gaps, *g)
	}
	sort.Slice(res.Gaps, func(i, j int) bool {
		if res.Gaps[i].HighN != res.Gaps[j].HighN {
			return res.Gaps[i].HighN > res.Gaps[j].HighN
		}
		return res.Gaps[i].Value < res.Gaps[j].Value
	})
	res.classify(in)
	return res, nil
}

// ratioOfRates is (h/nh)/(l/nl), +Inf when only the low count is 0, NaN
// when undefined.
func ratioOfRates(h, nh, l, nl int) float64 {
	if nh == 0 || nl == 0 || (h == 0 && l == 0) {
		return math.NaN()
	}
	if l == 0 {
		return math.Inf(1)
	}
	return (float64(h) / float64(nh)) / (float64(l) / float64(nl))
}

// bonferroni is the per-test level that keeps the family-wise level over m
// tests.
func bonferroni(level float64, m int) float64 {
	if m <= 1 {
		return level
	}
	return 1 - (1-level)/float64(m)
}

// above reports whether an interval's lower bound is above 1.
func above(ci Interval) bool { return !math.IsNaN(ci.Lo) && ci.Lo > 1 }

// classifyCI is the lift interval classification uses: FoldCI, or, when
// a count is zero (no log interval), the log interval with 0.5 added to
// every cell (Haldane-Anscombe), so that six high scenarios and no low one
// are not taken for certainty.
func classifyCI(h, nh, l, nl int, level float64) Interval {
	if h > 0 && l > 0 {
		return FoldCI(h, nh, l, nl, level)
	}
	if nh <= 0 || nl <= 0 {
		return undefined(level, "log")
	}
	a, b, c, d := float64(h)+0.5, float64(nh)+1, float64(l)+0.5, float64(nl)+1
	ratio := (a / b) / (c / d)
	se := math.Sqrt(1/a - 1/b + 1/c - 1/d)
	z := zOf(level)
	return Interval{Lo: ratio * math.Exp(-z*se), Hi: ratio * math.Exp(z*se), Level: level, Method: "log, +0.5 per cell"}
}

func (res *HotspotResult) classify(in *HotspotInput) {
	o := res.Options
	keys := func(rows []int) []pipeline.ScenarioKey {
		rows = append([]int(nil), rows...)
		sort.SliceStable(rows, func(i, j int) bool { return in.D[rows[i]] > in.D[rows[j]] })
		if len(rows) > o.Examples {
			rows = rows[:o.Examples]
		}
		out := make([]pipeline.ScenarioKey, len(rows))
		for i, r := range rows {
			out[i] = in.Keys[r]
		}
		return out
	}
	var gap []Hotspot
	// Classification tests many candidates of each kind at once, so its
	// intervals are Bonferroni-adjusted: level 1 - (1-Level)/m for m
	// candidates with at least MinCount high scenarios.
	m := 0
	for _, g := range res.Gaps {
		if g.HighN >= o.MinCount {
			m++
		}
	}
	lvl := bonferroni(o.Level, m)
	for _, g := range res.Gaps {
		ci := classifyCI(g.HighN, res.High, g.LowN, res.Low, lvl)
		if g.HighN >= o.MinCount && distinctPairs(in.Keys, g.examples) >= o.MinCount && above(ci) {
			gap = append(gap, Hotspot{Kind: "gap", Subject: g.Value, HighN: g.HighN, Lift: g.Lift, LiftCI: ci, Examples: keys(g.examples),
				Why: fmt.Sprintf("no clause implicated for this value in %d high-D scenarios", g.HighN)})
		}
	}
	sort.SliceStable(gap, func(i, j int) bool { return gap[i].LiftCI.Lo > gap[j].LiftCI.Lo })
	found := res.explainAway(in, gap, keys)
	res.Hotspots = append(found, gap...)
}

// judgeStats adds the judge columns of each clause from the judged
// responses of the scenarios implicating it.
func judgeStats(in *HotspotInput, res *HotspotResult, cs []ClauseStat) error {
	j := in.Judged
	rows, err := newScenarioRows(in.Keys, "hotspots")
	if err != nil {
		return err
	}
	type acc struct{ judged, flagged, split, amb, decisions int }
	a := make([]acc, len(cs))
	mark := make([]int, len(cs))
	for i := 0; i < j.Rows; i++ {
		r, ok := rows.row(j.Keys[i])
		if !ok || math.IsNaN(in.D[r]) {
			res.JudgedUnknown++
			continue
		}
		res.JudgedMatched++
		var n, flag, ambig int
		for _, dec := range j.Decisions {
			switch d := dec[i]; {
			case d == pipeline.Missing:
				continue
			case d.Problematic():
				flag++
				if d == pipeline.Ambiguous {
					ambig++
				}
			}
			n++
		}
		if n == 0 {
			continue
		}
		for _, side := range [2][]int32{in.Side1[r], in.Side2[r]} {
			for _, c := range side {
				if mark[c] == i+1 {
					continue
				}
				mark[c] = i + 1
				x := &a[c]
				x.judged++
				x.decisions += n
				x.amb += ambig
				if 2*flag > n {
					x.flagged++
				}
				if flag > 0 && flag < n {
					x.split++
				}
			}
		}
	}
	for c := range cs {
		if a[c].judged == 0 {
			continue
		}
		cs[c].Judged = a[c].judged
		cs[c].NonCompliant = ratio(a[c].flagged, a[c].judged)
		cs[c].JudgeSplit = ratio(a[c].split, a[c].judged)
		cs[c].AmbiguousShare = ratio(a[c].amb, a[c].decisions)
	}
	return nil
}
