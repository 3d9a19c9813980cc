package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/vg"

	"github.com/specstress/specstress/pipeline/analysis"
)

// CoOccurrence draws Figure 11: for each result, a heatmap of P(model B
// shows category Y | model A shows category X), X down the rows and Y
// across, annotated in percent; row labels give how many responses of A
// show X. Several results are stacked, one per row. Its Data holds one
// table per result, named "P(B|A)" with the model ids (or "pooled"),
// rows = X categories, columns = Y categories.
func CoOccurrence(results ...*analysis.CoOccurrenceResult) (*Figure, error) {
	if len(results) == 0 {
		return nil, fmt.Errorf("co-occurrence: no results")
	}
	// One panel per row: side by side, ten rotated category labels per
	// panel do not fit at notebook width.
	cols := 1
	rows := len(results)
	k := 0
	for _, r := range results {
		if r == nil || len(r.Categories) == 0 {
			return nil, fmt.Errorf("co-occurrence: empty result")
		}
		k = max(k, len(r.Categories))
	}
	panelH := vg.Length(k)*17 + 120
	f := NewFigure("Conditional co-occurrence of value categories", NotebookWidth, panelH*vg.Length(rows)+70)
	f.Subtitle = "cell (%): P(model B shows the column's category | model A shows the row's category); in parentheses: responses where A shows it"
	f.Columns = cols
	// Scale to the largest probability drawn (rounded up to 10%) rather than
	// to 1: conditional probabilities are mostly small, and a 0–100% scale
	// would wash every cell out.
	hi := 0.0
	for _, r := range results {
		_, h := valueRange(r.P)
		hi = math.Max(hi, h)
	}
	scale := Blues(0, math.Min(1, math.Ceil(hi*10)/10))
	panelW := (NotebookWidth - 80) / vg.Length(cols)
	for _, r := range results {
		labels := categoryLabels(r.Categories)
		// Row labels carry how often A showed the category: small rows are
		// noisy, and the reader should see which.
		rowLabels := make([]string, len(labels))
		for x, l := range labels {
			n := 0
			if x < len(r.Given) {
				n = r.Given[x]
			}
			rowLabels[x] = fmt.Sprintf("%s (%d)", l, n)
		}
		title, name := "A, B: any two different models (pooled)", "P(B|A) pooled"
		if r.A != "" || r.B != "" {
			title = fmt.Sprintf("A = %s, B = %s", r.A.Short(), r.B.Short())
			name = fmt.Sprintf("P(B|A) %s %s", r.B, r.A)
		}
		f.AddPanel(matrixPlot(MatrixSpec{Panel: title, Rows: rowLabels, Cols: labels, Values: r.P,
			Scale: scale, Format: "%.0f", Percent: true}, panelW))
		f.AddData(Table{Name: name, Rows: r.Categories, Cols: r.Categories, Values: r.P})
	}
	f.SetColorBar(ColorBar{Scale: scale, Label: "conditional probability", Percent: true})
	return f, nil
}
