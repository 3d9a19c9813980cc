package main

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/specstress/specstress/kernel/notebook"
)

// TestFiguresSurviveNbconvertHTML publishes executed notebooks the way a
// user does, with Jupyter's own `jupyter nbconvert --to html`, and checks
// that every figure a cell produced is a visible image in the page: an
// <img> whose inline PNG is the figure's. Debian's nbconvert 6.5 prefers
// image/svg+xml over image/png and passes the SVG through an HTML
// sanitiser that drops every SVG element, so a bundle offering SVG there
// exports as a blank box.
func TestFiguresSurviveNbconvertHTML(t *testing.T) {
	if testing.Short() {
		t.Skip("executes notebooks and runs nbconvert")
	}
	jupyter := "/usr/bin/jupyter"
	if _, err := os.Stat(jupyter); err != nil {
		if os.Getenv("SPECSTRESS_CI") == "1" {
			t.Fatalf("%s is required under CI (apt-get install jupyter-nbconvert)", jupyter)
		}
		t.Skipf("%s not installed", jupyter)
	}
	// The demo executed every notebook (TestDemoRunsEveryNotebookGreen
	// checks them); two of them are published here, as a user would.
	executed := demoOutput(t)
	dir := t.TempDir()
	names := []string{"00_quickstart.ipynb", "04_compliance_and_agreement.ipynb"}
	var paths []string
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(executed, name))
		if err != nil {
			t.Fatal(err)
		}
		in := filepath.Join(dir, name)
		if err := os.WriteFile(in, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, in)
	}
	// Jupyter's state stays inside the test's directory.
	for _, v := range []string{"JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"} {
		t.Setenv(v, filepath.Join(dir, strings.ToLower(v)))
	}
	// One nbconvert for both notebooks: its start-up is most of its time.
	cmd := exec.Command(jupyter, append([]string{"nbconvert", "--to", "html", "--log-level=WARN"}, paths...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nbconvert: %v\n%s", err, out)
	}
	imgSrc := regexp.MustCompile(`<img\s[^>]*src="data:image/png;base64,([^"]+)"`)
	for _, name := range names {
		in := filepath.Join(dir, name)
		nb, err := notebook.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		var figures []string
		for _, c := range nb.Cells {
			for _, o := range c.Outputs {
				if s, ok := o.Data["image/png"].(string); ok {
					figures = append(figures, s)
				}
			}
		}
		if len(figures) == 0 {
			t.Fatalf("%s: the executed notebook has no figure", name)
		}
		page, err := os.ReadFile(strings.TrimSuffix(in, ".ipynb") + ".html")
		if err != nil {
			t.Fatal(err)
		}
		shown := map[string]bool{}
		for _, m := range imgSrc.FindAllSubmatch(page, -1) {
			data, err := base64.StdEncoding.DecodeString(string(m[1]))
			if err != nil {
				t.Errorf("%s: an <img> carries bad base64: %v", name, err)
				continue
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(data))
			if err != nil || cfg.Width < 100 || cfg.Height < 100 {
				t.Errorf("%s: an <img> is not a visible PNG (%dx%d, %v)", name, cfg.Width, cfg.Height, err)
				continue
			}
			shown[string(m[1])] = true
		}
		for i, f := range figures {
			if !shown[f] {
				t.Errorf("%s: figure %d of %d is not an <img> in nbconvert's HTML", name, i+1, len(figures))
			}
		}
		// What the sanitiser leaves of an SVG: the element without drawing.
		if n := bytes.Count(page, []byte("<svg")); n > 0 {
			t.Errorf("%s: nbconvert's HTML has %d <svg> elements (sanitised SVG renders blank)", name, n)
		}
	}
}
