package simulate

import (
	"math"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

// The simulator's default splits follow the paper's definition: the rows
// with D >= 1.5 over the subset (computed here apart from the package
// code), rank 0 the most disagreed-on, and, with distinct query
// embeddings, no candidate dropped.
func TestSplitsAreTheHighDisagreementRowsInSelectionOrder(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Scenarios = 1500
	d, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range pipeline.Subsets() {
		want := map[int]float64{}
		best := 0.0
		for r := 0; r < d.Positions.Rows; r++ {
			dr := math.NaN()
			for _, col := range [][][]int8{d.Positions.Value1, d.Positions.Value2} {
				var xs []float64
				for _, id := range set.Models {
					if x := col[d.Positions.Index(id)][r]; x >= 0 {
						xs = append(xs, float64(x))
					}
				}
				if len(xs) < 2 {
					continue
				}
				var m, s float64
				for _, x := range xs {
					m += x
				}
				m /= float64(len(xs))
				for _, x := range xs {
					s += (x - m) * (x - m)
				}
				if sd := math.Sqrt(s / float64(len(xs))); math.IsNaN(dr) || sd > dr {
					dr = sd
				}
			}
			if dr >= 1.5-1e-12 {
				want[r] = dr
				best = max(best, dr)
			}
		}
		rows := d.Splits[set.Name]
		if len(rows) != len(want) {
			t.Errorf("%s: %d rows, %d have D >= 1.5", set.Name, len(rows), len(want))
		}
		seen := map[int]bool{}
		for k, r := range rows {
			if _, ok := want[r]; !ok || seen[r] {
				t.Errorf("%s rank %d: row %d has D < 1.5 or repeats", set.Name, k, r)
			}
			seen[r] = true
		}
		if len(rows) > 0 && math.Abs(want[rows[0]]-best) > 1e-9 {
			t.Errorf("%s: rank 0 has D %.3f, the highest is %.3f", set.Name, want[rows[0]], best)
		}
	}
}
