package simulate

import (
	"math"
	"strings"

	"github.com/specstress/specstress/pipeline"
)

// Judgments returns the judged responses as the columnar judge decisions
// the analyses take: what reading the written judge_evaluations config
// gives (MaxStd rounded to 6 decimals as written).
func (d *Data) Judgments() *pipeline.Judgments {
	n := len(d.Judged)
	j := &pipeline.Judgments{Rows: n, Model: make([]pipeline.ModelID, n), Keys: make([]pipeline.ScenarioKey, n),
		Bin: make([]string, n), MaxStd: make([]float64, n)}
	for _, jp := range d.Config.Judges {
		j.Judges = append(j.Judges, strings.TrimSuffix(jp.Column, "_decision"))
		j.Decisions = append(j.Decisions, make([]pipeline.Decision, n))
	}
	for r, x := range d.Judged {
		for k := range j.Judges {
			j.Decisions[k][r] = x.Decisions[k]
		}
		j.Model[r] = x.Model
		j.Keys[r] = d.Scenarios.Key(x.Row)
		j.Bin[r] = JudgeBins[x.Bin]
		j.MaxStd[r] = math.Round(x.MaxStd*1e6) / 1e6
	}
	return j
}

// SplitPositions returns the positions of a default split's rows in rank
// order (what reading data/<name>-*.parquet gives), or false when the split
// was not generated.
func (d *Data) SplitPositions(name string) (*pipeline.Positions, bool) {
	rows, ok := d.Splits[name]
	if !ok {
		return nil, false
	}
	p := &pipeline.Positions{Rows: len(rows), Models: append([]pipeline.ModelID(nil), d.Positions.Models...)}
	for m := range p.Models {
		a, b := make([]int8, len(rows)), make([]int8, len(rows))
		for i, r := range rows {
			a[i], b[i] = d.Positions.Value1[m][r], d.Positions.Value2[m][r]
		}
		p.Value1 = append(p.Value1, a)
		p.Value2 = append(p.Value2, b)
	}
	return p, true
}
