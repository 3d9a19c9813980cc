package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestDataSampleThenInfo(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if rc := dispatch([]string{"data", "sample", "--out", dir, "--scenarios", "300", "--seed", "3"}, &out, &errb); rc != 0 {
		t.Fatalf("data sample: exit %d: %s", rc, errb.String())
	}
	if !strings.Contains(out.String(), "wrote 300 scenarios") {
		t.Errorf("data sample said %q", out.String())
	}
	out.Reset()
	if rc := dispatch([]string{"data", "info", dir}, &out, &errb); rc != 0 {
		t.Fatalf("data info: exit %d: %s", rc, errb.String())
	}
	for _, want := range []string{"config default", "all_models", "config complete", "train  300", "judge_evaluations", "models (12)", "null positions"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("data info output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestDataBadUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if rc := dispatch([]string{"data", "sample"}, &out, &errb); rc != 2 {
		t.Errorf("data sample without --out: exit %d, want 2", rc)
	}
	if rc := dispatch([]string{"data", "frobnicate"}, &out, &errb); rc != 2 {
		t.Errorf("unknown subcommand: exit %d, want 2", rc)
	}
	errb.Reset()
	if rc := dispatch([]string{"data", "info", t.TempDir()}, &out, &errb); rc != 1 || !strings.Contains(errb.String(), "no parquet files") {
		t.Errorf("data info on an empty dir: exit %d, stderr %q", rc, errb.String())
	}
}
