package plots

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/specstress/specstress/pipeline"
)

// Table is the data behind one panel of a figure: Values[r][c] is the number
// drawn for row label Rows[r] and column label Cols[c] (a heatmap cell, the
// height of one bar, one point of a series). Err, when not nil, holds the
// half-length of the error whisker drawn on each value. Tests and readers
// check figures against it instead of pixels.
type Table struct {
	Name   string      `json:"name"`
	Rows   []string    `json:"rows"`
	Cols   []string    `json:"cols"`
	Values [][]float64 `json:"values"`
	Err    [][]float64 `json:"err,omitempty"`
}

// At returns the value at row label r and column label c.
func (t Table) At(r, c string) (float64, bool) {
	ri, ci := indexOf(t.Rows, r), indexOf(t.Cols, c)
	if ri < 0 || ci < 0 {
		return 0, false
	}
	return t.Values[ri][ci], true
}

// String renders the table as aligned text.
func (t Table) String() string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "%s\t", t.Name)
	for _, c := range t.Cols {
		fmt.Fprintf(w, "%s\t", c)
	}
	fmt.Fprintln(w)
	for r, name := range t.Rows {
		fmt.Fprintf(w, "%s\t", name)
		for c := range t.Cols {
			fmt.Fprintf(w, "%.4g\t", t.Values[r][c])
		}
		fmt.Fprintln(w)
	}
	w.Flush()
	return b.String()
}

func indexOf(xs []string, x string) int {
	for i, s := range xs {
		if s == x {
			return i
		}
	}
	return -1
}

// modelLabels returns the short axis labels of models, disambiguated when
// two models share a short label (unknown ids truncated alike).
func modelLabels(ids []pipeline.ModelID) []string {
	out := make([]string, len(ids))
	seen := map[string]int{}
	for i, id := range ids {
		out[i] = id.Short()
		seen[out[i]]++
	}
	for i, id := range ids {
		if seen[out[i]] > 1 {
			out[i] = string(id)
		}
	}
	return out
}

// categoryLabels returns the short labels of category names.
func categoryLabels(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = pipeline.ShortCategory(n)
	}
	return out
}

// matrix returns a rows x cols matrix of zeros.
func matrix(rows, cols int) [][]float64 {
	m := make([][]float64, rows)
	for i := range m {
		m[i] = make([]float64, cols)
	}
	return m
}
