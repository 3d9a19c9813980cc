package plots

import (
	"fmt"
	"image/color"
	"math"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
)

// figure10Categories are the nine categories of the paper's Figure 10, the
// default selection of ProfileBars.
var figure10Categories = []string{
	"Ethical responsibility", "Emotional depth and authentic connection",
	"Efficiency and resource optimization", "Intellectual integrity and objectivity",
	"Critical thinking", "Professional and technical excellence",
	"Business effectiveness", "Personal growth and wellbeing", "Social equity and justice",
}

// Figure10Categories returns the nine categories of the paper's Figure 10.
func Figure10Categories() []string { return append([]string(nil), figure10Categories...) }

// ProfileHeatmap draws provider value profiles as a heatmap (Figure 7
// style): one row per value category, one column per model (grouped by
// provider, with a provider colour strip on top), each cell the share of
// the model's value mentions in that category, in percent. Its Data table
// "shares" has rows = category names and columns = model ids.
func ProfileHeatmap(p *analysis.ProfileResult) (*Figure, error) {
	if p == nil || len(p.Models) == 0 || len(p.Categories) == 0 {
		return nil, fmt.Errorf("profile heatmap: empty profile result")
	}
	order := byProvider(p.Models)
	models := pick(p.Models, order)
	vals := matrix(len(p.Categories), len(models))
	total := 0
	for j, m := range order {
		for c := range p.Categories {
			vals[c][j] = p.Shares[m][c]
			total += p.Counts[m][c]
		}
	}
	cols := make([]color.Color, len(models))
	for j, id := range models {
		cols[j] = ProviderColor(id.Provider())
	}
	f := Matrix(MatrixSpec{
		Title:          "Value profiles: share of each model's value mentions by category",
		Subtitle:       fmt.Sprintf("%d models, %d category mentions; each column sums to 100%%", len(models), total),
		Rows:           categoryLabels(p.Categories),
		Cols:           modelLabels(models),
		Values:         vals,
		Format:         "%.1f",
		Percent:        true,
		BarLabel:       "share of the model's mentions (%)",
		ColLabelColors: cols,
	})
	f.AddLegend(providerLegend(models)...)
	f.tables[0] = Table{Name: "shares", Rows: p.Categories, Cols: idStrings(models), Values: vals}
	return f, nil
}

// ProfileDeviation draws what sets each model apart: for every category
// and model, the model's share minus the mean share over the models, in
// percentage points, on a blue (less than average) to red (more) scale
// centred on zero. Shares alone are dominated by the categories every model
// mentions; the deviation shows character. Its Data table "deviation" has
// rows = category names, columns = model ids, values as fractions.
func ProfileDeviation(p *analysis.ProfileResult) (*Figure, error) {
	if p == nil || len(p.Models) == 0 || len(p.Categories) == 0 {
		return nil, fmt.Errorf("profile deviation: empty profile result")
	}
	order := byProvider(p.Models)
	models := pick(p.Models, order)
	vals := matrix(len(p.Categories), len(models))
	extreme := 0.0
	for c := range p.Categories {
		mean := 0.0
		for m := range p.Models {
			mean += p.Shares[m][c]
		}
		mean /= float64(len(p.Models))
		for j, m := range order {
			vals[c][j] = p.Shares[m][c] - mean
			extreme = math.Max(extreme, math.Abs(vals[c][j]))
		}
	}
	if extreme == 0 {
		extreme = 0.01
	}
	cols := make([]color.Color, len(models))
	for j, id := range models {
		cols[j] = ProviderColor(id.Provider())
	}
	f := Matrix(MatrixSpec{
		Title:          "Value profiles relative to the average model",
		Subtitle:       "share of the model's value mentions minus the mean share over models, in percentage points",
		Rows:           categoryLabels(p.Categories),
		Cols:           modelLabels(models),
		Values:         vals,
		Scale:          Diverging(-extreme, extreme),
		Format:         "%+.1f",
		Percent:        true,
		BarLabel:       "difference from the mean share (points)",
		ColLabelColors: cols,
	})
	f.AddLegend(providerLegend(models)...)
	f.tables[0] = Table{Name: "deviation", Rows: p.Categories, Cols: idStrings(models), Values: vals}
	return f, nil
}

// ProfileBars draws raw category counts for the chosen categories (Figure
// 10): one group per category, one bar per model, models coloured by
// provider (shades within a provider). No categories means the nine of
// Figure 10. Its Data table "counts" has rows = model ids and columns =
// category names.
func ProfileBars(p *analysis.ProfileResult, categories ...string) (*Figure, error) {
	if p == nil || len(p.Models) == 0 {
		return nil, fmt.Errorf("profile bars: empty profile result")
	}
	cats, idx, err := chooseCategories(p.Categories, categories)
	if err != nil {
		return nil, fmt.Errorf("profile bars: %w", err)
	}
	order := byProvider(p.Models)
	models := pick(p.Models, order)
	var series []BarSeries
	for _, m := range order {
		id := p.Models[m]
		v := make([]float64, len(idx))
		for i, c := range idx {
			v[i] = float64(p.Counts[m][c])
		}
		series = append(series, BarSeries{Name: id.Short(), Values: v, Color: ModelColor(id, models)})
	}
	f := Bars(BarSpec{
		Title:    "Value categories each model expresses (counts)",
		Subtitle: "occurrences in the responses; bars grouped by category, coloured by provider",
		Groups:   categoryLabels(cats),
		Series:   series,
		YLabel:   "occurrences (count)",
		Height:   420,
	})
	f.tables[0] = Table{Name: "counts", Rows: idStrings(models), Cols: cats, Values: f.tables[0].Values}
	return f, nil
}

// ProviderProfileBars draws, for the chosen categories (default: Figure 10's
// nine), each provider's share of value mentions: one group per category,
// one bar per provider in the provider colour, shares annotated in percent.
// Its Data table "provider shares" has rows = providers, columns = categories.
func ProviderProfileBars(p *analysis.ProfileResult, categories ...string) (*Figure, error) {
	if p == nil || len(p.Providers) == 0 {
		return nil, fmt.Errorf("provider profile bars: empty profile result")
	}
	cats, idx, err := chooseCategories(p.Categories, categories)
	if err != nil {
		return nil, fmt.Errorf("provider profile bars: %w", err)
	}
	order := make([]int, len(p.Providers))
	for i := range order {
		order[i] = i
	}
	sortByRank(order, p.Providers)
	var series []BarSeries
	var names []string
	for _, j := range order {
		prov := p.Providers[j]
		v := make([]float64, len(idx))
		for i, c := range idx {
			v[i] = p.ProviderShares[j][c]
		}
		names = append(names, string(prov))
		series = append(series, BarSeries{Name: string(prov), Values: v, Color: ProviderColor(prov)})
	}
	f := Bars(BarSpec{
		Title:    "Provider value profiles: share of value mentions",
		Subtitle: "responses of all of a provider's models pooled",
		Groups:   categoryLabels(cats),
		Series:   series,
		YLabel:   "share of the provider's mentions",
		Percent:  true,
		Format:   "%.0f",
		Height:   400,
	})
	f.tables[0] = Table{Name: "provider shares", Rows: names, Cols: cats, Values: f.tables[0].Values}
	return f, nil
}

// sortByRank orders idx so that the providers they index come in figure
// order.
func sortByRank(idx []int, provs []pipeline.Provider) {
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && providerRank(provs[idx[j]]) < providerRank(provs[idx[j-1]]); j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
}

// chooseCategories resolves requested category names (full or short) to
// indexes into have; none requested means Figure 10's nine (those present).
func chooseCategories(have, want []string) ([]string, []int, error) {
	defaulted := len(want) == 0
	if defaulted {
		want = figure10Categories
	}
	var names []string
	var idx []int
	for _, w := range want {
		i := -1
		for j, h := range have {
			if h == w || pipeline.ShortCategory(h) == w || (pipeline.CategoryIndex(w) >= 0 && pipeline.CategoryIndex(w) == pipeline.CategoryIndex(h)) {
				i = j
				break
			}
		}
		if i < 0 {
			if defaulted {
				continue
			}
			return nil, nil, fmt.Errorf("category %q not in the result (have %d categories)", w, len(have))
		}
		names = append(names, have[i])
		idx = append(idx, i)
	}
	if len(idx) == 0 {
		return nil, nil, fmt.Errorf("no categories to draw")
	}
	return names, idx, nil
}

// idStrings converts model ids to strings.
func idStrings(ids []pipeline.ModelID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}
