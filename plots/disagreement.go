package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot/vg"

	"github.com/specstress/specstress/pipeline/analysis"
)

// highColor marks high-disagreement bars (D >= 1.5) against lowColor.
var (
	highColor = color.RGBA{0xB2, 0x18, 0x2B, 0xFF}
	lowColor  = color.RGBA{0x6B, 0xAE, 0xD6, 0xFF}
)

// DisagreementBinWidth is the width of the histogram bins of D. D is the
// population SD of integer positions, so it takes few distinct values; 0.1
// keeps neighbouring values apart without empty gaps at notebook width.
const DisagreementBinWidth = 0.1

// DisagreementHistogram draws the distribution of D over a model set: the
// number of scenarios per bin of width DisagreementBinWidth from 0 to 3,
// bins at or above the high-disagreement threshold in red, the threshold as
// a dashed line. Its Data table "histogram" has one row "scenarios" and one
// column per bin, labelled by its lower edge.
func DisagreementHistogram(d *analysis.DisagreementResult) (*Figure, error) {
	if d == nil || len(d.D) == 0 {
		return nil, fmt.Errorf("disagreement histogram: empty result")
	}
	top := 3.0
	for _, v := range d.D {
		if !math.IsNaN(v) {
			top = math.Max(top, v)
		}
	}
	nb := int(math.Ceil(top/DisagreementBinWidth - 1e-9))
	edges := make([]float64, nb+1)
	for i := range edges {
		edges[i] = float64(i) * DisagreementBinWidth
	}
	counts := make([]float64, nb)
	valid, high := 0, 0
	sum := 0.0
	for _, v := range d.D {
		if math.IsNaN(v) {
			continue
		}
		valid++
		sum += v
		if v >= analysis.HighDisagreement {
			high++
		}
		// A small epsilon puts values on an edge (1.5 exactly) in the bin
		// starting there despite float rounding of the SD.
		i := min(int(math.Floor(v/DisagreementBinWidth+1e-9)), nb-1)
		counts[i]++
	}
	colors := make([]color.Color, nb)
	for i := range colors {
		colors[i] = lowColor
		if edges[i] >= analysis.HighDisagreement-1e-9 {
			colors[i] = highColor
		}
	}
	f := NewFigure(fmt.Sprintf("Disagreement D over %s", setName(d.Set.Name)), NotebookWidth, 360)
	mean := math.NaN()
	if valid > 0 {
		mean = sum / float64(valid)
	}
	f.Subtitle = fmt.Sprintf("%d models, %d scenarios (%d with D defined); mean D %.2f; D ≥ %.1f: %d (%.1f%%)",
		len(d.Set.Models), d.Rows, valid, mean, analysis.HighDisagreement, high, pct(high, valid))
	p := newPlot("")
	p.Add(gridLines{})
	p.Add(&Histogram{Edges: edges, Counts: counts, Colors: colors})
	p.Add(&RefLine{Value: analysis.HighDisagreement, Vertical: true, Label: "high disagreement (D ≥ 1.5)"})
	p.X.Label.Text = "D = max over the two values of the population SD of positions (0–6 scale)"
	p.Y.Label.Text = "scenarios (count)"
	p.X.Min = 0
	f.AddPanel(p)
	f.AddLegend(LegendEntry{Label: "D < 1.5", Color: lowColor}, LegendEntry{Label: "D ≥ 1.5", Color: highColor})
	t := Table{Name: "histogram", Rows: []string{"scenarios"}, Values: [][]float64{counts}}
	for i := range counts {
		t.Cols = append(t.Cols, fmt.Sprintf("%.1f", edges[i]))
	}
	f.AddData(t)
	return f, nil
}

// DisagreementBySubset compares model sets (the paper's six subsets, or any)
// as horizontal stacked bars: for each set, the share of its scenarios in
// each of the paper's five bins of D, high bins in reds. Its Data table
// "bin shares" has rows = set names and columns = bin labels.
func DisagreementBySubset(results ...*analysis.DisagreementResult) (*Figure, error) {
	if len(results) == 0 {
		return nil, fmt.Errorf("disagreement by subset: no results")
	}
	bins := analysis.PaperBins()
	ramp := []color.Color{
		color.RGBA{0xC6, 0xDB, 0xEF, 0xFF}, color.RGBA{0x6B, 0xAE, 0xD6, 0xFF},
		color.RGBA{0xFC, 0xAE, 0x91, 0xFF}, color.RGBA{0xFB, 0x6A, 0x4A, 0xFF}, color.RGBA{0xA5, 0x0F, 0x15, 0xFF},
	}
	layers := make([]Layer, len(bins))
	for i, b := range bins {
		layers[i] = Layer{Name: "D " + b.Label, Color: ramp[i%len(ramp)]}
	}
	var names []string
	for _, r := range results {
		if r == nil {
			return nil, fmt.Errorf("disagreement by subset: nil result")
		}
		names = append(names, fmt.Sprintf("%s (%d)", setName(r.Set.Name), len(r.Set.Models)))
		for i, bc := range r.Bins(bins) {
			layers[i].Values = append(layers[i].Values, bc.Share)
		}
	}
	f := Stacked(StackSpec{
		Title:      "Disagreement by model set: share of scenarios per bin of D",
		Subtitle:   "number of models in parentheses; reds are high disagreement (D ≥ 1.5)",
		Bars:       names,
		Layers:     layers,
		XLabel:     "share of the set's scenarios with D defined",
		Format:     "%.0f",
		Percent:    true,
		Horizontal: true,
	})
	f.tables[0].Name = "bin shares"
	for i, r := range results {
		f.tables[0].Rows[i] = r.Set.Name
	}
	return f, nil
}

// DisagreementByGroup draws mean D per group (value category, value, nudge
// direction) as horizontal bars, highest first, with each group's share of
// high-disagreement scenarios annotated. At most top groups are drawn (0 =
// 26). Its Data table "mean D" has one row "mean D" and a column per group.
func DisagreementByGroup(g *analysis.GroupSummary, top int) (*Figure, error) {
	if g == nil || len(g.Groups) == 0 {
		return nil, fmt.Errorf("disagreement by group: empty summary")
	}
	if top <= 0 {
		top = 26
	}
	groups := append([]analysis.GroupStat(nil), g.Groups...)
	sort.SliceStable(groups, func(a, b int) bool { return groups[a].MeanD > groups[b].MeanD })
	groups = groups[:min(top, len(groups))]
	var labels, keys []string
	var means []float64
	for _, s := range groups {
		labels = append(labels, fmt.Sprintf("%s (%.0f%%)", shortKey(s.Key), 100*s.HighShare))
		keys = append(keys, s.Key)
		means = append(means, s.MeanD)
	}
	f := Bars(BarSpec{
		Title:      "Mean disagreement D by " + g.By,
		Subtitle:   "in parentheses: share of the group's scenarios with D ≥ 1.5",
		Groups:     labels,
		Series:     []BarSeries{{Name: "mean D", Values: means, Color: lowColor}},
		XLabel:     "mean D (0–3)",
		Format:     "%.2f",
		Horizontal: true,
		Height:     max(260, vg.Length(len(labels))*15+120),
	})
	f.tables[0] = Table{Name: "mean D", Rows: []string{"mean D"}, Cols: keys, Values: [][]float64{means}}
	return f, nil
}

// shortKey shortens a group key: category names to their short label, long
// values cut to 28 characters.
func shortKey(k string) string {
	s := []rune(categoryLabels([]string{k})[0])
	if len(s) > 28 {
		return string(s[:27]) + "…"
	}
	return string(s)
}

// setName returns a readable model-set name.
func setName(n string) string {
	if n == "" {
		return "the model set"
	}
	return n
}

func pct(n, of int) float64 {
	if of == 0 {
		return math.NaN()
	}
	return 100 * float64(n) / float64(of)
}
