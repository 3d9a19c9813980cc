package main

import (
	"bytes"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline/dataset"
)

// plotSample is the embedded sample dataset, relative to this package.
const plotSample = "../../notebooks/data/sample"

func TestPlotDrawsEveryFigureAndKindFromTheSample(t *testing.T) {
	if _, err := os.Stat(plotSample); err != nil {
		t.Fatalf("sample dataset missing: %v", err)
	}
	dir := t.TempDir()
	for _, name := range plotNames() {
		for _, kind := range plotFigures[name].kinds {
			out := filepath.Join(dir, name+"-"+kind+".png")
			var stdout, stderr bytes.Buffer
			args := []string{"plot", name, plotSample, "--kind", kind, "--out", out}
			if name == "hotspots" {
				args = append(args, "--spec", plotSample+"/spec.md") // hot spots need a spec
			}
			code := dispatch(args, &stdout, &stderr)
			if code != 0 {
				t.Errorf("plot %s --kind %s: exit %d: %s", name, kind, code, stderr.String())
				continue
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Errorf("plot %s --kind %s: %v", name, kind, err)
				continue
			}
			if img.Bounds().Dx() != 800 {
				t.Errorf("plot %s --kind %s: %d px wide, want 800 (notebook width)", name, kind, img.Bounds().Dx())
			}
		}
	}
}

func TestPlotWritesSVGAndTakesFlagsBeforeArguments(t *testing.T) {
	out := filepath.Join(t.TempDir(), "outliers.svg")
	var stdout, stderr bytes.Buffer
	if code := dispatch([]string{"plot", "--out", out, "--split", "all_models", "outliers", plotSample}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("<svg")) || !bytes.Contains(b, []byte("Outlier responses per model")) {
		t.Errorf("%s is not the outliers SVG", out)
	}
}

func TestPlotRejectsBadArguments(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"plot"}, 2, "usage"},
		{[]string{"plot", "outliers", plotSample}, 2, "--out FILE is missing"},
		{[]string{"plot", "nosuch", plotSample, "--out", filepath.Join(dir, "x.png")}, 2, "unknown figure"},
		{[]string{"plot", "outliers", plotSample, "--kind", "pie", "--out", filepath.Join(dir, "x.png")}, 2, "unknown kind"},
		{[]string{"plot", "outliers", plotSample, "--out", filepath.Join(dir, "x.gif")}, 2, ".png or .svg"},
		{[]string{"plot", "outliers", filepath.Join(dir, "missing"), "--out", filepath.Join(dir, "x.png")}, 1, "missing"},
		{[]string{"plot", "outliers", plotSample, "--split", "nosplit", "--out", filepath.Join(dir, "x.png")}, 1, "nosplit"},
	} {
		var stdout, stderr bytes.Buffer
		code := dispatch(tc.args, &stdout, &stderr)
		if code != tc.code || !strings.Contains(stderr.String(), tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, stderr.String(), tc.code, tc.msg)
		}
	}
}

// Every figure's subtitle says what it read: the split (the figure's fixed
// default unless --split), the model set and the rows.
func TestPlotSubtitlesStateTheirInputs(t *testing.T) {
	ds, err := dataset.Open(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]string{
		"disagreement":  {"split default/all_models", "all_models (12 models)", "699 rows"},
		"outliers":      {"split default/all_models", "same value reading"},
		"noncompliance": {"judge_evaluations (every bin)", "2045 rows", "openai_models"},
		"agreement":     {"responses pooled from 5 bins"},
		"refusals":      {"split complete/train"},
	} {
		fig := plotFigures[name]
		req := &plotRequest{ds: ds, name: name, def: fig.split, kind: fig.kinds[0], reading: "same", warn: io.Discard}
		f, err := drawFigure(fig, req)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, w := range want {
			if !strings.Contains(f.Subtitle, w) {
				t.Errorf("%s: subtitle %q lacks %q", name, f.Subtitle, w)
			}
		}
	}
}
