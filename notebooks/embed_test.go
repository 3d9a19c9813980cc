package notebooks

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/specstress/specstress/kernel/notebook"
)

// The seven notebooks of issue 8, in reading order.
var want = []string{
	"00_quickstart.ipynb",
	"01_scenarios_and_spectra.ipynb",
	"02_responses_and_classification.ipynb",
	"03_disagreement_and_selection.ipynb",
	"04_compliance_and_agreement.ipynb",
	"05_value_profiles.ipynb",
	"06_refusals_and_outliers.ipynb",
	"07_spec_hotspots.ipynb",
}

func TestNotebooksAreEmbeddedInOrder(t *testing.T) {
	got := Names()
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Names() = %v\nwant %v", got, want)
	}
}

// TestNotebooksAreClean checks what every notebook promises: valid nbformat
// 4 on the Go kernel, stored without outputs (the demo produces them), the
// data path set once in the first code cell (empty: the embedded sample,
// opened from any folder), and prose before code.
func TestNotebooksAreClean(t *testing.T) {
	dataLine := regexp.MustCompile(`(?m)^dataDir := ""$`)
	for _, name := range Names() {
		b, err := fs.ReadFile(FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		nb, err := notebook.Parse(b)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if ks, _ := nb.Metadata["kernelspec"].(map[string]any); ks["name"] != "specstress" {
			t.Errorf("%s: kernelspec %v, want specstress", name, nb.Metadata["kernelspec"])
		}
		if nb.Cells[0].Type != notebook.MarkdownCell || !strings.HasPrefix(nb.Cells[0].Source, "# ") {
			t.Errorf("%s: must open with a markdown title", name)
		}
		var code []*notebook.Cell
		for i, c := range nb.Cells {
			if c.Type != notebook.CodeCell {
				continue
			}
			code = append(code, c)
			if len(c.Outputs) > 0 || c.ExecutionCount != nil {
				t.Errorf("%s: cell %d has stored outputs; store notebooks clean", name, i)
			}
			if dataLine.MatchString(c.Source) && len(code) != 1 {
				t.Errorf("%s: cell %d sets dataDir; only the first code cell may", name, i)
			}
		}
		if len(code) == 0 || !dataLine.MatchString(code[0].Source) || !strings.Contains(code[0].Source, `os.Getenv("SPECSTRESS_DATA")`) ||
			!strings.Contains(code[0].Source, "dataset.Sample()") {
			t.Errorf("%s: the first code cell must set dataDir := \"\" with the SPECSTRESS_DATA override and open dataset.Sample() when it is empty", name)
		}
		// Written by Jupyter's rules: a round trip changes no byte.
		again, err := nb.Marshal()
		if err != nil || !bytes.Equal(again, b) {
			t.Errorf("%s: not in Jupyter's canonical format (re-save it)", name)
		}
	}
}

func TestExtractWritesNotebooksAndSample(t *testing.T) {
	dir := t.TempDir()
	paths, err := Extract(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != len(Names()) || filepath.Base(paths[0]) != Names()[0] {
		t.Errorf("paths = %v", paths)
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
	shards, _ := filepath.Glob(filepath.Join(dir, SampleDir, "data", "all_models-*.parquet"))
	if len(shards) == 0 {
		t.Errorf("sample not extracted under %s", SampleDir)
	}
	if _, err := os.Stat(filepath.Join(dir, "embed.go")); err == nil {
		t.Errorf("Go sources must not be extracted")
	}
	// A second extraction over the first overwrites without error.
	if _, err := Extract(dir); err != nil {
		t.Errorf("second Extract: %v", err)
	}
}
