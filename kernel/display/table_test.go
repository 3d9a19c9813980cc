package display

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/specstress/specstress/internal/testenv"
)

// bigRows is a header and n rows of 12 columns: a label, a model name and
// ten numbers, like a per-scenario result.
func bigRows(n int) [][]string {
	rows := [][]string{{"scenario", "model", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"}}
	for i := range n {
		row := []string{fmt.Sprintf("scenario-%04d", i), "model-" + strconv.Itoa(i%7)}
		for j := range 10 {
			row = append(row, strconv.FormatFloat(float64(i*10+j)/7, 'g', 6, 64))
		}
		rows = append(rows, row)
	}
	return rows
}

// TestLargeTableShowsHeadTailAndShape is the 1,877-row table of issue 13:
// pandas shows 5 rows from each end and the shape, and so do we, in both
// forms, in a few kilobytes instead of half a megabyte.
func TestLargeTableShowsHeadTailAndShape(t *testing.T) {
	r := record(t)
	Table(bigRows(1877))
	b := r.last(t).b
	page, _ := b["text/html"].(string)
	text := b.Text()
	t.Logf("1877x12 table: text/html %d bytes, text/plain %d bytes", len(page), len(text))
	if len(page) > 8000 || len(text) > 4000 {
		t.Errorf("HTML %d bytes, text %d bytes: the table is not truncated", len(page), len(text))
	}
	for _, s := range []string{page, text} {
		for _, want := range []string{"scenario-0000", "scenario-0004", "scenario-1872", "scenario-1876", "1877 rows × 12 columns", "…"} {
			if !strings.Contains(s, want) {
				t.Errorf("%q missing from %.300q", want, s)
			}
		}
		for _, hidden := range []string{"scenario-0005", "scenario-1871", "scenario-0900"} {
			if strings.Contains(s, hidden) {
				t.Errorf("%s is shown: only 5 rows from each end should be", hidden)
			}
		}
	}
}

func TestTableLimitsAreSettings(t *testing.T) {
	r := record(t)
	prev := SetTableLimits(TableLimits{MaxRows: 0, MaxColumns: 0})
	defer SetTableLimits(prev)
	if prev != DefaultTableLimits {
		t.Errorf("limits start as %+v, want pandas' defaults %+v", prev, DefaultTableLimits)
	}
	Table(bigRows(100))
	if text := r.last(t).b.Text(); !strings.Contains(text, "scenario-0050") || strings.Contains(text, "…") {
		t.Error("MaxRows 0 must show every row")
	}
	SetTableLimits(TableLimits{MaxRows: 20, MinRows: 6, MaxColumns: 4, MaxCellWidth: 8})
	Table(bigRows(100))
	text := r.last(t).b.Text()
	var labels []string
	for _, l := range strings.Split(text, "\n")[1:] {
		if f := strings.Fields(l); len(f) > 0 && !strings.HasPrefix(f[0], "[") {
			labels = append(labels, f[0])
		}
	}
	if got := strings.Join(labels, ","); got != "0,1,2,…,97,98,99" {
		t.Errorf("limits 20/6/4/8: rows %s, want 0,1,2,…,97,98,99", got)
	}
	for _, want := range []string{"scenari…", "model-0", "v9", "[100 rows × 12 columns]"} {
		if !strings.Contains(text, want) {
			t.Errorf("limits 20/6/4/8: %q missing from\n%s", want, text)
		}
	}
	if strings.Contains(text, "scenario-") || strings.Contains(text, "v0") {
		t.Errorf("limits 20/6/4/8 show too much:\n%s", text)
	}
}

// TestTruncationMatchesPandas compares the rows and columns shown with what
// pandas' HTML display shows under the same options, for sizes around the
// limits. One Python process answers for every size: importing pandas is
// most of its time.
func TestTruncationMatchesPandas(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-check against pandas; skipped with -short")
	}
	py := testenv.Python(t, "pandas")
	sizes := [][2]int{{5, 3}, {60, 20}, {61, 21}, {1877, 12}, {100, 30}}
	const script = `
import json, re, sys
import pandas as pd
pd.set_option("display.max_rows", 60)
pd.set_option("display.min_rows", 10)
pd.set_option("display.max_columns", 20)
out = []
for n, m in json.loads(sys.argv[1]):
    df = pd.DataFrame({"c%d" % j: range(n) for j in range(m)})
    h = df._repr_html_()
    rows = re.findall(r"<tr>\s*<th>(\d+|\.\.\.)</th>", h)
    cols = re.findall(r"<th>(c\d+|\.\.\.)</th>", h)
    out.append({"rows": rows, "cols": cols})
print(json.dumps(out))
`
	arg, _ := json.Marshal(sizes)
	var stderr strings.Builder
	cmd := exec.Command(py, "-c", script, string(arg))
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pandas: %v\n%s", err, stderr.String())
	}
	var wants []struct{ Rows, Cols []string }
	if err := json.Unmarshal(out, &wants); err != nil || len(wants) != len(sizes) {
		t.Fatalf("pandas output %q: %v (want %d answers)", out, err, len(sizes))
	}
	thLabel := regexp.MustCompile(`<tr><th>(\d+|…)</th>`)
	thCol := regexp.MustCompile(`<th>(c\d+|…)</th>`)
	for k, size := range sizes {
		n, m := size[0], size[1]
		want := wants[k]
		rows := [][]string{{}}
		for j := range m {
			rows[0] = append(rows[0], "c"+strconv.Itoa(j))
		}
		for i := range n {
			row := make([]string, m)
			for j := range row {
				row[j] = strconv.Itoa(i)
			}
			rows = append(rows, row)
		}
		g, _ := tableOf(rows)
		page := g.html()
		var gotRows, gotCols []string
		for _, x := range thLabel.FindAllStringSubmatch(page, -1) {
			gotRows = append(gotRows, strings.ReplaceAll(x[1], "…", "..."))
		}
		for _, x := range thCol.FindAllStringSubmatch(page, -1) {
			gotCols = append(gotCols, strings.ReplaceAll(x[1], "…", "..."))
		}
		if strings.Join(gotRows, ",") != strings.Join(want.Rows, ",") {
			t.Errorf("%dx%d: rows %v, pandas shows %v", n, m, gotRows, want.Rows)
		}
		if strings.Join(gotCols, ",") != strings.Join(want.Cols, ",") {
			t.Errorf("%dx%d: columns %v, pandas shows %v", n, m, gotCols, want.Cols)
		}
	}
}

func TestTableBundleFormatsOnlyShownRows(t *testing.T) {
	formatted := 0
	b := TableBundle([]string{"i", "name"}, 1877, func(i int) []string {
		formatted++
		return []string{strconv.Itoa(i), "n" + strconv.Itoa(i)}
	})
	if formatted != 10 {
		t.Errorf("formatted %d rows, want the 10 shown", formatted)
	}
	for _, want := range []string{"n1876", "1877 rows × 2 columns", `<td style="text-align: left">n0</td>`, `<td style="text-align: right">0</td>`} {
		if !strings.Contains(b["text/html"].(string), want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
}
