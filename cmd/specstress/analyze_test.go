package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/pipeline/dataset"
)

const sampleDir = "../../notebooks/data/sample"

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = dispatch(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestAnalyzeDisagreementCSV(t *testing.T) {
	code, out, errs := runCLI("analyze", "disagreement", sampleDir, "--split", "all_models", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// The metadata comes first as "# key: value" lines.
	for _, want := range []string{"# split: default/all_models (--split)\n", "# model set: all_models: ", "# rows: "} {
		if !strings.Contains(out, want) {
			t.Errorf("csv lacks %q:\n%.400s", want, out)
		}
	}
	r := csv.NewReader(strings.NewReader(out))
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"chunk_index", "entry_idx", "nudge_direction", "sd_value1", "sd_value2", "D"}
	if strings.Join(recs[0], ",") != strings.Join(want, ",") {
		t.Fatalf("header %v, want %v", recs[0], want)
	}
	if len(recs) < 2 {
		t.Fatal("no rows")
	}
	// all_models holds the rows with D >= 1.5 over all 12 models.
	for i, r := range recs[1:] {
		d, err := strconv.ParseFloat(r[5], 64)
		if err != nil || d < 1.5 {
			t.Fatalf("row %d: D %q not >= 1.5 (%v)", i, r[5], err)
		}
	}
}

func TestAnalyzeEverySubcommand(t *testing.T) {
	for _, sub := range []string{"disagreement", "outliers", "compliance", "agreement", "profiles", "refusals", "select"} {
		args := []string{"analyze", sub, sampleDir}
		if sub == "select" {
			args = append(args, "--split", "all_models", "--k", "20")
		}
		code, out, errs := runCLI(args...)
		if code != 0 || len(out) < 50 {
			t.Errorf("%s: exit %d, %d bytes out: %s", sub, code, len(out), errs)
		}
		code, out, errs = runCLI(append(args, "--format", "json")...)
		var v struct {
			Meta map[string]string `json:"meta"`
			Rows []map[string]any  `json:"rows"`
		}
		if code != 0 || json.Unmarshal([]byte(out), &v) != nil || len(v.Rows) == 0 || v.Meta["rows"] == "" {
			t.Errorf("%s --format json: exit %d, %s %s", sub, code, out, errs)
		}
	}
}

func TestAnalyzeBadArguments(t *testing.T) {
	cases := map[string][]string{
		"no subcommand":  {"analyze"},
		"unknown":        {"analyze", "nope", sampleDir},
		"no dir":         {"analyze", "outliers"},
		"bad format":     {"analyze", "outliers", sampleDir, "--format", "xml"},
		"bad flag":       {"analyze", "outliers", sampleDir, "--frobnicate"},
		"missing dir":    {"analyze", "outliers", "/nonexistent/specstress"},
		"unknown model":  {"analyze", "disagreement", sampleDir, "--models", "o3,nope"},
		"one model":      {"analyze", "disagreement", sampleDir, "--models", "o3"},
		"bad rule":       {"analyze", "compliance", sampleDir, "--rule", "some"},
		"bad weight-on":  {"analyze", "select", sampleDir, "--weighted", "--weight-on", "x"},
		"unknown split:": {"analyze", "refusals", sampleDir, "--split", "nope"},
	}
	for name, args := range cases {
		code, _, errs := runCLI(args...)
		if code == 0 {
			t.Errorf("%s: exit 0", name)
		}
		if errs == "" {
			t.Errorf("%s: no message on stderr", name)
		}
	}
}

// The sample's default splits hold the complete rows with D >= 1.5 over
// their subset: recomputing D from the complete config must find exactly
// as many.
func TestAnalyzeHighDisagreementMatchesTheSplits(t *testing.T) {
	ds, err := dataset.Open(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := analyzeDisagreement(ds, analyzeOpts{format: "table", split: "complete/train"})
	if err != nil {
		t.Fatal(err)
	}
	var sub *analysis.Table
	for _, tb := range tables {
		if tb.ColumnIndex("subset") >= 0 {
			sub = tb
		}
	}
	if sub == nil {
		t.Fatal("no subset table")
	}
	names, _ := sub.Strings("subset")
	high, _ := sub.Floats("high")
	for i, name := range names {
		sp, err := ds.Split(name)
		if err != nil {
			t.Fatal(err)
		}
		if int(high[i]) != sp.Rows {
			t.Errorf("%s: %v rows with D >= 1.5, the split has %d", name, high[i], sp.Rows)
		}
	}
}

// Defaults are fixed per subcommand: the sample holds complete/train, yet
// disagreement and outliers read all_models unless told otherwise, and say
// so in every output format.
func TestAnalyzeDefaultsDoNotDependOnFolders(t *testing.T) {
	for _, sub := range []string{"disagreement", "outliers"} {
		for _, format := range []string{"table", "csv", "json"} {
			code, out, errs := runCLI("analyze", sub, sampleDir, "--format", format)
			if code != 0 {
				t.Fatalf("%s %s: exit %d %s", sub, format, code, errs)
			}
			if !strings.Contains(out, "default/all_models (default of analyze "+sub+")") || !strings.Contains(out, "699") {
				t.Errorf("%s --format %s does not state split all_models and its 699 rows:\n%.600s", sub, format, out)
			}
		}
	}
}
