package plots

import (
	"fmt"
	"image/color"
	"sort"

	"github.com/specstress/specstress/pipeline/analysis"
)

// OutlierCounts draws Figure 6: per model, the number of scenarios on which
// its position is an outlier, as horizontal bars sorted from most to fewest,
// coloured by provider and annotated with the count. Its Data table
// "outliers" has one row "outliers" and one column per model id (in drawn
// order).
func OutlierCounts(o *analysis.OutlierResult) (*Figure, error) {
	if o == nil || len(o.Counts) == 0 {
		return nil, fmt.Errorf("outlier counts: empty result")
	}
	models := o.Set.Models
	if len(models) != len(o.Counts) {
		return nil, fmt.Errorf("outlier counts: %d models but %d counts", len(models), len(o.Counts))
	}
	idx := make([]int, len(models))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return o.Counts[idx[a]] > o.Counts[idx[b]] })
	ids := pick(models, idx)
	vals := make([]float64, len(idx))
	cols := make([]color.Color, len(idx))
	for i, m := range idx {
		vals[i] = float64(o.Counts[m])
		cols[i] = ProviderColor(models[m].Provider())
	}
	f := Bars(BarSpec{
		Title: "Outlier responses per model",
		Subtitle: fmt.Sprintf("position differs by ≥ %d points from ≥ %d of the other %d models (%s, %d scenarios)",
			o.MinDiff, o.MinOthers, len(models)-1, setName(o.Set.Name), o.Rows),
		Groups:     modelLabels(ids),
		Series:     []BarSeries{{Name: "outliers", Values: vals, Colors: cols}},
		XLabel:     "outlier scenarios (count)",
		Format:     "%.0f",
		Horizontal: true,
		Legend:     providerLegend(ids),
	})
	f.tables[0] = Table{Name: "outliers", Rows: []string{"outliers"}, Cols: idStrings(ids), Values: [][]float64{vals}}
	return f, nil
}
