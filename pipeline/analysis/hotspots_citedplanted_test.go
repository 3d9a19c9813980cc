package analysis_test

import (
	"fmt"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/pipeline/simulate"
	"github.com/specstress/specstress/pipeline/spec"
)

// citedInput is the hot-spot input of a simulated dataset with the sample
// spec's contests planted and every scenario judged, its sides from the
// judges' planted citations, resolved against the sample spec.
func citedInput(t *testing.T, scenarios int) (*analysis.HotspotInput, *spec.CiteReport) {
	t.Helper()
	cfg := simulate.DefaultConfig()
	cfg.Seed, cfg.Scenarios, cfg.Contests = 3, scenarios, simulate.SampleSpecContests()
	cfg.JudgePerBin = scenarios // judge every scenario
	d, err := simulate.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := spec.ReadFile("../../notebooks/data/sample/spec.md")
	if err != nil {
		t.Fatal(err)
	}
	j := judgmentsOf(d)
	var fields [2][][][]string
	for f := range fields {
		fields[f] = make([][][]string, 3)
		for k := range 3 {
			for _, r := range d.Judged {
				fields[f][k] = append(fields[f][k], r.Cites[k][f])
			}
		}
	}
	cites, rep, err := sp.ResolveCited(j.Judges, fields, func(r int) string { return fmt.Sprint("judged row ", r) })
	if err != nil {
		t.Fatal(err)
	}
	dis, err := analysis.Disagreement(d.Positions, pipeline.ModelSet{Name: "all", Models: d.Positions.Models})
	if err != nil {
		t.Fatal(err)
	}
	sc := d.Scenarios
	in := &analysis.HotspotInput{Clauses: sp.IDs(), D: dis.D, Value1: sc.Value1, Value2: sc.Value2, Judged: j}
	for r := 0; r < sc.Rows; r++ {
		in.Keys = append(in.Keys, sc.Key(r))
	}
	if _, err := analysis.CitedSides(in, cites); err != nil {
		t.Fatal(err)
	}
	return in, rep
}

// From the judges' citations alone the two planted contradictions and the
// vague clause come out on top, classified right; cited evidence names no
// gaps (its sides are the judges' camps, not values).
func TestCitedEvidenceRecoversPlantedDefects(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and judges 12,000 scenarios")
	}
	in, rep := citedInput(t, 12000)
	if rep.TotalUnknown() != 0 || rep.Rows == 0 {
		t.Fatalf("citations: %s", rep)
	}
	res, err := analysis.Hotspots(in, analysis.HotspotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	kind := map[string]string{}
	rank := map[string]int{}
	for i, h := range res.Hotspots {
		kind[h.Subject], rank[h.Subject] = h.Kind, i
		t.Logf("%d %s %s high %d lift %.2f [%.2f, %.2f]", i+1, h.Kind, h.Subject, h.HighN, h.Lift, h.LiftCI.Lo, h.LiftCI.Hi)
	}
	want := map[string]string{
		"be-useful/answer-efficiently <> be-useful/show-methodical-rigor":                                 "contradiction",
		"protect-people/protect-vulnerable-people <> protect-people/respect-personal-growth-and-autonomy": "contradiction",
		"use-good-judgment/act-responsibly":                                                               "ambiguity",
	}
	for subj, k := range want {
		r, ok := rank[subj]
		if kind[subj] != k || !ok || r >= len(want) {
			t.Errorf("%s: %q at rank %d, want %s among the first %d", subj, kind[subj], r+1, k, len(want))
		}
	}
	for _, h := range res.Hotspots {
		if h.Kind == "gap" {
			t.Errorf("cited evidence classified a gap: %s", h.Subject)
		}
	}
	if res.Evidence != "cited" {
		t.Errorf("evidence %q", res.Evidence)
	}
}
