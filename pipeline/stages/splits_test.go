package stages

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/dataset"
)

// popSD is the population standard deviation, computed here apart from
// the package code under test.
func popSD(xs []float64) float64 {
	var m, s float64
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(xs)))
}

// The exported default splits are the paper's: only scenarios with
// D >= 1.5 over the subset's models, every such scenario a candidate, and
// rank the selection order starting from the most disagreed-on one.
func TestExportedSplitsAreThePapers(t *testing.T) {
	dir := t.TempDir()
	r, _, done := simRun(t, dir, 40)
	defer done()
	if _, err := r.Stages(context.Background(), StagePairs, StageScenarios, StageResponses, StageClassify); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "dataset")
	sum, err := r.Export(out)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, set := range pipeline.Subsets() {
		// Candidates straight from the journal.
		cand := map[pipeline.ScenarioKey]float64{}
		for _, p := range r.placed.All() {
			var v1, v2 []float64
			for _, id := range set.Models {
				pl := p.Placements[id]
				v1, v2 = append(v1, float64(pl.V1)), append(v2, float64(pl.V2))
			}
			if d := max(popSD(v1), popSD(v2)); d >= 1.5 {
				cand[p.Key] = d
			}
		}
		n := sum.DefaultSplits[set.Name]
		if len(cand) == 0 {
			if n != 0 {
				t.Errorf("%s: %d rows, no candidate", set.Name, n)
			}
			continue
		}
		if n == 0 || n > len(cand) {
			t.Errorf("%s: %d rows of %d candidates", set.Name, n, len(cand))
			continue
		}
		sp, err := ds.Split(set.Name)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := sp.Scenarios()
		if err != nil {
			t.Fatal(err)
		}
		ranks, _, err := sp.Ints(dataset.ColRank)
		if err != nil {
			t.Fatal(err)
		}
		best := 0.0
		for _, d := range cand {
			best = max(best, d)
		}
		for row := 0; row < sc.Rows; row++ {
			d, ok := cand[sc.Key(row)]
			if !ok {
				t.Errorf("%s row %d (%v) has D < 1.5 over the subset", set.Name, row, sc.Key(row))
			}
			if ranks[row] != int64(row) {
				t.Errorf("%s row %d has rank %d", set.Name, row, ranks[row])
			}
			if row == 0 && d != best {
				t.Errorf("%s: rank 0 has D %.3f, the highest is %.3f", set.Name, d, best)
			}
		}
		checked++
		t.Logf("%s: %d of %d candidates after deduplication", set.Name, n, len(cand))
	}
	if checked == 0 {
		t.Fatal("no split had candidates")
	}
}
