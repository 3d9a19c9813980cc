package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlotHotspots(t *testing.T) {
	dir := t.TempDir()
	for _, kind := range []string{"categories", "lift"} {
		out := filepath.Join(dir, kind+".svg")
		code, stdout, errs := runCLI("plot", "hotspots", sampleDir, "--spec", sampleSpec, "--kind", kind, "--out", out)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", kind, code, errs)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		// auto draws the cited evidence: the sample's judge files carry citations.
		if !strings.Contains(stdout, "wrote "+out) || !strings.Contains(string(b), "cited clauses") || !strings.Contains(string(b), "spec.md") {
			t.Errorf("%s: %s; the figure does not say its evidence and spec", kind, stdout)
		}
	}
	code, _, errs := runCLI("plot", "hotspots", sampleDir, "--out", filepath.Join(dir, "x.png"))
	if code != 1 || !strings.Contains(errs, "--spec SPEC.md is required") {
		t.Errorf("no --spec: exit %d, %s", code, errs)
	}
	code, _, errs = runCLI("plot", "hotspots", sampleDir, "--spec", sampleSpec, "--evidence", "both", "--out", filepath.Join(dir, "x.png"))
	if code != 1 || !strings.Contains(errs, "a figure shows one") {
		t.Errorf("--evidence both: exit %d, %s", code, errs)
	}
}
