package plots

import (
	"fmt"
	"math"
	"sort"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
)

// HotspotCategories draws the spec's clauses by value category, coloured
// by lift: a cell is the scenarios implicating the clause (row) one of
// whose values is of the category (column), its colour their log2 lift,
// high- against low-disagreement (red: implicated more where models
// disagree; blue: less; grey: fewer than MinCount high-D scenarios, or
// none). Rows are the clauses with a defined lift, highest first, at most
// top (0: 25); columns the categories some drawn clause meets, with their
// short names when they are the 26 of pipeline.Categories. Its Data table
// holds the lifts drawn.
func HotspotCategories(cc *analysis.ClauseCategories, top int) (*Figure, error) {
	if cc == nil || len(cc.Clauses) == 0 || len(cc.Categories) == 0 {
		return nil, fmt.Errorf("hotspot categories: empty input")
	}
	if top <= 0 {
		top = 25
	}
	type row struct {
		c    int
		best float64
	}
	var rows []row
	for c := range cc.Clauses {
		best := math.Inf(-1)
		for k := range cc.Categories {
			if cc.HighN[c][k] >= cc.MinCount && !math.IsNaN(cc.Lift[c][k]) {
				best = math.Max(best, cc.Lift[c][k])
			}
		}
		if !math.IsInf(best, -1) {
			rows = append(rows, row{c, best})
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("hotspot categories: no clause has %d or more high-disagreement scenarios under any category", cc.MinCount)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].best > rows[j].best })
	if len(rows) > top {
		rows = rows[:top]
	}
	var cols []int
	for k := range cc.Categories {
		for _, r := range rows {
			if cc.HighN[r.c][k]+cc.LowN[r.c][k] > 0 {
				cols = append(cols, k)
				break
			}
		}
	}
	labels := make([]string, len(rows))
	colLabels := make([]string, len(cols))
	for j, k := range cols {
		colLabels[j] = pipeline.ShortCategory(cc.Categories[k])
	}
	vals := make([][]float64, len(rows))
	for i, r := range rows {
		labels[i] = cc.Clauses[r.c]
		vals[i] = make([]float64, len(cols))
		for j, k := range cols {
			v := math.NaN()
			if cc.HighN[r.c][k] >= cc.MinCount {
				// +Inf (no low-D scenario) is drawn at the top of the scale.
				v = math.Log2(math.Min(cc.Lift[r.c][k], 16))
			}
			vals[i][j] = v
		}
	}
	f := Matrix(MatrixSpec{
		Title: "Spec clauses by value category, coloured by lift",
		Subtitle: fmt.Sprintf("log2 lift of the scenarios implicating a clause with a value of the category, high-D vs low-D; %s clauses; grey: fewer than %d high-D scenarios",
			cc.Evidence, cc.MinCount),
		Rows: labels, Cols: colLabels, Values: vals,
		Scale:    Diverging(-3, 3),
		Format:   "%.1f",
		BarLabel: "log2 lift",
		XLabel:   "value category",
	})
	return f, nil
}
