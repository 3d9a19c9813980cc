package plots

import (
	"context"
	"math"
	"os"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/pipeline/dataset"
	"github.com/specstress/specstress/pipeline/embed"
)

// sampleDir is the embedded sample dataset that the notebooks read.
const sampleDir = "../notebooks/data/sample"

// sampleFixture computes every figure's input from the embedded sample,
// through the dataset reader, as `specstress plot` does.
func sampleFixture(t *testing.T) *fixture {
	t.Helper()
	if _, err := os.Stat(sampleDir); err != nil {
		t.Fatalf("embedded sample missing: %v", err)
	}
	ds, err := dataset.Open(sampleDir)
	must(t, err)
	fx := &fixture{}
	all, err := ds.Split("all_models")
	must(t, err)
	pos, err := all.Positions()
	must(t, err)
	fx.dis, err = analysis.Disagreement(pos, pipeline.AllModels)
	must(t, err)
	for _, set := range pipeline.Subsets() {
		s, err := ds.Split(set.Name)
		must(t, err)
		p, err := s.Positions()
		must(t, err)
		r, err := analysis.Disagreement(p, set)
		must(t, err)
		fx.subsets = append(fx.subsets, r)
	}
	sc, err := all.Scenarios()
	must(t, err)
	catOf := map[string]string{}
	for _, v := range append(append([]string(nil), sc.Value1...), sc.Value2...) {
		catOf[v] = "(any)"
		if i := pipeline.CategoryIndex(v); i >= 0 {
			catOf[v] = pipeline.CategoryNames()[i]
		}
	}
	fx.byCategory, err = fx.dis.ByCategory(sc, catOf)
	must(t, err)
	complete, err := ds.Split("complete/train")
	must(t, err)
	cpos, err := complete.Positions()
	must(t, err)
	fx.outliers, err = analysis.Outliers(cpos, pipeline.AllModels, analysis.OutlierOptions{})
	must(t, err)
	vc, err := complete.ValueCounts()
	must(t, err)
	fx.profiles, err = analysis.Profiles(vc)
	must(t, err)
	top := fx.profiles.TopCategories(10)
	for _, pair := range [][2]pipeline.ModelID{{"", ""}, {pipeline.GPT41, pipeline.Grok4}} {
		c, err := analysis.CoOccurrence(vc, pair[0], pair[1], top)
		must(t, err)
		fx.cooc = append(fx.cooc, c)
	}
	rt, err := complete.ResponseTypes()
	must(t, err)
	fx.refusals, err = analysis.Refusals(rt)
	must(t, err)
	j, err := ds.Judgments()
	must(t, err)
	fx.fig2, err = analysis.FrequentNonCompliance(j, pipeline.OpenAIModels)
	must(t, err)
	comp, err := analysis.Compliance(j, analysis.Majority, pipeline.OpenAIModels)
	must(t, err)
	fx.outcomes = comp.Outcomes(nil)
	fx.agreement, err = analysis.Agreement(j)
	must(t, err)
	queries, err := all.Queries()
	must(t, err)
	vecs, err := embed.Hashed{Dim: 64}.Embed(context.Background(), queries)
	must(t, err)
	var emb []float32
	for _, v := range vecs {
		emb = append(emb, v...)
	}
	w := make([]float64, len(fx.dis.D))
	for i, d := range fx.dis.D {
		if !math.IsNaN(d) {
			w[i] = d
		}
	}
	unw, err := analysis.KCenter(context.Background(), emb, 64, analysis.KCenterOptions{Stop: -1})
	must(t, err)
	wt, err := analysis.KCenter(context.Background(), emb, 64, analysis.KCenterOptions{Stop: -1, Weights: w})
	must(t, err)
	fx.selections = []SelectionRun{{"unweighted", unw, 0.4}, {"D-weighted", wt, 0.8}}
	return fx
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestEveryFigureBuildsFromTheEmbeddedSample(t *testing.T) {
	fx := sampleFixture(t)
	for _, b := range builders(fx) {
		t.Run(b.name, func(t *testing.T) {
			f, err := b.build()
			if err != nil {
				t.Fatal(err)
			}
			checkRenders(t, f)
			if len(f.Data()) == 0 || len(f.Data()[0].Values) == 0 {
				t.Error("figure exposes no data")
			}
		})
	}
	// Spot-check one figure's data against the analysis of the sample.
	f, err := OutlierCounts(fx.outliers)
	must(t, err)
	tb := table(t, f, "outliers")
	for m, id := range fx.outliers.Set.Models {
		if got, _ := tb.At("outliers", string(id)); got != float64(fx.outliers.Counts[m]) {
			t.Errorf("sample outliers %s: bar %v, want %d", id, got, fx.outliers.Counts[m])
		}
	}
}
