package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"

	"github.com/specstress/specstress/pipeline/analysis"
)

// SelectionRun is one k-center selection to draw: its name in the legend,
// the selection and the stop distance it was (or would be) run with.
type SelectionRun struct {
	Name      string
	Selection *analysis.Selection
	Stop      float64
}

// selectionPoints is the resolution of the selection curves: counts are
// evaluated at this many stop distances, which keeps rendering cheap for
// 400K-point selections and is far finer than a notebook-width axis.
const selectionPoints = 200

// SelectionCurve draws Figure 9 style curves: for each run, the number of
// scenarios greedy k-center selects as a function of the stop distance
// (a pick with score r survives every stop ≤ r), with each run's own stop
// marked and its count annotated in the legend. Its Data table "selected"
// has one row per run and one column per evaluated stop distance.
func SelectionCurve(runs ...SelectionRun) (*Figure, error) {
	if len(runs) == 0 {
		return nil, fmt.Errorf("selection curve: no runs")
	}
	hi := 0.0
	radii := make([][]float64, len(runs))
	for i, r := range runs {
		if r.Selection == nil || len(r.Selection.Radii) == 0 {
			return nil, fmt.Errorf("selection curve: run %q has no picks", r.Name)
		}
		rs := make([]float64, 0, len(r.Selection.Radii))
		for _, v := range r.Selection.Radii {
			if !math.IsNaN(v) {
				rs = append(rs, v)
			}
		}
		sort.Float64s(rs)
		radii[i] = rs
		for _, v := range rs {
			if !math.IsInf(v, 1) {
				hi = math.Max(hi, v)
			}
		}
		hi = math.Max(hi, r.Stop)
	}
	if hi == 0 {
		hi = 1
	}
	xs := make([]float64, selectionPoints+1)
	for i := range xs {
		xs[i] = hi * float64(i) / selectionPoints
	}
	palette := []color.Color{color.RGBA{0x21, 0x71, 0xB5, 0xFF}, highColor, color.RGBA{0x1A, 0x98, 0x50, 0xFF}, color.RGBA{0x6A, 0x3D, 0x9A, 0xFF}}
	f := NewFigure("Diversity selection: scenarios kept versus stop distance", NotebookWidth, 380)
	f.Subtitle = "greedy k-center; a scenario is kept while its distance score at selection ≥ the stop distance"
	p := newPlot("")
	p.Add(gridLines{})
	lines := &Lines{}
	t := Table{Name: "selected"}
	for _, x := range xs {
		t.Cols = append(t.Cols, strconv.FormatFloat(x, 'g', -1, 64))
	}
	for i, r := range runs {
		col := palette[i%len(palette)]
		ys := make([]float64, len(xs))
		for j, x := range xs {
			ys[j] = float64(keptAt(radii[i], x))
		}
		lines.Series = append(lines.Series, Series{Name: r.Name, X: xs, Y: ys, Color: col, NoMarkers: true})
		t.Rows = append(t.Rows, r.Name)
		t.Values = append(t.Values, ys)
		label := r.Name
		if r.Stop > 0 {
			kept := keptAt(radii[i], r.Stop)
			// The count goes in the legend: labels on neighbouring stop
			// lines would collide.
			p.Add(&RefLine{Value: r.Stop, Vertical: true, Color: col})
			label = fmt.Sprintf("%s (stop %.2g → %d)", r.Name, r.Stop, kept)
		}
		f.AddLegend(LegendEntry{Label: label, Color: col, Line: true})
	}
	p.Add(lines)
	p.X.Label.Text = "stop distance δ (embedding distance, weighted by D for the weighted variant)"
	p.Y.Label.Text = "scenarios selected (count)"
	p.X.Min, p.Y.Min = 0, 0
	f.AddPanel(p)
	f.AddData(t)
	return f, nil
}

// keptAt counts sorted radii at or above stop: the picks a run with that
// stop distance would keep.
func keptAt(sorted []float64, stop float64) int {
	return len(sorted) - sort.SearchFloat64s(sorted, stop)
}
