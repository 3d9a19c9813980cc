package analysis

import (
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

// Wilson, Clopper–Pearson and the fold ratio's log interval equal
// statsmodels' proportion_confint (wilson, beta) and
// confint_proportions_2indep (ratio, log), including the small rates the
// paper reports (0.7 % at n = 1,000) and the edges k = 0 and k = n.
func TestIntervalsMatchStatsmodels(t *testing.T) {
	needPython(t)
	props := [][2]int{{7, 1000}, {0, 1000}, {1000, 1000}, {1, 20}, {49, 100}, {97, 1000}, {3, 7}, {0, 1}}
	folds := [][4]int{{97, 1000, 7, 1000}, {27, 1000, 7, 1000}, {5, 9, 1, 100}, {1, 10, 1, 10}}
	var py strings.Builder
	py.WriteString("import json\nfrom statsmodels.stats.proportion import proportion_confint, confint_proportions_2indep\nout = {'w': [], 'b': [], 'f': []}\n")
	for _, p := range props {
		fmt.Fprintf(&py, "out['w'].append(list(map(float, proportion_confint(%d, %d, alpha=0.05, method='wilson'))))\n", p[0], p[1])
		fmt.Fprintf(&py, "out['b'].append(list(map(float, proportion_confint(%d, %d, alpha=0.05, method='beta'))))\n", p[0], p[1])
	}
	for _, f := range folds {
		fmt.Fprintf(&py, "out['f'].append(list(map(float, confint_proportions_2indep(%d, %d, %d, %d, method='log', compare='ratio'))))\n", f[0], f[1], f[2], f[3])
	}
	py.WriteString("print(json.dumps(out))\n")
	raw, err := exec.Command(refPython, "-c", py.String()).Output()
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	var ref struct{ W, B, F [][2]float64 }
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	within := func(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
	for i, p := range props {
		w, b := Wilson(p[0], p[1], 0.95), ClopperPearson(p[0], p[1], 0.95)
		if !within(w.Lo, ref.W[i][0], 1e-12) || !within(w.Hi, ref.W[i][1], 1e-12) {
			t.Errorf("Wilson(%d, %d) = %v, statsmodels %v", p[0], p[1], w, ref.W[i])
		}
		if !within(b.Lo, ref.B[i][0], 1e-9) || !within(b.Hi, ref.B[i][1], 1e-9) {
			t.Errorf("ClopperPearson(%d, %d) = %v, statsmodels %v", p[0], p[1], b, ref.B[i])
		}
	}
	for i, f := range folds {
		iv := FoldCI(f[0], f[1], f[2], f[3], 0.95)
		if !within(iv.Lo, ref.F[i][0], 1e-9) || !within(iv.Hi, ref.F[i][1], 1e-9) {
			t.Errorf("FoldCI(%v) = %v, statsmodels %v", f, iv, ref.F[i])
		}
	}
	if iv := FoldCI(5, 100, 0, 100, 0.95); !math.IsNaN(iv.Lo) {
		t.Errorf("fold over a zero count: %v, want undefined", iv)
	}
}

// The cluster bootstrap moves the rows of a value-pair triple together: a
// triple whose three rows agree carries the information of one row, so
// triplicating every row leaves the interval exactly as it was, while an
// iid bootstrap over the rows would shrink it by about sqrt(3).
func TestClusterBootstrapTreatsATripleAsOneUnit(t *testing.T) {
	n := 200
	hit := make([]int8, n)
	for i := range hit {
		if i%7 == 0 || i%11 == 0 {
			hit[i] = 1
		}
	}
	single := make([][]int, n)
	for i := range single {
		single[i] = []int{i}
	}
	hit3 := make([]int8, 3*n)
	triples := make([][]int, n)
	sc := &pipeline.Scenarios{Rows: 3 * n, Chunk: make([]int64, 3*n), Entry: make([]int64, 3*n), Nudge: make([]pipeline.Nudge, 3*n)}
	for i := range triples {
		for k, nd := range pipeline.Nudges() {
			r := 3*i + k
			hit3[r] = hit[i]
			sc.Chunk[r], sc.Entry[r], sc.Nudge[r] = int64(i/50), int64(i%50), nd
		}
	}
	clusters := PairClusters(sc)
	if len(clusters) != n || len(clusters[5]) != 3 {
		t.Fatalf("PairClusters: %d clusters, want %d triples", len(clusters), n)
	}
	a, err := ClusterShareCI("single", single, hit, 2000, 0.95, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ClusterShareCI("triples", clusters, hit3, 2000, 0.95, 7)
	if err != nil {
		t.Fatal(err)
	}
	if a.Estimate != b.Estimate || a.Lo != b.Lo || a.Hi != b.Hi {
		t.Errorf("triplicated rows changed the cluster interval: %v vs %v", a, b)
	}
	iid := make([][]int, 3*n)
	for i := range iid {
		iid[i] = []int{i}
	}
	c, err := ClusterShareCI("iid", iid, hit3, 2000, 0.95, 7)
	if err != nil {
		t.Fatal(err)
	}
	if w, wi := b.Hi-b.Lo, c.Hi-c.Lo; !(wi < 0.75*w) {
		t.Errorf("iid interval width %v not clearly narrower than the cluster width %v", wi, w)
	}
}

// A seeded sample of N fully judged responses gives the statistics of
// exactly those responses, the same for the same seed, and says so.
func TestAgreementSample(t *testing.T) {
	j := &pipeline.Judgments{Rows: 400, Judges: []string{"a", "b", "c"}, Bin: make([]string, 400)}
	for k := 0; k < 3; k++ {
		col := make([]pipeline.Decision, 400)
		for r := range col {
			switch {
			case r%17 == k:
				col[r] = pipeline.Missing
			case (r*(k+3))%5 < 2:
				col[r] = pipeline.NonCompliant
			default:
				col[r] = pipeline.Compliant
			}
		}
		j.Decisions = append(j.Decisions, col)
	}
	for r := range j.Bin {
		j.Bin[r] = fmt.Sprintf("bin%d", r%4)
	}
	a, err := AgreementWith(j, AgreementOptions{Sample: 100, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := AgreementWith(j, AgreementOptions{Sample: 100, Seed: 3})
	c, _ := AgreementWith(j, AgreementOptions{Sample: 100, Seed: 4})
	if a.N != 100 || a.Fleiss != b.Fleiss || a.Fleiss == c.Fleiss && a.FlagRates[0] == c.FlagRates[0] {
		t.Errorf("sample: n %d, kappa %v / %v (same seed) / %v (other seed)", a.N, a.Fleiss, b.Fleiss, c.Fleiss)
	}
	// The same statistics from the sampled rows alone.
	var complete []int
	for r := 0; r < j.Rows; r++ {
		if j.Decisions[0][r] != pipeline.Missing && j.Decisions[1][r] != pipeline.Missing && j.Decisions[2][r] != pipeline.Missing {
			complete = append(complete, r)
		}
	}
	sub := &pipeline.Judgments{Judges: j.Judges, Decisions: make([][]pipeline.Decision, 3)}
	for _, i := range SampleRows(len(complete), 100, 3) {
		sub.Rows++
		for k := range sub.Decisions {
			sub.Decisions[k] = append(sub.Decisions[k], j.Decisions[k][complete[i]])
		}
	}
	want, err := Agreement(sub)
	if err != nil {
		t.Fatal(err)
	}
	if want.Fleiss != a.Fleiss || want.FlagRates[1] != a.FlagRates[1] || want.MeanPairwise != a.MeanPairwise {
		t.Errorf("sample stats %v / %v differ from those of the sampled rows %v / %v", a.Fleiss, a.FlagRates, want.Fleiss, want.FlagRates)
	}
	if d := a.Describe(); !strings.Contains(d, "random sample of 100 of") || !strings.Contains(d, "seed 3") || !strings.Contains(d, "bin0") {
		t.Errorf("Describe: %s", d)
	}
	if d := mustAgree(t, j).Describe(); !strings.Contains(d, "over-represented") {
		t.Errorf("pooled Describe does not warn: %s", d)
	}
	if _, err := AgreementWith(j, AgreementOptions{Sample: 10000}); err == nil {
		t.Error("a sample larger than the responses is accepted")
	}
}

func mustAgree(t *testing.T, j *pipeline.Judgments) *AgreementResult {
	t.Helper()
	a, err := Agreement(j)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Compliance refuses a model set with a model that has no judged row.
func TestComplianceRefusesAMissingModel(t *testing.T) {
	j := &pipeline.Judgments{Rows: 2, Judges: []string{"a"}, Decisions: [][]pipeline.Decision{{pipeline.Compliant, pipeline.NonCompliant}},
		Model: []pipeline.ModelID{"gpt_4_1", "o3"}, Keys: make([]pipeline.ScenarioKey, 2)}
	_, err := Compliance(j, Majority, pipeline.OpenAIModels)
	if err == nil || !strings.Contains(err.Error(), "gpt_4_1_mini, gpt_4o, o4_mini") {
		t.Errorf("err = %v", err)
	}
	if _, err := FrequentNonCompliance(j, pipeline.OpenAIModels); err == nil {
		t.Error("Figure 2 over missing models: no error")
	}
}

// The outlier share's cluster interval is centred on the share the
// result reports and resamples value-pair triples.
func TestOutlierShareClusterCI(t *testing.T) {
	s := newSynth(3, 900)
	o, err := Outliers(s.pos, pipeline.AllModels, OutlierOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for m := range o.Set.Models {
		ci, err := o.ShareClusterCI(s.pos, s.sc, m, 300, 0.95, 1)
		if err != nil {
			t.Fatal(err)
		}
		want := float64(o.Counts[m]) / float64(o.Valid[m])
		if math.Abs(ci.Estimate-want) > 1e-12 || ci.Lo > want || ci.Hi < want {
			t.Errorf("%s: %v, share %v", o.Set.Models[m], ci, want)
		}
	}
	if _, err := o.ShareClusterCI(s.pos, s.sc, 99, 10, 0.95, 1); err == nil {
		t.Error("bad model index accepted")
	}
}
