package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/vg"

	"github.com/specstress/specstress/pipeline/analysis"
)

// CoOccurrence draws Figure 11: for each result, a heatmap of P(model B
// shows category Y | model A shows category X), X down the rows and Y
// across, annotated in percent. Several results sit side by side, two per
// row. Its Data holds one table per result, named "P(B|A)" with the model
// ids (or "pooled"), rows = X categories, columns = Y categories.
func CoOccurrence(results ...*analysis.CoOccurrenceResult) (*Figure, error) {
	if len(results) == 0 {
		return nil, fmt.Errorf("co-occurrence: no results")
	}
	cols := min(2, len(results))
	rows := (len(results) + cols - 1) / cols
	k := 0
	for _, r := range results {
		if r == nil || len(r.Categories) == 0 {
			return nil, fmt.Errorf("co-occurrence: empty result")
		}
		k = max(k, len(r.Categories))
	}
	panelH := vg.Length(k)*17 + 120
	f := NewFigure("Conditional co-occurrence of value categories", NotebookWidth, panelH*vg.Length(rows)+70)
	f.Subtitle = "cell (%): P(model B shows the column's category | model A shows the row's category)"
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
		title, name := "A, B: any two different models (pooled)", "P(B|A) pooled"
		if r.A != "" || r.B != "" {
			title = fmt.Sprintf("A = %s, B = %s", r.A.Short(), r.B.Short())
			name = fmt.Sprintf("P(B|A) %s %s", r.B, r.A)
		}
		f.AddPanel(matrixPlot(MatrixSpec{Panel: title, Rows: labels, Cols: labels, Values: r.P,
			Scale: scale, Format: "%.0f", Percent: true}, panelW))
		f.AddData(Table{Name: name, Rows: r.Categories, Cols: r.Categories, Values: r.P})
	}
	f.SetColorBar(ColorBar{Scale: scale, Label: "conditional probability", Percent: true})
	return f, nil
}
