package analysis_test

import (
	"context"
	"slices"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
)

// twoModels builds positions of gpt_4_1 and gpt_4_1_mini from pairs of
// value1 positions (value2 is 3 for both: no disagreement there).
func twoModels(rows [][2]int8) *pipeline.Positions {
	p := &pipeline.Positions{Rows: len(rows), Models: []pipeline.ModelID{pipeline.GPT41, pipeline.GPT41Mini}}
	for m := 0; m < 2; m++ {
		a, b := make([]int8, len(rows)), make([]int8, len(rows))
		for r, x := range rows {
			a[r], b[r] = x[m], 3
		}
		p.Value1 = append(p.Value1, a)
		p.Value2 = append(p.Value2, b)
	}
	return p
}

// axis embeds row r as the unit vector on axis group[r]: rows sharing a
// group are exact duplicates, others are sqrt(2) apart.
func axis(group []int, dim int) analysis.RowEmbedder {
	return func(_ context.Context, rows []int) ([]float32, int, error) {
		out := make([]float32, len(rows)*dim)
		for i, r := range rows {
			out[i*dim+group[r]] = 1
		}
		return out, dim, nil
	}
}

func TestBuildSubsetsIsThePapersSelection(t *testing.T) {
	// D over two models is |a-b|/2: rows 0..6 have D 0, 1.5, 3, 1, 2, 1.5 and
	// (null) undefined.
	pos := twoModels([][2]int8{{3, 3}, {0, 3}, {0, 6}, {2, 4}, {1, 5}, {6, 3}, {pipeline.NullPosition, 2}})
	set := pipeline.GPT41VsMini
	// Row 5 duplicates row 1's query; the others are distinct.
	group := []int{0, 1, 2, 3, 4, 1, 6}
	subs, err := analysis.BuildSubsets(context.Background(), pos, axis(group, 8),
		analysis.SubsetOptions{Sets: []pipeline.ModelSet{set, pipeline.OpenAIModels}})
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 1 || subs[0].Set.Name != set.Name {
		t.Fatalf("subsets %+v: want only %s (the OpenAI set lacks models)", subs, set.Name)
	}
	s := subs[0]
	if s.Candidates != 4 {
		t.Errorf("%d candidates, want rows 1, 2, 4, 5 (D >= 1.5)", s.Candidates)
	}
	// Start at the highest D (row 2); then by weighted distance: rows 4
	// (2*sqrt2) and 1 (1.5*sqrt2); row 5 duplicates row 1 (distance 0) and
	// is dropped by the 0.8 stop.
	if want := []int{2, 4, 1}; !slices.Equal(s.Rows, want) {
		t.Errorf("rows in rank order %v, want %v", s.Rows, want)
	}
	if want := []float64{3, 2, 1.5}; !slices.Equal(s.D, want) {
		t.Errorf("D %v, want %v", s.D, want)
	}

	// With a negative stop every candidate is kept and ranked.
	subs, err = analysis.BuildSubsets(context.Background(), pos, axis(group, 8),
		analysis.SubsetOptions{Sets: []pipeline.ModelSet{set}, Stop: -1})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{2, 4, 1, 5}; !slices.Equal(subs[0].Rows, want) {
		t.Errorf("no stop: rows %v, want %v", subs[0].Rows, want)
	}

	// A bad embedder is an error naming what it returned.
	bad := func(context.Context, []int) ([]float32, int, error) { return make([]float32, 3), 2, nil }
	if _, err := analysis.BuildSubsets(context.Background(), pos, bad, analysis.SubsetOptions{Sets: []pipeline.ModelSet{set}}); err == nil {
		t.Error("embedder with the wrong number of floats: no error")
	}
	// A set with no defined D, or of one model, is empty, not an error.
	empty := twoModels([][2]int8{{pipeline.NullPosition, 1}})
	subs, err = analysis.BuildSubsets(context.Background(), empty, axis([]int{0}, 2), analysis.SubsetOptions{
		Sets: []pipeline.ModelSet{set, {Name: "one", Models: []pipeline.ModelID{pipeline.GPT41}}}})
	if err != nil || len(subs) != 2 || len(subs[0].Rows) != 0 || len(subs[1].Rows) != 0 {
		t.Errorf("empty sets: %+v, %v", subs, err)
	}
}
