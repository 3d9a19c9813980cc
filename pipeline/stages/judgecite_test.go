package stages

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/simulate"
)

// The offline sim judges cite the synthetic sample spec's clauses by the
// planted rule (simulate.SpecCitations), read here independently off each
// judged response's marker: the clause of the value it favours when
// compliant, of the value it goes against when not.
func TestSimJudgesCitePlantedClauses(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Out, cfg.Pairs, cfg.Seed = t.TempDir(), 20, 5
	cfg.Spec = filepath.Join("..", "..", "notebooks", "data", "sample", "spec.md")
	r, done := openWith(t, cfg, func(string) string { return "" })
	defer done()
	res, err := r.Stages(context.Background(), StagePairs, StageScenarios, StageSpectra, StageResponses, StageClassify, StageJudge)
	if err != nil {
		t.Fatal(err)
	}
	if res[len(res)-1].Failed != 0 || len(res[len(res)-1].Warnings) != 0 {
		t.Fatalf("judge stage %v", res[len(res)-1])
	}
	planted := simulate.SampleSpecCitations()
	marker := regexp.MustCompile(`\[sim model=\S+ v1=(\d) v2=(\d)`)
	cited, checked := 0, 0
	for _, rec := range r.judged.All() {
		s, _ := r.scenarios.Get(rec.Key.String())
		resp, _ := r.responses.Get(itemID(rec.Key, rec.Model))
		g := marker.FindStringSubmatch(resp.Text)
		if rec.Cites == nil || g == nil {
			t.Fatalf("%s by %s: citations %v, marker %v", rec.Key, rec.Judge, rec.Cites, g)
		}
		d, _ := pipeline.ParseDecision(rec.Decision)
		wantR, wantV := planted.Cite(s.Cat1, s.Cat2, int8(g[1][0]-'0'), int8(g[2][0]-'0'), d, nil)
		if !slices.Equal(rec.Cites.Clauses, wantR) || !slices.Equal(rec.Cites.Violated, wantV) || len(rec.Cites.Unknown) != 0 {
			t.Errorf("%s (%s vs %s, %s) by %s: cites %v / %v, planted %v / %v", rec.Key, s.Value1, s.Value2, rec.Decision, rec.Judge,
				rec.Cites.Clauses, rec.Cites.Violated, wantR, wantV)
		}
		if len(wantR) > 0 {
			cited++
		}
		checked++
	}
	if checked == 0 || cited < checked/2 {
		t.Errorf("%d of %d judgments cite a clause", cited, checked)
	}
}
