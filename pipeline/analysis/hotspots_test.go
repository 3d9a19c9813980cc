package analysis

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/embed"
	"github.com/specstress/specstress/pipeline/spec"
)

const sampleSpecPath = "../../notebooks/data/sample/spec.md"

// The planted defects of the sample spec (notebooks/data/sample/spec_defects.md).
const (
	efficiency = "be-useful/answer-efficiently"
	rigor      = "be-useful/show-methodical-rigor"
	vulnerable = "protect-people/protect-vulnerable-people"
	autonomy   = "protect-people/respect-personal-growth-and-autonomy"
	vague      = "use-good-judgment/act-responsibly"
	uncovered  = "Spiritual fulfillment and meaning"
)

// plantedScenarios builds n scenarios over the 26 value categories whose
// disagreement follows the sample spec's planted defects: efficiency vs
// rigor and vulnerable vs personal growth are contested (90 % high D), as
// is any pair with ethical responsibility (the vague clause, 60 %) or with
// spiritual fulfillment (never covered, 60 %); other pairs are high 8 % of
// the time. Sides come from retrieval on the sample spec, so the test runs
// the real first pass. Judges (3) flag more and say "ambiguous" more on
// scenarios of the vague clause.
func plantedScenarios(t testing.TB, n int, seed uint64) (*HotspotInput, *spec.Spec) {
	t.Helper()
	sp, err := spec.ReadFile(sampleSpecPath)
	if err != nil {
		t.Fatal(err)
	}
	cats := pipeline.CategoryNames()
	ci := func(name string) int { return pipeline.CategoryIndex(name) }
	rng := rand.New(rand.NewPCG(seed, 7))
	in := &HotspotInput{Clauses: sp.IDs(), Evidence: "retrieved"}
	var v1s, v2s []string
	for r := 0; r < n; r++ {
		var a, b int
		p := 0.08
		switch u := rng.Float64(); {
		case u < 0.06:
			a, b, p = ci("Efficiency and resource optimization"), ci("Methodical rigor"), 0.9
		case u < 0.12:
			a, b, p = ci("Protecting vulnerable entities"), ci("Personal growth and wellbeing"), 0.9
		case u < 0.2:
			a, b, p = ci("Ethical responsibility"), rng.IntN(len(cats)), 0.6
		case u < 0.28:
			a, b, p = ci(uncovered), rng.IntN(len(cats)), 0.6
		default:
			a, b = rng.IntN(len(cats)), rng.IntN(len(cats))
		}
		for b == a {
			b = rng.IntN(len(cats))
		}
		if rng.IntN(2) == 0 {
			a, b = b, a
		}
		d := rng.Float64() * 1.49
		if rng.Float64() < p {
			d = 1.5 + rng.Float64()*1.5
		}
		in.D = append(in.D, d)
		in.Keys = append(in.Keys, pipeline.ScenarioKey{Chunk: int64(r / 100), Entry: int64(r % 100), Nudge: pipeline.Neutral})
		v1s = append(v1s, fmt.Sprintf("%s (facet %d)", cats[a], 1+rng.IntN(3)))
		v2s = append(v2s, fmt.Sprintf("%s (facet %d)", cats[b], 1+rng.IntN(3)))
	}
	in.Value1, in.Value2 = stripFacets(v1s), stripFacets(v2s)
	ret, err := spec.NewRetriever(context.Background(), embed.Hashed{}, sp)
	if err != nil {
		t.Fatal(err)
	}
	for i, vs := range [2][]string{v1s, v2s} {
		hits, err := ret.Nearest(context.Background(), vs, 1, spec.DefaultMinScore)
		if err != nil {
			t.Fatal(err)
		}
		side := make([][]int32, n)
		for r, h := range hits {
			for _, x := range h {
				side[r] = append(side[r], int32(x.Clause))
			}
		}
		if i == 0 {
			in.Side1 = side
		} else {
			in.Side2 = side
		}
	}
	j := &pipeline.Judgments{Judges: []string{"j1", "j2", "j3"}, Decisions: make([][]pipeline.Decision, 3)}
	vi := int32(sp.Index(vague))
	for r := 0; r < n; r += 2 { // every other scenario judged, one response each
		isVague := len(in.Side1[r]) > 0 && in.Side1[r][0] == vi || len(in.Side2[r]) > 0 && in.Side2[r][0] == vi
		for k := range 3 {
			dec := pipeline.Compliant
			switch x := rng.Float64(); {
			case isVague && x < 0.4, !isVague && x < 0.05:
				dec = pipeline.Ambiguous
			case x < 0.55:
				dec = pipeline.NonCompliant
			case x < 0.58:
				dec = pipeline.Missing
			}
			j.Decisions[k] = append(j.Decisions[k], dec)
		}
		j.Keys = append(j.Keys, in.Keys[r])
		j.Model = append(j.Model, "gpt_4_1")
		j.Rows++
	}
	j.Keys = append(j.Keys, pipeline.ScenarioKey{Chunk: 999, Nudge: pipeline.Neutral}) // a response of no scenario
	for k := range 3 {
		j.Decisions[k] = append(j.Decisions[k], pipeline.NonCompliant)
	}
	j.Model = append(j.Model, "gpt_4_1")
	j.Rows++
	in.Judged = j
	return in, sp
}

func stripFacets(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		if j := strings.Index(v, " (facet"); j >= 0 {
			v = v[:j]
		}
		out[i] = v
	}
	return out
}

func TestHotspotsRecoverPlantedDefects(t *testing.T) {
	in, _ := plantedScenarios(t, 6000, 1)
	res, err := Hotspots(in, HotspotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	kind := map[string]string{}
	rank := map[string]int{}
	for i, h := range res.Hotspots {
		kind[h.Subject] = h.Kind
		rank[h.Subject] = i
		t.Logf("%d %s %s high %d lift %.2f %s", i+1, h.Kind, h.Subject, h.HighN, h.Lift, h.LiftCI.brief())
	}
	want := map[string]string{
		efficiency + " <> " + rigor:    "contradiction",
		vulnerable + " <> " + autonomy: "contradiction",
		vague:                          "ambiguity",
		uncovered:                      "gap",
	}
	for subj, k := range want {
		if kind[subj] != k {
			t.Errorf("%s: classified %q, want %s", subj, kind[subj], k)
		}
	}
	if len(res.Hotspots) != len(want) {
		t.Errorf("%d hot spots, want exactly the %d planted ones", len(res.Hotspots), len(want))
	}
	if res.Hotspots[0].Kind != "contradiction" || res.Hotspots[1].Kind != "contradiction" {
		t.Errorf("contradictions not ranked first")
	}
	if res.JudgedUnknown != 1 || res.JudgedMatched != 3000 {
		t.Errorf("judged matched %d unknown %d, want 3000 and 1", res.JudgedMatched, res.JudgedUnknown)
	}
	for _, c := range res.ClauseStats {
		if c.Clause == vague && !(c.AmbiguousShare > 0.3) {
			t.Errorf("vague clause ambiguous share %.2f, want about 0.4", c.AmbiguousShare)
		}
	}
	for _, h := range res.Hotspots {
		if len(h.Examples) != 3 {
			t.Errorf("%s: %d examples, want 3", h.Subject, len(h.Examples))
		}
	}
	tabs := res.Tables()
	if len(tabs) != 4 || tabs[0].Len() != len(res.Hotspots) || tabs[1].Len() != len(in.Clauses) {
		t.Fatalf("tables: %d, rows %d", len(tabs), tabs[0].Len())
	}
	if !strings.Contains(tabs[0].String(), "retrieved clauses") {
		t.Error("the hot-spot table does not say which evidence it used")
	}
}

func TestHotspotsNoSignalNoHotspots(t *testing.T) {
	in, _ := plantedScenarios(t, 3000, 2)
	rng := rand.New(rand.NewPCG(3, 3))
	for r := range in.D { // disagreement unrelated to the spec
		in.D[r] = rng.Float64() * 3
	}
	res, err := Hotspots(in, HotspotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hotspots) > 0 { // Bonferroni-adjusted: no stray finding on noise
		t.Errorf("%d hot spots on noise: %+v", len(res.Hotspots), res.Hotspots)
	}
}

func TestHotspotsBadInput(t *testing.T) {
	in, _ := plantedScenarios(t, 200, 4)
	bad := *in
	bad.Side1 = append([][]int32{{int32(len(in.Clauses))}}, in.Side1[1:]...)
	if _, err := Hotspots(&bad, HotspotOptions{}); err == nil || !strings.Contains(err.Error(), "0/0/neutral") {
		t.Errorf("out-of-range clause: err = %v, want the scenario named", err)
	}
	bad = *in
	bad.D = in.D[:10]
	if _, err := Hotspots(&bad, HotspotOptions{}); err == nil || !strings.Contains(err.Error(), "unequal") {
		t.Errorf("ragged columns: err = %v", err)
	}
	bad = *in
	bad.D = make([]float64, len(in.D)) // every scenario low: no baseline to compare with
	if _, err := Hotspots(&bad, HotspotOptions{}); err == nil || !strings.Contains(err.Error(), "0 of 200 scenarios have D >= 1.5") {
		t.Errorf("no high scenario: err = %v", err)
	}
	bad = *in
	bad.Evidence = ""
	if _, err := Hotspots(&bad, HotspotOptions{}); err == nil {
		t.Error("no evidence kind accepted")
	}
	bad = *in
	bad.D = make([]float64, len(in.D))
	for i := range bad.D {
		bad.D[i] = math.NaN()
	}
	if _, err := Hotspots(&bad, HotspotOptions{}); err == nil {
		t.Error("all-NaN D accepted")
	}
}

// TestHotspotStatsAgainstPandas recomputes the per-clause, per-pair and
// per-gap statistics with pandas and statsmodels from a long CSV of the
// implications.
func TestHotspotStatsAgainstPandas(t *testing.T) {
	needPython(t)
	in, _ := plantedScenarios(t, 4000, 5)
	res, err := Hotspots(in, HotspotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sc := []string{"row,D,value1,value2"}
	impl := []string{"row,side,clause"}
	for r := range in.D {
		sc = append(sc, fmt.Sprintf("%d,%s,%s,%s", r, strconv.FormatFloat(in.D[r], 'g', -1, 64), in.Value1[r], in.Value2[r]))
		for s, side := range [2][]int32{in.Side1[r], in.Side2[r]} {
			for _, c := range side {
				impl = append(impl, fmt.Sprintf("%d,%d,%s", r, s+1, in.Clauses[c]))
			}
		}
	}
	jl := []string{"row,j1,j2,j3"}
	row := map[pipeline.ScenarioKey]int{}
	for r, k := range in.Keys {
		row[k] = r
	}
	for i := 0; i < in.Judged.Rows; i++ {
		r, ok := row[in.Judged.Keys[i]]
		if !ok {
			r = -1
		}
		cells := []string{strconv.Itoa(r)}
		for k := range 3 {
			d := in.Judged.Decisions[k][i]
			s := d.String()
			if d == pipeline.Missing {
				s = ""
			}
			cells = append(cells, s)
		}
		jl = append(jl, strings.Join(cells, ","))
	}
	writeFile(t, dir, "scenarios.csv", sc)
	writeFile(t, dir, "implicated.csv", impl)
	writeFile(t, dir, "judged.csv", jl)
	cj, _ := json.Marshal(in.Clauses)
	writeFile(t, dir, "clauses.json", []string{string(cj)})
	cmd := exec.Command(refPython, "testdata/crosscheck/hotspots.py", dir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("testdata/crosscheck/hotspots.py: %v\n%s", err, stderr.String())
	}
	var ref map[string]map[string]map[string]float64 // table -> key -> column -> value
	if err := json.Unmarshal(out, &ref); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	check := func(table, key, col string, got float64) {
		t.Helper()
		want, ok := ref[table][key][col]
		if !ok && (col == "high_n" || col == "low_n" || col == "judged") {
			want, ok = 0, true // pandas' groupby has no row for a zero count
		}
		if !ok {
			if math.IsNaN(got) || (col == "high_n" && got == 0) {
				return
			}
			t.Errorf("%s %s %s: pandas has no value, Go %g", table, key, col, got)
			return
		}
		if !closeTo(got, want, 1e-9) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("%s %s %s: Go %.12g, pandas %.12g", table, key, col, got, want)
		}
	}
	for _, c := range res.ClauseStats {
		check("clauses", c.Clause, "high_n", float64(c.HighN))
		check("clauses", c.Clause, "low_n", float64(c.LowN))
		if c.HighN > 0 && c.LowN > 0 {
			check("clauses", c.Clause, "lift", c.Lift)
			check("clauses", c.Clause, "lift_lo", c.LiftCI.Lo)
			check("clauses", c.Clause, "lift_hi", c.LiftCI.Hi)
		}
		if c.HighN > 0 {
			check("clauses", c.Clause, "high_lo", c.HighRate.Lo)
			check("clauses", c.Clause, "high_hi", c.HighRate.Hi)
		}
		check("clauses", c.Clause, "mean_D", c.MeanD)
		check("clauses", c.Clause, "judged", float64(c.Judged))
		check("clauses", c.Clause, "noncompliant", c.NonCompliant)
		check("clauses", c.Clause, "judge_split", c.JudgeSplit)
		check("clauses", c.Clause, "ambiguous_share", c.AmbiguousShare)
	}
	if len(res.Pairs) != len(ref["pairs"]) {
		t.Errorf("%d pairs with a high scenario, pandas %d", len(res.Pairs), len(ref["pairs"]))
	}
	for _, p := range res.Pairs {
		k := p.A + " <> " + p.B
		check("pairs", k, "high_n", float64(p.HighN))
		check("pairs", k, "low_n", float64(p.LowN))
		check("pairs", k, "share", p.Share)
	}
	if len(res.Gaps) != len(ref["gaps"]) {
		t.Errorf("%d gap values, pandas %d", len(res.Gaps), len(ref["gaps"]))
	}
	for _, g := range res.Gaps {
		check("gaps", g.Value, "high_n", float64(g.HighN))
		check("gaps", g.Value, "low_n", float64(g.LowN))
	}
}

// TestHotspotsNeedDistinctValuePairs: a clause on 12 high-D scenarios that
// are the nudges of only 4 value pairs is not a hot spot at MinCount 5;
// spread over 12 pairs it is.
func TestHotspotsNeedDistinctValuePairs(t *testing.T) {
	build := func(pairsOfA int) *HotspotInput {
		in := &HotspotInput{Clauses: []string{"a", "b"}, Evidence: "retrieved"}
		for r := 0; r < 600; r++ {
			d, side := 0.3, []int32{1}
			k := pipeline.ScenarioKey{Chunk: 1, Entry: int64(r), Nudge: pipeline.Neutral}
			if r < 12 {
				d, side = 2.5, []int32{0}
				k = pipeline.ScenarioKey{Chunk: 0, Entry: int64(r % pairsOfA), Nudge: pipeline.Nudges()[r/pairsOfA%3]}
				if pairsOfA == 12 {
					k.Nudge = pipeline.Neutral
				}
			} else if r%50 == 0 {
				d = 2 // some high scenarios elsewhere
			}
			in.D = append(in.D, d)
			in.Keys = append(in.Keys, k)
			in.Side1, in.Side2 = append(in.Side1, side), append(in.Side2, nil)
			in.Value1, in.Value2 = append(in.Value1, "x"), append(in.Value2, "")
		}
		return in
	}
	for _, c := range []struct{ pairs, want int }{{4, 0}, {12, 1}} {
		res, err := Hotspots(build(c.pairs), HotspotOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hotspots) != c.want {
			t.Errorf("12 high scenarios from %d value pairs: %d hot spots %+v, want %d", c.pairs, len(res.Hotspots), res.Hotspots, c.want)
		}
	}
}
