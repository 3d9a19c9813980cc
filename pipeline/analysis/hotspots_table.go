package analysis

import (
	"fmt"
	"math"
	"strings"

	"github.com/specstress/specstress/pipeline"
)

// Tables returns, in order, the classified hot spots, the per-clause
// statistics, the contradiction candidates (every clause pair seen on
// opposite sides of a high-D scenario) and the gap candidates. Each notes
// the evidence used, the threshold and the counts of scenarios.
func (res *HotspotResult) Tables() []*Table {
	o := res.Options
	lvl := fmt.Sprintf("%g%%", 100*o.Level)
	hs := &Table{Title: "Spec hot spots (" + res.Evidence + " clauses)",
		Columns: []string{"rank", "kind", "subject", "high_n", "lift", "lift_lo", "lift_hi", "ci_level", "why", "examples"}}
	for i, h := range res.Hotspots {
		hs.Rows = append(hs.Rows, []any{i + 1, h.Kind, h.Subject, h.HighN, finite(h.Lift), h.LiftCI.Lo, h.LiftCI.Hi, h.LiftCI.Level, h.Why, keyList(h.Examples)})
	}
	cl := &Table{Title: "Clauses: implication in high- vs low-disagreement scenarios",
		Columns: []string{"clause", "high_n", "low_n", "high_rate", "high_lo", "high_hi", "low_rate", "low_lo", "low_hi",
			"lift", "lift_lo", "lift_hi", "mean_D", "judged", "noncompliant", "judge_split", "ambiguous_share"}}
	boot := o.BootstrapReps > 0
	if boot {
		cl.Columns = append(cl.Columns, "lift_cb_lo", "lift_cb_hi")
	}
	for _, c := range res.ClauseStats {
		row := []any{c.Clause, c.HighN, c.LowN, ratio(c.HighN, res.High), c.HighRate.Lo, c.HighRate.Hi,
			ratio(c.LowN, res.Low), c.LowRate.Lo, c.LowRate.Hi, finite(c.Lift), c.LiftCI.Lo, c.LiftCI.Hi, c.MeanD,
			c.Judged, c.NonCompliant, c.JudgeSplit, c.AmbiguousShare}
		if boot {
			row = append(row, c.LiftBoot.Lo, c.LiftBoot.Hi)
		}
		cl.Rows = append(cl.Rows, row)
	}
	if boot {
		cl.Note("cluster bootstrap", fmt.Sprintf("lift_cb_lo/hi: %s percentile interval, %d replicates over value-pair clusters (chunk_index, entry_idx), seed %d; empty when every replicate has a zero count",
			lvl, o.BootstrapReps, o.BootstrapSeed))
	}
	pr := &Table{Title: "Contradiction candidates: clause pairs on opposite sides of high-D scenarios",
		Columns: []string{"clause_a", "clause_b", "high_n", "low_n", "lift", "lift_lo", "lift_hi", "share"}}
	for _, p := range res.Pairs {
		pr.Rows = append(pr.Rows, []any{p.A, p.B, p.HighN, p.LowN, finite(p.Lift), p.LiftCI.Lo, p.LiftCI.Hi, p.Share})
	}
	gp := &Table{Title: "Gap candidates: values whose side implicates no clause",
		Columns: []string{"value", "high_n", "low_n", "lift", "lift_lo", "lift_hi"}}
	for _, g := range res.Gaps {
		gp.Rows = append(gp.Rows, []any{g.Value, g.HighN, g.LowN, finite(g.Lift), g.LiftCI.Lo, g.LiftCI.Hi})
	}
	tables := []*Table{hs, cl, pr, gp}
	for _, t := range tables {
		t.Note("evidence", res.Evidence+" clauses")
		t.Note("high disagreement", fmt.Sprintf("D >= %g: %d of %d scenarios (low: %d)", o.High, res.High, res.Scenarios, res.Low))
		t.Note("intervals", lvl+" Wilson (rates), log/Katz (lifts; empty when a count is 0)")
		if res.JudgedMatched+res.JudgedUnknown > 0 {
			t.Note("judged responses", fmt.Sprintf("%d matched to scenarios, %d not (left out)", res.JudgedMatched, res.JudgedUnknown))
		}
	}
	hs.Note("rules", strings.ReplaceAll(HotspotRules, "\n", " | ")+fmt.Sprintf(" (MinCount %d)", o.MinCount))
	if len(res.Hotspots) == 0 {
		hs.Note("result", "no clause, pair or value meets the rules")
	}
	return tables
}

// finite maps an infinite lift (a zero low count) to NaN for tables:
// CSV and JSON have no infinity; the interval columns are empty too.
func finite(x float64) float64 {
	if math.IsInf(x, 0) {
		return math.NaN()
	}
	return x
}

func keyList(ks []pipeline.ScenarioKey) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = k.String()
	}
	return strings.Join(s, " ")
}
