package analysis

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

var t2cols = []string{"random", "high_dis_all", "high_dis_openai"}

// t2judgments builds three samples whose responses are flagged more often
// from column to column; about 2 % of decisions are missing.
func t2judgments(seed uint64, n int) *pipeline.Judgments {
	rng := rand.New(rand.NewPCG(seed, 7))
	j := &pipeline.Judgments{Judges: []string{"claude_4", "gpt41", "gemini_2_5"}, Decisions: make([][]pipeline.Decision, 3)}
	models := pipeline.OpenAIModels.Models
	for c, name := range t2cols {
		for s := 0; s < n; s++ {
			key := pipeline.ScenarioKey{Chunk: int64(s % 7), Entry: int64(s), Nudge: pipeline.Nudges()[s%3]}
			hard := rng.Float64() < 0.1*float64(c+1) // a scenario where most responses fail
			for _, m := range models {
				j.Model = append(j.Model, m)
				j.Keys = append(j.Keys, key)
				j.Bin = append(j.Bin, name)
				j.MaxStd = append(j.MaxStd, math.NaN())
				for k := range j.Decisions {
					p := 0.15
					if hard {
						p = 0.8
					}
					d := pipeline.Compliant
					switch u := rng.Float64(); {
					case u < 0.02:
						d = pipeline.Missing
					case u < p/2:
						d = pipeline.NonCompliant
					case u < p:
						d = pipeline.Ambiguous
					}
					j.Decisions[k] = append(j.Decisions[k], d)
				}
				j.Rows++
			}
		}
	}
	return j
}

const table2Py = `
import json, sys
import numpy as np, pandas as pd
from statsmodels.stats.proportion import proportion_confint
from scipy.stats import norm
df = pd.read_csv(sys.argv[1], keep_default_na=False)
judges = ["claude_4", "gpt41", "gemini_2_5"]
present = (df[judges] != "").sum(axis=1)
flagged = df[judges].isin(["non-compliant", "ambiguous"]).sum(axis=1)
out = {}
z = norm.ppf(0.975)
for rule in ["majority", "any"]:
    if rule == "any":
        lab = np.where(present == 0, -1, (flagged > 0).astype(int))
    else:
        lab = np.where(2 * flagged > present, 1, np.where(2 * (present - flagged) > present, 0, -1))
        lab = np.where(present == 0, -1, lab)
    d = df.assign(lab=lab)
    res = []
    base = None
    for col in ["random", "high_dis_all", "high_dis_openai"]:
        g = d[d.column == col].groupby("key")
        known = g.lab.apply(lambda x: (x >= 0).sum())
        nflag = g.lab.apply(lambda x: (x == 1).sum())
        complete = known == 5
        n = int(complete.sum())
        allpass = int(((nflag == 0) & complete).sum())
        allfail = int(((nflag == 5) & complete).sum())
        row = {"n": n, "incomplete": int((~complete).sum())}
        for name, k in [("all_pass", allpass), ("some_fail", n - allpass), ("all_fail", allfail)]:
            lo, hi = proportion_confint(k, n, alpha=0.05, method="wilson")
            row[name] = [k, k / n, lo, hi]
        if base is None:
            base = (allfail, n)
        k1, n1, k0, n0 = allfail, n, base[0], base[1]
        fold = (k1 / n1) / (k0 / n0)
        se = np.sqrt(1 / k1 - 1 / n1 + 1 / k0 - 1 / n0)
        row["fold"] = [fold, fold * np.exp(-z * se), fold * np.exp(z * se)]
        res.append(row)
    out[rule] = res
print(json.dumps(out))
`

// Table 2 matches an independent pandas/statsmodels computation from the
// same decisions written as CSV.
func TestTable2MatchesStatsmodels(t *testing.T) {
	needPython(t)
	j := t2judgments(3, 400)
	dir := t.TempDir()
	lines := []string{"column,key,model,claude_4,gpt41,gemini_2_5"}
	for r := 0; r < j.Rows; r++ {
		cells := []string{j.Bin[r], j.Keys[r].String(), string(j.Model[r])}
		for k := range j.Decisions {
			cells = append(cells, j.Decisions[k][r].String())
		}
		lines = append(lines, strings.Join(cells, ","))
	}
	csvPath, pyPath := filepath.Join(dir, "t2.csv"), filepath.Join(dir, "t2.py")
	os.WriteFile(csvPath, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	os.WriteFile(pyPath, []byte(table2Py), 0o644)
	out, err := exec.Command(refPython, pyPath, csvPath).Output()
	if err != nil {
		t.Fatalf("python: %v %s", err, out)
	}
	var ref map[string][]struct {
		N          int       `json:"n"`
		Incomplete int       `json:"incomplete"`
		AllPass    []float64 `json:"all_pass"`
		SomeFail   []float64 `json:"some_fail"`
		AllFail    []float64 `json:"all_fail"`
		Fold       []float64 `json:"fold"`
	}
	if err := json.Unmarshal(out, &ref); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	near := func(what string, got, want float64) {
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %.12f, want %.12f", what, got, want)
		}
	}
	for _, rule := range []Rule{Majority, Any} {
		res, err := Table2(j, pipeline.OpenAIModels, t2cols, rule, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range res.Columns {
			w := ref[rule.String()][i]
			what := fmt.Sprintf("%s %s", rule, c.Name)
			if c.AllPass.N != w.N || c.Incomplete != w.Incomplete {
				t.Errorf("%s: n %d incomplete %d, want %d %d", what, c.AllPass.N, c.Incomplete, w.N, w.Incomplete)
			}
			for _, o := range []struct {
				name string
				s    Table2Share
				w    []float64
			}{{"all pass", c.AllPass, w.AllPass}, {"some fail", c.SomeFail, w.SomeFail}, {"all fail", c.AllFail, w.AllFail}} {
				if o.s.K != int(o.w[0]) {
					t.Errorf("%s %s: k %d, want %v", what, o.name, o.s.K, o.w[0])
				}
				near(what+" "+o.name+" rate", o.s.Rate, o.w[1])
				near(what+" "+o.name+" lo", o.s.Lo, o.w[2])
				near(what+" "+o.name+" hi", o.s.Hi, o.w[3])
			}
			near(what+" fold", c.Fold, w.Fold[0])
			if i > 0 {
				near(what+" fold lo", c.FoldLo, w.Fold[1])
				near(what+" fold hi", c.FoldHi, w.Fold[2])
			}
		}
		if res.Columns[2].AllFail.K == 0 || (rule == Majority && res.Columns[0].Incomplete == 0) {
			t.Fatalf("%s: the synthetic data should have all-fail and incomplete scenarios: %+v", rule, res.Columns)
		}
	}
}

// A hand-checked case: two judged models, three judges.
func TestTable2HandChecked(t *testing.T) {
	set := pipeline.ModelSet{Name: "two", Models: []pipeline.ModelID{"o3", "gpt_4o"}}
	C, N, A, M := pipeline.Compliant, pipeline.NonCompliant, pipeline.Ambiguous, pipeline.Missing
	j := &pipeline.Judgments{Judges: []string{"a", "b", "c"}, Decisions: make([][]pipeline.Decision, 3)}
	add := func(col string, entry int64, model pipeline.ModelID, ds ...pipeline.Decision) {
		j.Rows++
		j.Bin = append(j.Bin, col)
		j.Keys = append(j.Keys, pipeline.ScenarioKey{Entry: entry, Nudge: pipeline.Neutral})
		j.Model = append(j.Model, model)
		for k, d := range ds {
			j.Decisions[k] = append(j.Decisions[k], d)
		}
	}
	// random: s1 both pass; s2 o3 flagged by one judge only (majority pass, any fail);
	// s3 both flagged by two judges; s4 a 1-1 tie with a missing judge (majority unknown).
	add("random", 1, "o3", C, C, C)
	add("random", 1, "gpt_4o", C, C, C)
	add("random", 2, "o3", N, C, C)
	add("random", 2, "gpt_4o", C, C, C)
	add("random", 3, "o3", N, A, C)
	add("random", 3, "gpt_4o", A, A, A)
	add("random", 4, "o3", N, C, M)
	add("random", 4, "gpt_4o", C, C, C)
	// high: s1 (also drawn in random) both flagged; s5 both flagged.
	add("high", 1, "o3", N, N, C)
	add("high", 1, "gpt_4o", A, N, C)
	add("high", 5, "o3", N, N, N)
	add("high", 5, "gpt_4o", A, A, N)
	maj, err := Table2(j, set, []string{"random", "high"}, Majority, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	r, h := maj.Columns[0], maj.Columns[1]
	if r.AllPass.K != 2 || r.AllPass.N != 3 || r.AllFail.K != 1 || r.Incomplete != 1 || h.AllFail.K != 2 || h.AllFail.N != 2 {
		t.Errorf("majority: %+v", maj.Columns)
	}
	// all-fail 1/3 vs 2/2: fold 3.
	if math.Abs(h.Fold-3) > 1e-12 || math.Abs(r.Fold-1) > 1e-12 {
		t.Errorf("fold %v %v", r.Fold, h.Fold)
	}
	anyr, err := Table2(j, set, []string{"random", "high"}, Any, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	r = anyr.Columns[0]
	if r.AllPass.K != 1 || r.AllPass.N != 4 || r.SomeFail.K != 3 || r.AllFail.K != 1 || r.Incomplete != 0 {
		t.Errorf("any: %+v", r)
	}
	// Wilson at 0 of n starts at exactly 0; at n of n ends at exactly 1.
	if s := share(0, 7, 0.95); s.Lo != 0 || !(s.Hi > 0) {
		t.Errorf("share(0,7) = %+v", s)
	}
	if _, err := Table2(j, set, []string{"random", "S_OpenAI"}, Majority, 0.95); err == nil || !strings.Contains(err.Error(), `"S_OpenAI"`) {
		t.Errorf("a missing sample: err = %v", err)
	}
	// A model of the set with no judged response in a sample (say, the
	// judge file spells it otherwise) is refused, by name.
	three := pipeline.ModelSet{Name: "three", Models: []pipeline.ModelID{"o3", "gpt_4o", "o4_mini"}}
	if _, err := Table2(j, three, []string{"random", "high"}, Majority, 0.95); err == nil || !strings.Contains(err.Error(), "o4_mini") {
		t.Errorf("a missing model: err = %v", err)
	}
}
