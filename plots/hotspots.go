package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"github.com/specstress/specstress/pipeline/analysis"
)

// HotspotLift draws, for the spec clauses implicated in at least MinCount
// high-disagreement scenarios, how much more often they are implicated in
// high- than in low-disagreement scenarios: horizontal bars of the lift,
// sorted, coloured by lift (white to red, capped at 5x), with a reference
// line at 1 (no association); a clause that is a hot spot has its kind in
// its label. At most top bars (0: 25). Its Data table "clause lift" has
// rows lift, lift_lo, lift_hi (95 % log intervals of the clause table,
// not the Bonferroni-adjusted ones of the hot-spot ranking) and a column
// per drawn clause.
func HotspotLift(r *analysis.HotspotResult, top int) (*Figure, error) {
	if r == nil || len(r.ClauseStats) == 0 {
		return nil, fmt.Errorf("hotspot lift: empty result")
	}
	if top <= 0 {
		top = 25
	}
	kind := map[string]string{}
	for _, h := range r.Hotspots {
		for _, id := range strings.Split(h.Subject, " <> ") {
			if kind[id] == "" {
				kind[id] = h.Kind
			}
		}
	}
	var cs []analysis.ClauseStat
	for _, c := range r.ClauseStats {
		if c.HighN >= r.Options.MinCount && !math.IsNaN(c.Lift) && !math.IsInf(c.Lift, 0) {
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("hotspot lift: no clause is implicated in %d or more high-disagreement scenarios with low-disagreement ones to compare", r.Options.MinCount)
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Lift > cs[j].Lift })
	if len(cs) > top {
		cs = cs[:top]
	}
	scale := Reds(0.5, 5)
	labels := make([]string, len(cs))
	ids := make([]string, len(cs))
	vals := make([]float64, len(cs))
	cols := make([]color.Color, len(cs))
	lo, hi := make([]float64, len(cs)), make([]float64, len(cs))
	for i, c := range cs {
		ids[i] = c.Clause
		labels[i] = c.Clause
		if k := kind[c.Clause]; k != "" {
			labels[i] += " [" + k + "]"
		}
		vals[i] = c.Lift
		cols[i] = scale.At(math.Min(c.Lift, 5))
		lo[i], hi[i] = c.LiftCI.Lo, c.LiftCI.Hi
	}
	f := Bars(BarSpec{
		Title: "Spec clauses implicated by disagreement",
		Subtitle: fmt.Sprintf("lift = share of high-D (≥ %g) scenarios implicating the clause / share of low-D ones; %s clauses; %d of %d scenarios high",
			r.Options.High, r.Evidence, r.High, r.Scenarios),
		Groups:     labels,
		Series:     []BarSeries{{Name: "lift", Values: vals, Colors: cols}},
		XLabel:     "lift (high vs low disagreement)",
		Format:     "%.2f",
		Horizontal: true,
		Legend:     []LegendEntry{},
		Refs:       []RefLine{{Value: 1, Vertical: true, Label: "no association", Color: color.RGBA{0x55, 0x55, 0x55, 0xFF}}},
	})
	f.tables[0] = Table{Name: "clause lift", Rows: []string{"lift", "lift_lo", "lift_hi"}, Cols: ids, Values: [][]float64{vals, lo, hi}}
	return f, nil
}
