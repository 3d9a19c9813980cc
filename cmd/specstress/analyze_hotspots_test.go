package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sampleSpec = sampleDir + "/spec.md"

func TestAnalyzeHotspotsSample(t *testing.T) {
	code, out, errs := runCLI("analyze", "hotspots", sampleDir, "--spec", sampleSpec)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Spec hot spots (retrieved clauses)", "evidence: retrieved clauses",
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
	for _, want := range []string{"# split: complete/train (--split)", "# rows: 6000", "# evidence: retrieved clauses", "# spec: "} {
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
	if len(recs) != 19 || recs[0][0] != "clause" || recs[0][9] != "lift" {
		t.Fatalf("%d records, header %v; want 18 clauses", len(recs), recs[0])
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
