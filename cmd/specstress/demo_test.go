package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/specstress/specstress/kernel/notebook"
	"github.com/specstress/specstress/notebooks"
)

func TestDemoReportListsNotebooksAndFigures(t *testing.T) {
	ok := notebook.New()
	ok.Cells = []*notebook.Cell{notebook.NewMarkdown("# Quick start\n## Histogram"), notebook.NewCode("fig")}
	ok.Cells[1].Outputs = []notebook.Output{{Type: notebook.DisplayDataOutput, Data: map[string]any{"image/png": "iVBORw0KGgo="}}}
	results := []nbResult{
		{path: "00_quickstart.ipynb", nb: ok, report: &notebook.Report{Executed: 1}, elapsed: time.Second},
		{path: "01_broken.ipynb", nb: notebook.New(), err: errors.New("cell 3 [2] failed: panic: <boom>")},
	}
	page := demoReport(results, `<section class="hotspots">HOT</section>`, 2*time.Second)
	for _, want := range []string{
		`<a href="html/00_quickstart.html">page</a>`,
		`<a href="00_quickstart.ipynb">ipynb</a>`,
		`<h2 id="00_quickstart">Quick start</h2>`,
		`src="data:image/png;base64,iVBORw0KGgo="`,
		"00_quickstart · Histogram",
		`class="status-error">cell 3 [2] failed: panic: &lt;boom&gt;`,
		`<section class="hotspots">HOT</section>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

// TestDemoRunsEveryNotebookGreen is the main job end to end: every bundled
// notebook executes in-process on the embedded sample with the real engine.
func TestDemoRunsEveryNotebookGreen(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every notebook (about a minute)")
	}
	dir := demoOutput(t)
	for _, name := range notebooks.Names() {
		nb, err := notebook.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		figs := 0
		for i, c := range nb.Cells {
			if c.Type == notebook.CodeCell && strings.TrimSpace(c.Source) != "" && c.ExecutionCount == nil {
				t.Errorf("%s: cell %d did not run", name, i)
			}
			for _, o := range c.Outputs {
				if o.Type == notebook.ErrorOutput {
					t.Errorf("%s: cell %d: %s: %s", name, i, o.EName, o.EValue)
				}
			}
			tags, _ := c.Metadata["tags"].([]any)
			for _, tag := range tags {
				if tag == "figure" {
					figs++
					if !hasPNG(c) {
						t.Errorf("%s: cell %d is tagged figure but shows no PNG", name, i)
					}
				}
			}
		}
		// 01 ends with a table (a pair's spectra); every other notebook
		// ends with a figure of the paper.
		if figs == 0 && name != "01_scenarios_and_spectra.ipynb" {
			t.Errorf("%s: no cell tagged figure", name)
		}
		if _, err := os.Stat(filepath.Join(dir, "html", strings.TrimSuffix(name, ".ipynb")+".html")); err != nil {
			t.Error(err)
		}
	}
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil || strings.Count(string(index), "<figure>") == 0 {
		t.Errorf("index.html missing or without figures: %v", err)
	}
	// The hot-spot section: the sample spec's clauses judged by citation and
	// retrieval, with their agreement.
	for _, want := range []string{"<h2>Spec hot spots</h2>", "<h3>Retrieved clauses</h3>", "<h3>Cited clauses</h3>", "Retrieval vs judge citations", "spec.md"} {
		if !strings.Contains(string(index), want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
}

// demoOutput runs the demo once per test binary and returns the folder it
// wrote; the tests that read it (this one and the nbconvert check) must not
// change it. TestMain removes it.
func demoOutput(t *testing.T) string {
	t.Helper()
	demo.once.Do(func() {
		dir, err := os.MkdirTemp("", "specstress-demo-test-")
		if err != nil {
			demo.err = err
			return
		}
		demo.dir = dir
		var out, errb bytes.Buffer
		if code := runDemo([]string{"--out", dir}, &out, &errb); code != 0 {
			demo.err = fmt.Errorf("demo exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errb.String())
		}
	})
	if demo.err != nil {
		t.Fatal(demo.err)
	}
	return demo.dir
}

// demo is the shared run of demoOutput.
var demo struct {
	once sync.Once
	dir  string
	err  error
}

func hasPNG(c *notebook.Cell) bool {
	for _, o := range c.Outputs {
		if _, ok := o.Data["image/png"]; ok {
			return true
		}
	}
	return false
}
