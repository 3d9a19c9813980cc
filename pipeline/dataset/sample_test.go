package dataset_test

import (
	"reflect"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/dataset"
	"github.com/specstress/specstress/pipeline/simulate"
)

// The embedded sample opens and every reader returns exactly what the
// simulator generated.
func TestEmbeddedSampleReadsBack(t *testing.T) {
	ds, err := dataset.Open("../../notebooks/data/sample")
	if err != nil {
		t.Fatal(err)
	}
	if got := ds.Configs(); !reflect.DeepEqual(got, []string{dataset.Default, dataset.Complete, dataset.JudgeEvaluations}) {
		t.Fatalf("configs = %v", got)
	}
	var subsets []string
	for _, s := range pipeline.Subsets() {
		subsets = append(subsets, s.Name)
	}
	if got := ds.SplitNames(dataset.Default); !reflect.DeepEqual(got, subsets) {
		t.Errorf("default splits = %v, want %v", got, subsets)
	}
	d, err := simulate.Generate(simulate.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	complete, err := ds.Split("complete/train")
	if err != nil {
		t.Fatal(err)
	}
	pos, err := complete.Positions()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pos, d.Positions) {
		t.Errorf("complete positions differ from the generated ones")
	}
	sc, err := complete.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sc, d.Scenarios) {
		t.Errorf("complete scenarios differ from the generated ones")
	}
	rt, err := complete.ResponseTypes()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rt, d.Types) {
		t.Errorf("response types differ from the generated ones")
	}
	vc, err := complete.ValueCounts()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(vc, d.Values) {
		t.Errorf("value counts differ from the generated ones")
	}
	all, err := ds.Split("all_models")
	if err != nil {
		t.Fatal(err)
	}
	if all.Rows != len(d.Splits["all_models"]) || len(all.Models) != 12 {
		t.Errorf("all_models: %d rows, %d models; want %d, 12", all.Rows, len(all.Models), len(d.Splits["all_models"]))
	}
	ap, err := all.Positions()
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range d.Splits["all_models"] {
		for m := range ap.Models {
			if ap.Value1[m][i] != d.Positions.Value1[m][r] || ap.Value2[m][i] != d.Positions.Value2[m][r] {
				t.Fatalf("all_models row %d model %s differs from complete row %d", i, ap.Models[m], r)
			}
		}
	}
	j, err := ds.Judgments()
	if err != nil {
		t.Fatal(err)
	}
	if j.Rows != len(d.Judged) || !reflect.DeepEqual(j.Judges, []string{"claude_4", "gpt41", "gemini_2_5"}) {
		t.Fatalf("judgments: %d rows, judges %v; want %d", j.Rows, j.Judges, len(d.Judged))
	}
	for r, g := range d.Judged {
		for k := range j.Judges {
			if j.Decisions[k][r] != g.Decisions[k] {
				t.Fatalf("judgment row %d judge %s = %v, want %v", r, j.Judges[k], j.Decisions[k][r], g.Decisions[k])
			}
		}
		if j.Model[r] != g.Model || j.Keys[r] != d.Scenarios.Key(g.Row) {
			t.Fatalf("judgment row %d: model %s key %v, want %s %v", r, j.Model[r], j.Keys[r], g.Model, d.Scenarios.Key(g.Row))
		}
	}
}

// The in-memory views of simulate.Data equal what reading the files gives.
func TestSimulateViewsMatchFiles(t *testing.T) {
	ds, err := dataset.Open("../../notebooks/data/sample")
	if err != nil {
		t.Fatal(err)
	}
	d, err := simulate.Generate(simulate.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	j, err := ds.Judgments()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(j, d.Judgments()) {
		t.Errorf("Data.Judgments differs from the judge_evaluations files")
	}
	for _, set := range pipeline.Subsets() {
		sp, err := ds.Split(set.Name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := sp.Positions()
		if err != nil {
			t.Fatal(err)
		}
		want, ok := d.SplitPositions(set.Name)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("Data.SplitPositions(%s) differs from the file", set.Name)
		}
	}
}
