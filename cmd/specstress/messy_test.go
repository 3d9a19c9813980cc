package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/specstress/specstress/internal/testenv"
	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/pipeline/dataset"
)

const refPython = "/usr/bin/python3"

// messyDir is the release-shaped dataset DuckDB wrote (see
// pipeline/dataset/testdata/messy/make.sql); SPECSTRESS_MESSY_DIR points at
// a fresh copy.
func messyDir() string {
	if d := os.Getenv("SPECSTRESS_MESSY_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "pipeline", "dataset", "testdata", "messy", "release")
}

// reference runs reference.py (numpy, pandas, statsmodels) on the messy
// dataset's canonical CSVs, once per test binary: the tests only read its
// answer. It is a cross-check that starts Python, skipped with -short, and
// skips without Debian's Python stack unless SPECSTRESS_CI=1 demands it.
func reference(t *testing.T) map[string]any {
	t.Helper()
	if testing.Short() {
		t.Skip("cross-check against Python; skipped with -short")
	}
	testenv.Python(t, "numpy", "pandas", "statsmodels")
	refOnce.Do(func() {
		script := filepath.Join("..", "..", "pipeline", "dataset", "testdata", "messy", "reference.py")
		out, err := exec.Command(refPython, script, messyDir()).Output()
		if err != nil {
			refErr = fmt.Errorf("reference.py: %w", err)
			return
		}
		if err := json.Unmarshal(out, &refAnswer); err != nil {
			refErr = fmt.Errorf("reference.py output: %w", err)
		}
	})
	if refErr != nil {
		t.Fatal(refErr)
	}
	return refAnswer
}

var (
	refOnce   sync.Once
	refAnswer map[string]any
	refErr    error
)

// get walks a JSON path.
func get(t *testing.T, v any, path ...string) any {
	t.Helper()
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("reference: %v is not an object at %q", path, p)
		}
		v = m[p]
	}
	return v
}

func num(t *testing.T, v any, path ...string) float64 {
	t.Helper()
	f, ok := get(t, v, path...).(float64)
	if !ok {
		t.Fatalf("reference: %v is not a number", path)
	}
	return f
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// Figure 2 on the DuckDB-written judge files (model ids spelt five ways,
// five key formats, unknown decision strings, a shard with double keys)
// matches pandas + statsmodels: n, rates and Wilson intervals per bin under
// both rules, and the fold ratio's log interval.
func TestMessyComplianceMatchesReference(t *testing.T) {
	ref := reference(t)
	ds, err := dataset.Open(messyDir())
	if err != nil {
		t.Fatal(err)
	}
	var warn strings.Builder
	tables, err := analyzeCompliance(ds, analyzeOpts{rule: "majority", progress: &warn})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`"Mystery-Model" 150`, "judge claude_4:", `"unclear"`, "type drift"} {
		if !strings.Contains(warn.String(), w) {
			t.Errorf("warnings lack %q:\n%s", w, warn.String())
		}
	}
	fig := tables[0]
	bins, _ := fig.Strings("bin")
	for rule, cols := range map[string][3]string{"majority": {"majority", "majority_lo", "majority_hi"}, "any": {"any", "any_lo", "any_hi"}} {
		rate, _ := fig.Floats(cols[0])
		lo, _ := fig.Floats(cols[1])
		hi, _ := fig.Floats(cols[2])
		for i, b := range bins {
			want := get(t, ref, "figure2", rule, "bins", b)
			wl := get(t, want, "wilson").([]any)
			if !near(rate[i], num(t, want, "rate")) || !near(lo[i], wl[0].(float64)) || !near(hi[i], wl[1].(float64)) {
				t.Errorf("%s %s: %v [%v, %v], reference %v %v", rule, b, rate[i], lo[i], hi[i], num(t, want, "rate"), wl)
			}
		}
	}
	n, _ := fig.Floats("n")
	for i, b := range bins {
		if n[i] != num(t, ref, "figure2", "majority", "bins", b, "n") {
			t.Errorf("%s: n %v, reference %v", b, n[i], num(t, ref, "figure2", "majority", "bins", b, "n"))
		}
	}
	j, _, err := ds.ReadJudgments()
	if err != nil {
		t.Fatal(err)
	}
	f2, err := analysis.FrequentNonCompliance(j, pipeline.OpenAIModels)
	if err != nil {
		t.Fatal(err)
	}
	fold := get(t, ref, "figure2", "any", "fold").(map[string]any)
	ci := fold["ci"].([]any)
	if !near(f2.FoldAny, fold["ratio"].(float64)) || !near(f2.CIFoldAny.Lo, ci[0].(float64)) || !near(f2.CIFoldAny.Hi, ci[1].(float64)) {
		t.Errorf("fold (any): %v %v, reference %v", f2.FoldAny, f2.CIFoldAny, fold)
	}
	if get(t, ref, "figure2", "majority", "fold") == nil && !math.IsNaN(f2.CIFoldMajority.Lo) {
		t.Errorf("majority fold over a zero count has interval %v, want undefined", f2.CIFoldMajority)
	}
	meta := map[string]string{}
	for _, nt := range fig.Notes {
		meta[nt.Key] = nt.Value
	}
	if meta["rows"] != "900" || !strings.HasPrefix(meta["model set"], "openai_models") || !strings.Contains(meta["unparsed decisions"], "97") {
		t.Errorf("notes %v", fig.Notes)
	}
}

// Judge agreement over every fully judged response matches statsmodels'
// Fleiss kappa and the flag rates pandas counts.
func TestMessyAgreementMatchesReference(t *testing.T) {
	ref := reference(t)
	ds, err := dataset.Open(messyDir())
	if err != nil {
		t.Fatal(err)
	}
	j, _, err := ds.ReadJudgments()
	if err != nil {
		t.Fatal(err)
	}
	a, err := analysis.Agreement(j)
	if err != nil {
		t.Fatal(err)
	}
	if float64(a.N) != num(t, ref, "agreement", "n") || !near(a.Fleiss, num(t, ref, "agreement", "fleiss")) {
		t.Errorf("n %d fleiss %v; reference %v", a.N, a.Fleiss, get(t, ref, "agreement"))
	}
	for k, name := range a.Judges {
		if !near(a.FlagRates[k], num(t, ref, "agreement", "flag_rates", name)) {
			t.Errorf("flag rate %s %v, reference %v", name, a.FlagRates[k], num(t, ref, "agreement", "flag_rates", name))
		}
	}
}

// D and both outlier readings on a split whose shards disagree in type
// (int64 / double positions, nulls) match numpy.
func TestMessyPositionsMatchReference(t *testing.T) {
	ref := reference(t)
	ds, err := dataset.Open(messyDir())
	if err != nil {
		t.Fatal(err)
	}
	pos, _, sel, err := positions(ds, analyzeOpts{}, "test")
	if err != nil {
		t.Fatal(err)
	}
	d, err := analysis.Disagreement(pos, sel.set)
	if err != nil {
		t.Fatal(err)
	}
	below, undef := 0, 0
	for _, x := range d.D {
		switch {
		case math.IsNaN(x):
			undef++
		case x < 1.5:
			below++
		}
	}
	if float64(below) != num(t, ref, "D", "below") || float64(undef) != num(t, ref, "D", "undefined") {
		t.Errorf("D < 1.5: %d, undefined %d; reference %v", below, undef, get(t, ref, "D"))
	}
	for _, reading := range []analysis.OutlierReading{analysis.SameValue, analysis.EitherValue} {
		name := map[analysis.OutlierReading]string{analysis.SameValue: "same", analysis.EitherValue: "either"}[reading]
		o, err := analysis.Outliers(pos, sel.set, analysis.OutlierOptions{Reading: reading})
		if err != nil {
			t.Fatal(err)
		}
		for m, id := range o.Set.Models {
			if float64(o.Counts[m]) != num(t, ref, "outliers", name, "counts", string(id)) || float64(o.Valid[m]) != num(t, ref, "outliers", name, "valid", string(id)) {
				t.Errorf("%s reading, %s: %d of %d; reference %v of %v", name, id, o.Counts[m], o.Valid[m],
					num(t, ref, "outliers", name, "counts", string(id)), num(t, ref, "outliers", name, "valid", string(id)))
			}
		}
	}
}

// data verify on the messy release: type drift is reported for each
// config that has it and the other checks still run; the judge checks that
// hold pass; the exit code is 1.
func TestMessyVerify(t *testing.T) {
	code, out, errs := runCLI("data", "verify", messyDir())
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s %s", code, out, errs)
	}
	for _, line := range []string{
		"FAIL    default                   shard column types agree",
		"FAIL    judge_evaluations         shard column types agree",
		"PASS    judge_evaluations         max_pop_std_openai inside its bin",
		"PASS    judge_evaluations         model ids cover the five OpenAI models",
		"PASS    judge_evaluations         query_key parses",
		"FAIL    judge_evaluations         judge decisions parse                   97 cells",
		"FAIL    default/claude_models     split present",
	} {
		if !strings.Contains(out, line) {
			t.Errorf("verify output lacks %q:\n%s", line, out)
		}
	}
}

// A model set with a model the judge files lack is refused, naming it,
// with a non-zero exit; never an empty table.
func TestComplianceRefusesMissingModels(t *testing.T) {
	for _, args := range [][]string{
		{"analyze", "compliance", messyDir(), "--models", "gpt_4_1,claude_opus_4"},
		{"plot", "noncompliance", messyDir(), "--models", "o3,grok_4", "--out", filepath.Join(t.TempDir(), "f.png")},
	} {
		code, out, errs := runCLI(args...)
		missing := args[len(args)-1]
		if args[0] == "plot" {
			missing = "grok_4"
		} else {
			missing = "claude_opus_4"
		}
		if code == 0 || !strings.Contains(errs, "needs judged responses of "+missing) || strings.Contains(out, "0.00") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
}

// A judge file whose query_key cannot be read for some rows (and that has
// no nudge_direction column) leaves those scenarios unknown: compliance
// refuses, naming the file and row, and data verify fails the key check;
// agreement, which needs no key, still runs and warns.
func TestUnreadableKeysAreRefused(t *testing.T) {
	root := t.TempDir()
	keys := []string{"1/2/neutral", "1/2/value1", "garbage", "1/2/value2", "???", "1/3/neutral"}
	n := len(keys)
	models, chunk, entry, dec := make([]string, n), make([]int64, n), make([]int64, n), make([]string, n)
	for i := range keys {
		models[i], chunk[i], entry[i], dec[i] = "gpt-4.1", 1, 2, "compliant"
	}
	tb := &dataset.Table{Columns: []dataset.Column{
		{Name: "model", Kind: dataset.String, Strings: models},
		{Name: "chunk_idx", Kind: dataset.Int64, Ints: chunk},
		{Name: "entry_idx", Kind: dataset.Int64, Ints: entry},
		{Name: "query_key", Kind: dataset.String, Strings: keys},
		{Name: "a_decision", Kind: dataset.String, Strings: dec},
		{Name: "b_decision", Kind: dataset.String, Strings: dec},
	}}
	if _, err := dataset.WriteSplit(root, dataset.JudgeEvaluations, "std_0.0_to_1.0", tb, dataset.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI("analyze", "compliance", root, "--models", "gpt_4_1")
	if code == 0 || !strings.Contains(errs, "2 of 6 judged rows have no readable nudge") || !strings.Contains(errs, `query_key "garbage"`) {
		t.Errorf("compliance: exit %d, %s %s", code, out, errs)
	}
	code, out, _ = runCLI("data", "verify", root)
	if code != 1 || !strings.Contains(out, "FAIL    judge_evaluations  query_key parses") {
		t.Errorf("verify: exit %d\n%s", code, out)
	}
	code, out, errs = runCLI("analyze", "agreement", root)
	if code != 0 || !strings.Contains(errs, "nudge could not be read") {
		t.Errorf("agreement: exit %d, %s %s", code, out, errs)
	}
}

// The release carries no classification columns: profiles and refusals
// say which stage produces them instead of failing obscurely.
func TestMissingClassificationNamesTheStage(t *testing.T) {
	for sub, col := range map[string]string{"profiles": "distinctive_values", "refusals": "response_type"} {
		code, _, errs := runCLI("analyze", sub, messyDir(), "--split", "all_models")
		if code == 0 || !strings.Contains(errs, col) || !strings.Contains(errs, "specstress classify") {
			t.Errorf("%s: exit %d, %s", sub, code, errs)
		}
	}
}
