package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The paper's Table 2 end to end, offline: draw and judge the samples,
// then compute the table from what was written.
func TestJudgeTable2ThenAnalyze(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	cfg := simConfig(t)
	var out, errb strings.Builder
	for _, args := range [][]string{
		{"generate", "--config", cfg, "--out", dir, "--pairs", "60", "--quiet"},
		{"respond", "--config", cfg, "--out", dir, "--pairs", "60", "--quiet"},
		{"classify", "--config", cfg, "--out", dir, "--pairs", "60", "--quiet", "--stages", "classify"},
		{"judge", "--config", cfg, "--out", dir, "--table2", "--table2-size", "30,4,2", "--table2-seed", "5", "--quiet"},
	} {
		if code := dispatch(args, &out, &errb); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
	}
	for _, want := range []string{"table2 samples (seed 5, D >= 1.5): random 30 of 180 eligible", "table2: ", "0 decisions missing"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("judge output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := dispatch([]string{"analyze", "table2", dir}, &out, &errb); code != 0 {
		t.Fatalf("analyze table2: exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"Table 2", "majority rule", "any rule", "random", "high_dis_all", "high_dis_openai", "all models fail", "fold increase"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("analyze output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := dispatch([]string{"analyze", "table2", "--format", "csv", dir}, &out, &errb); code != 0 {
		t.Fatalf("analyze table2 csv: exit %d: %s", code, errb.String())
	}
	recs, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+2*3*3 {
		t.Fatalf("%d csv rows:\n%s", len(recs), out.String())
	}
	// The random sample's n is its size (every decision present); all pass +
	// at least one fail = n.
	if recs[1][1] != "random" || recs[1][2] != "all_pass" || recs[1][4] != "30" || recs[2][4] != "30" {
		t.Errorf("first rows %v %v", recs[1], recs[2])
	}

	// Re-running with other sample options is refused (the judged sample
	// must not change under a resumed run).
	errb.Reset()
	if code := dispatch([]string{"judge", "--config", cfg, "--out", dir, "--table2", "--table2-size", "31", "--quiet"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "delete it") {
		t.Errorf("other options: exit %d: %s", code, errb.String())
	}
}

// The dry run counts the Table 2 judge calls: 3 samples of 10 scenarios,
// 5 judged responses each, 3 judges.
func TestJudgeTable2DryRun(t *testing.T) {
	var out, errb strings.Builder
	if code := dispatch([]string{"judge", "--config", simConfig(t), "--out", t.TempDir(), "--table2", "--table2-size", "10", "--dry-run"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "table2") || !regexp.MustCompile(`(?m)^\s*total\s+450\s`).MatchString(out.String()) {
		t.Errorf("dry run:\n%s", out.String())
	}
}

func TestAnalyzeTable2Errors(t *testing.T) {
	var out, errb strings.Builder
	if code := dispatch([]string{"analyze", "table2", t.TempDir()}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "judge --table2") {
		t.Errorf("no table2.json: exit %d: %s", code, errb.String())
	}
	errb.Reset()
	if code := dispatch([]string{"analyze", "--help"}, &out, &errb); code != 0 || !strings.Contains(errb.String(), "analyze table2 RUN") {
		t.Errorf("help: exit %d: %s", code, errb.String())
	}
	errb.Reset()
	if code := dispatch([]string{"judge", "--config", simConfig(t), "--out", t.TempDir(), "--table2", "--table2-size", "1,2"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "N1,N2,N3") {
		t.Errorf("bad size: exit %d: %s", code, errb.String())
	}
	// An empty high-disagreement sample is left out, loudly; an empty
	// baseline is an error.
	dir := t.TempDir()
	row := `{"column":"random","key":{"Chunk":1,"Entry":2,"Nudge":"neutral"},"model":"o3","decisions":{"a":"compliant"}}`
	os.WriteFile(filepath.Join(dir, "table2.json"), []byte(`{"options":{"min_std":1.5},"judged":["o3"],"judges":["a"],
	  "columns":[{"name":"random","pool":1,"n":1},{"name":"high_dis_all","pool":0,"n":0}],"rows":[`+row+`]}`), 0o644)
	out.Reset()
	errb.Reset()
	if code := dispatch([]string{"analyze", "table2", dir}, &out, &errb); code != 0 || !strings.Contains(errb.String(), "sample high_dis_all is empty") || strings.Contains(out.String(), "outcome                     random                   high_dis_all") {
		t.Errorf("empty column: exit %d: %s\n%s", code, errb.String(), out.String())
	}
	os.WriteFile(filepath.Join(dir, "table2.json"), []byte(`{"options":{"min_std":1.5},"judged":["o3"],"judges":["a"],
	  "columns":[{"name":"random","pool":0,"n":0}],"rows":[]}`), 0o644)
	errb.Reset()
	if code := dispatch([]string{"analyze", "table2", dir}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "baseline sample random is empty") {
		t.Errorf("empty baseline: exit %d: %s", code, errb.String())
	}
}
