package plots

import (
	"fmt"
	"image/color"

	"github.com/specstress/specstress/pipeline/analysis"
)

// ResponseTypes draws the seven response types per model as horizontal
// stacked bars of shares (models grouped by provider), from full compliance
// in green to complete rejection in dark red, shares of at least ~4%
// annotated. Its Data table "response types" has rows = model ids and
// columns = the seven type names.
func ResponseTypes(r *analysis.RefusalResult) (*Figure, error) {
	if r == nil || len(r.Models) == 0 {
		return nil, fmt.Errorf("response types: empty result")
	}
	order := byProvider(r.Models)
	models := pick(r.Models, order)
	var layers []Layer
	for t, ty := range r.Types {
		l := Layer{Name: ty.String(), Color: ResponseTypeColor(ty)}
		for _, m := range order {
			l.Values = append(l.Values, r.Shares[m][t])
		}
		layers = append(layers, l)
	}
	labels := modelLabels(models)
	for i, m := range order {
		labels[i] = fmt.Sprintf("%s (%.0f%%)", labels[i], 100*r.RefusalRate[m])
	}
	f := Stacked(StackSpec{
		Title:      "Response types per model",
		Subtitle:   "share of each model's classified responses; in parentheses: refusal rate (last three types)",
		Bars:       labels,
		Layers:     layers,
		XLabel:     "share of responses",
		Format:     "%.0f",
		Percent:    true,
		Horizontal: true,
	})
	f.tables[0].Name = "response types"
	f.tables[0].Rows = idStrings(models)
	return f, nil
}

// RefusalByTopic draws Figure 4 as a heatmap: one row per topic tag, one
// column per model (grouped by provider), each cell the model's refusal
// rate (or, with hard, its complete-rejection rate) on scenarios with that
// tag, in percent. Its Data table "refusal rate" (or "hard refusal rate")
// has rows = topics and columns = model ids.
func RefusalByTopic(r *analysis.RefusalResult, hard bool) (*Figure, error) {
	if r == nil || len(r.Models) == 0 || len(r.Topics) == 0 {
		return nil, fmt.Errorf("refusal by topic: empty result")
	}
	order := byProvider(r.Models)
	models := pick(r.Models, order)
	rates, what, name, bar := r.TopicRate, "Refusal rate", "refusal rate", "refusal rate (%)"
	if hard {
		rates, what, name, bar = r.TopicHard, "Hard-refusal rate (complete rejection)", "hard refusal rate", "hard-refusal rate (%)"
	}
	vals := matrix(len(r.Topics), len(models))
	for t := range r.Topics {
		for j, m := range order {
			vals[t][j] = rates[t][m]
		}
	}
	cols := make([]color.Color, len(models))
	for j, id := range models {
		cols[j] = ProviderColor(id.Provider())
	}
	f := Matrix(MatrixSpec{
		Title:          what + " by topic",
		Subtitle:       "share of the model's responses to scenarios with the topic tag; grey: no such scenario",
		Rows:           r.Topics,
		Cols:           modelLabels(models),
		Values:         vals,
		Scale:          Reds(0, 1),
		Format:         "%.0f",
		Percent:        true,
		BarLabel:       bar,
		ColLabelColors: cols,
	})
	f.AddLegend(providerLegend(models)...)
	f.tables[0] = Table{Name: name, Rows: r.Topics, Cols: idStrings(models), Values: vals}
	return f, nil
}
