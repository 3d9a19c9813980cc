package plots

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/pipeline/simulate"
)

// fixture holds analysis results computed once from a small simulated
// dataset (fixed seed), the inputs every figure test draws.
type fixture struct {
	data       *simulate.Data
	dis        *analysis.DisagreementResult
	subsets    []*analysis.DisagreementResult
	byCategory *analysis.GroupSummary
	outliers   *analysis.OutlierResult
	profiles   *analysis.ProfileResult
	cooc       []*analysis.CoOccurrenceResult
	refusals   *analysis.RefusalResult
	fig2       *analysis.Figure2
	outcomes   *analysis.OutcomeTable
	agreement  *analysis.AgreementResult
	selections []SelectionRun
}

var (
	fixOnce sync.Once
	fix     *fixture
	fixErr  error
)

// judgments converts the simulation's judged responses into the columnar
// judge decisions the analyses take.
func judgments(d *simulate.Data) *pipeline.Judgments {
	j := &pipeline.Judgments{Rows: len(d.Judged)}
	for _, jp := range d.Config.Judges {
		j.Judges = append(j.Judges, strings.TrimSuffix(jp.Column, "_decision"))
		j.Decisions = append(j.Decisions, make([]pipeline.Decision, len(d.Judged)))
	}
	for r, x := range d.Judged {
		for k := range j.Judges {
			j.Decisions[k][r] = x.Decisions[k]
		}
		j.Model = append(j.Model, x.Model)
		j.Keys = append(j.Keys, d.Scenarios.Key(x.Row))
		j.Bin = append(j.Bin, simulate.JudgeBins[x.Bin])
		j.MaxStd = append(j.MaxStd, x.MaxStd)
	}
	return j
}

func loadFixture(t testing.TB) *fixture {
	t.Helper()
	fixOnce.Do(func() { fix, fixErr = buildFixture(3000) })
	if fixErr != nil {
		t.Fatal(fixErr)
	}
	return fix
}

func buildFixture(scenarios int) (*fixture, error) {
	cfg := simulate.DefaultConfig()
	cfg.Scenarios = scenarios
	d, err := simulate.Generate(cfg)
	if err != nil {
		return nil, err
	}
	f := &fixture{data: d}
	if f.dis, err = analysis.Disagreement(d.Positions, pipeline.AllModels); err != nil {
		return nil, err
	}
	for _, s := range pipeline.Subsets() {
		r, err := analysis.Disagreement(d.Positions, s)
		if err != nil {
			return nil, err
		}
		f.subsets = append(f.subsets, r)
	}
	catOf := map[string]string{}
	names := pipeline.CategoryNames()
	for _, v := range append(append([]string(nil), d.Scenarios.Value1...), d.Scenarios.Value2...) {
		catOf[v] = names[simulate.CategoryOfValue(v)]
	}
	if f.byCategory, err = f.dis.ByCategory(d.Scenarios, catOf); err != nil {
		return nil, err
	}
	if f.outliers, err = analysis.Outliers(d.Positions, pipeline.AllModels, analysis.OutlierOptions{}); err != nil {
		return nil, err
	}
	if f.profiles, err = analysis.Profiles(d.Values); err != nil {
		return nil, err
	}
	top := f.profiles.TopCategories(10)
	for _, pair := range [][2]pipeline.ModelID{{"", ""}, {pipeline.ClaudeOpus4, pipeline.GPT41}} {
		c, err := analysis.CoOccurrence(d.Values, pair[0], pair[1], top)
		if err != nil {
			return nil, err
		}
		f.cooc = append(f.cooc, c)
	}
	if f.refusals, err = analysis.Refusals(d.Types); err != nil {
		return nil, err
	}
	j := judgments(d)
	if f.fig2, err = analysis.FrequentNonCompliance(j, pipeline.OpenAIModels); err != nil {
		return nil, err
	}
	comp, err := analysis.Compliance(j, analysis.Majority, pipeline.OpenAIModels)
	if err != nil {
		return nil, err
	}
	f.outcomes = comp.Outcomes(nil)
	if f.agreement, err = analysis.Agreement(j); err != nil {
		return nil, err
	}
	emb, dim := randomEmbeddings(400, 8, 7)
	unw, err := analysis.KCenter(context.Background(), emb, dim, analysis.KCenterOptions{Stop: -1})
	if err != nil {
		return nil, err
	}
	w := make([]float64, 400)
	for i := range w {
		w[i] = f.dis.D[i]
		if math.IsNaN(w[i]) {
			w[i] = 0
		}
	}
	wt, err := analysis.KCenter(context.Background(), emb, dim, analysis.KCenterOptions{Stop: -1, Weights: w})
	if err != nil {
		return nil, err
	}
	f.selections = []SelectionRun{{"unweighted", unw, 0.4}, {"D-weighted", wt, 0.8}}
	return f, nil
}

// randomEmbeddings returns n unit-normalised Gaussian vectors of size dim.
func randomEmbeddings(n, dim int, seed uint64) ([]float32, int) {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	emb := make([]float32, n*dim)
	for i := range n {
		var norm float64
		for k := range dim {
			v := rng.NormFloat64()
			emb[i*dim+k] = float32(v)
			norm += v * v
		}
		for k := range dim {
			emb[i*dim+k] /= float32(math.Sqrt(norm))
		}
	}
	return emb, dim
}
