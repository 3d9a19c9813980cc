package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/simulate"
)

const sampleSpec = sampleDir + "/spec.md"

func TestAnalyzeHotspotsSample(t *testing.T) {
	code, out, errs := runCLI("analyze", "hotspots", sampleDir, "--spec", sampleSpec)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Spec hot spots (retrieved and cited clauses)", "evidence: retrieved and cited clauses (column evidence)",
		"judge citations: <judge>_clauses/_violated of claude_4, gpt41, gemini_2_5", "(0 unknown)",
		"Retrieval vs judge citations", "hit rate: ", "cluster bootstrap: lift_cb_lo/hi",
		"split: complete/train (default of analyze hotspots)", "model set: every model of complete/train", "rows: 6000",
		"spec: " + sampleSpec + " (markdown, 18 clauses", "judge data: judge_evaluations", "Contradiction candidates", "Gap candidates"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// The sample's disagreement was simulated without this spec: the
	// planted contradictions must not appear as if recovered from it.
	if strings.Contains(out, "contradiction  be-useful/answer-efficiently <> be-useful/show-methodical-rigor") {
		t.Error("a planted contradiction reported on data that does not carry it")
	}
}

func TestAnalyzeHotspotsCSVAndJSON(t *testing.T) {
	code, out, errs := runCLI("analyze", "hotspots", sampleDir, "--spec", sampleSpec, "--format", "csv", "--table", "clauses", "--split", "complete/train")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"# split: complete/train (--split)", "# rows: 6000", "# evidence: retrieved and cited clauses (column evidence)", "# spec: "} {
		if !strings.Contains(out, want) {
			t.Errorf("csv lacks %q", want)
		}
	}
	r := csv.NewReader(strings.NewReader(out))
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 37 || recs[0][0] != "evidence" || recs[0][1] != "clause" || recs[0][10] != "lift" || recs[1][0] != "retrieved" || recs[36][0] != "cited" {
		t.Fatalf("%d records, header %v; want 18 clauses per evidence", len(recs), recs[0])
	}
	code, out, errs = runCLI("analyze", "hotspots", sampleDir, "--spec", sampleSpec, "--format", "csv", "--table", "clauses", "--evidence", "retrieved")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if recs, err = readCSV(out); err != nil || len(recs) != 19 || recs[0][0] != "clause" || recs[0][9] != "lift" || strings.Contains(out, "Retrieval vs") {
		t.Fatalf("--evidence retrieved: %d records, header %v, %v", len(recs), recs[0], err)
	}
	code, out, errs = runCLI("analyze", "hotspots", sampleDir, "--spec", sampleSpec, "--format", "json", "--table", "pairs")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var js map[string]any
	if err := json.Unmarshal([]byte(out), &js); err != nil {
		t.Fatalf("json: %v\n%.300s", err, out)
	}
}

func TestAnalyzeHotspotsErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.md")
	os.WriteFile(empty, nil, 0o644)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{sampleDir}, 2, "--spec SPEC.md is required"},
		{[]string{sampleDir, "--spec", empty}, 1, "empty.md: empty file"},
		{[]string{sampleDir, "--spec", filepath.Join(dir, "missing.md")}, 1, "missing.md"},
		{[]string{sampleDir, "--spec", sampleSpec, "--split", "all_models"}, 1, "a lift needs both high- and low-disagreement scenarios"},
		{[]string{sampleDir, "--spec", sampleSpec, "--table", "x", "--format", "csv"}, 2, `--table "x"`},
		{[]string{sampleDir, "--spec", sampleSpec, "--top", "0"}, 2, "--top 0"},
		{[]string{filepath.Join(dir, "nodata"), "--spec", sampleSpec}, 1, "nodata"},
	} {
		code, _, errs := runCLI(append([]string{"analyze", "hotspots"}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, code, errs, c.code, c.want)
		}
	}
}

// TestAnalyzeHotspotsRecoversPlantedSpec generates a dataset whose
// disagreement follows the sample spec's planted defects
// (simulate.SampleSpecContests) and checks that the command ranks exactly
// those, classified as planted.
func TestAnalyzeHotspotsRecoversPlantedSpec(t *testing.T) {
	cfg := simulate.DefaultConfig()
	cfg.Scenarios = 12000
	cfg.Contests = simulate.SampleSpecContests()
	cfg.JudgePerBin = cfg.Scenarios // every scenario judged: citations cover them all
	d, err := simulate.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := d.Write(dir); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI("analyze", "hotspots", dir, "--spec", sampleSpec, "--format", "csv", "--evidence", "retrieved")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	recs, err := readCSV(out)
	if err != nil {
		t.Fatal(err)
	}
	// The planted defects must rank first: the first three findings are
	// the two contradictions and the vague clause, every gap is the
	// uncovered topic (one per facet name), and whatever else is found
	// (the simulator's provider affinities make some category pairs
	// genuinely contested too) has a lower lift bound than every planted one.
	want := map[string]string{
		"be-useful/answer-efficiently <> be-useful/show-methodical-rigor":                                 "contradiction",
		"protect-people/protect-vulnerable-people <> protect-people/respect-personal-growth-and-autonomy": "contradiction",
		"use-good-judgment/act-responsibly":                                                               "ambiguity",
	}
	plantedLo, gaps := math.Inf(1), 0
	for i, rec := range recs[1:] {
		t.Logf("%s %s %s high %s lift %s [%s, %s]", rec[0], rec[1], rec[2], rec[3], rec[4], rec[5], rec[6])
		lo, _ := strconv.ParseFloat(rec[5], 64)
		switch {
		case i < 3:
			if want[rec[2]] != rec[1] {
				t.Errorf("rank %d: %s %s, want one of the planted %v", i+1, rec[1], rec[2], want)
			}
			delete(want, rec[2])
			plantedLo = math.Min(plantedLo, lo)
		case rec[1] == "gap":
			gaps++
			if !strings.HasPrefix(rec[2], "spiritual fulfillment and meaning (facet ") {
				t.Errorf("unplanted gap %s", rec[2])
			}
		case !(lo < plantedLo):
			t.Errorf("rank %d: unplanted %s %s with lift bound %g, not below the planted ones' %g", i+1, rec[1], rec[2], lo, plantedLo)
		}
	}
	if gaps == 0 {
		t.Error("the uncovered topic (spiritual fulfillment) is not reported as a gap")
	}

	// The judges' citations alone name the same three, first; and the
	// HTML page shows each one's clause text beside its numbers.
	page := filepath.Join(t.TempDir(), "hotspots.html")
	code, out, errs = runCLI("analyze", "hotspots", dir, "--spec", sampleSpec, "--format", "csv", "--evidence", "cited", "--html", page)
	if code != 0 {
		t.Fatalf("--evidence cited: exit %d: %s", code, errs)
	}
	if recs, err = readCSV(out); err != nil || len(recs) < 4 {
		t.Fatalf("cited: %v, %d records", err, len(recs))
	}
	want = map[string]string{
		"be-useful/answer-efficiently <> be-useful/show-methodical-rigor":                                 "contradiction",
		"protect-people/protect-vulnerable-people <> protect-people/respect-personal-growth-and-autonomy": "contradiction",
		"use-good-judgment/act-responsibly":                                                               "ambiguity",
	}
	for i, rec := range recs[1:4] {
		if want[rec[2]] != rec[1] {
			t.Errorf("cited rank %d: %s %s, want one of the planted %v", i+1, rec[1], rec[2], want)
		}
	}
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	for _, w := range []string{"<h3>Cited clauses</h3>", "Methodical rigor is required in every answer", "<i>against</i>",
		"Ethical responsibility: weigh things sensibly", "judged responses", "examples: <code>", "lift "} {
		if !strings.Contains(html, w) {
			t.Errorf("HTML page lacks %q", w)
		}
	}
}

func readCSV(out string) ([][]string, error) {
	r := csv.NewReader(strings.NewReader(out))
	r.Comment = '#'
	return r.ReadAll()
}

// Judges citing ids the spec lacks: the citations are left out, and the
// run says how many, which ids, and in which file and row, on stderr and
// in every table's notes; a dataset without citations refuses --evidence
// cited with the reason.
func TestAnalyzeHotspotsUnknownCitedIDs(t *testing.T) {
	cfg := simulate.DefaultConfig()
	cfg.Scenarios = 1500
	cfg.Citations = simulate.SampleSpecCitations()
	eff := pipeline.CategoryIndex("Efficiency and resource optimization")
	cfg.Citations.Clause[eff] = "be-useful/answer-efficently" // a judge's misspelling
	d, err := simulate.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := d.Write(dir); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI("analyze", "hotspots", dir, "--spec", sampleSpec, "--bootstrap", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, w := range []string{"warning: judges cite ", ` clause ids ` + sampleSpec + ` does not have`, `"be-useful/answer-efficently" x`,
		`cites "be-useful/answer-efficently" (judge_evaluations/std_`, ".parquet row "} {
		if !strings.Contains(errs, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errs)
		}
	}
	if !strings.Contains(out, "unknown ids left out") {
		t.Errorf("the notes do not report the unknown ids:\n%.2000s", out)
	}
	cfg.Citations = nil
	d, err = simulate.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	plain := t.TempDir()
	if err := d.Write(plain); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCLI("analyze", "hotspots", plain, "--spec", sampleSpec, "--evidence", "cited")
	if code != 1 || !strings.Contains(errs, "carry no clause citations") {
		t.Errorf("--evidence cited without citations: exit %d, %s", code, errs)
	}
	code, out, _ = runCLI("analyze", "hotspots", plain, "--spec", sampleSpec, "--bootstrap", "0")
	if code != 0 || !strings.Contains(out, "judge citations: none") || !strings.Contains(out, "(retrieved clauses)") {
		t.Errorf("auto without citations: exit %d\n%.1500s", code, out)
	}
}

// `data sample --plant-spec-defects` writes a dataset whose disagreement
// follows the sample spec's defects, and that spec beside it: the two
// commands a spec author runs to see hot spots recovered. At the default
// 6,000 scenarios the contradiction between protecting the vulnerable and
// personal growth, the vague clause and the uncovered topic come out; the
// efficiency/rigor contradiction has too few value pairs at this size.
func TestDataSamplePlantedSpecDefectsAreRecovered(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "planted")
	code, out, errs := runCLI("data", "sample", "--out", dir, "--plant-spec-defects")
	if code != 0 {
		t.Fatalf("data sample exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "its spec is "+filepath.Join(dir, "spec.md")) {
		t.Errorf("data sample does not say where the spec went:\n%s", out)
	}
	code, out, errs = runCLI("analyze", "hotspots", dir, "--spec", filepath.Join(dir, "spec.md"), "--bootstrap", "0", "--format", "csv")
	if code != 0 {
		t.Fatalf("analyze hotspots exit %d: %s", code, errs)
	}
	type hot struct{ kind, subject string }
	found := map[hot]bool{}
	r := csv.NewReader(strings.NewReader(out))
	r.Comment, r.FieldsPerRecord = '#', -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs {
		if len(rec) > 4 && rec[0] == "retrieved" {
			found[hot{rec[2], rec[3]}] = true
		}
	}
	for _, want := range []hot{
		{"contradiction", "protect-people/protect-vulnerable-people <> protect-people/respect-personal-growth-and-autonomy"},
		{"ambiguity", "use-good-judgment/act-responsibly"},
		{"gap", "spiritual fulfillment and meaning (facet 1)"},
	} {
		if !found[want] {
			t.Errorf("hot spot %s %q not reported; got %v", want.kind, want.subject, found)
		}
	}
	// Without planting, the same command on the embedded sample finds none
	// of them (TestAnalyzeHotspotsSample).
}
