package analysis

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// The reference writers below are the in-memory implementations the
// streaming writers replaced (built on encoding/csv, encoding/json and a
// strings.Builder); the streaming output must match them byte for byte.

func refCSV(t *Table) string {
	var b strings.Builder
	for _, n := range t.Notes {
		fmt.Fprintf(&b, "# %s: %s\n", n.Key, strings.ReplaceAll(n.Value, "\n", " "))
	}
	cw := csv.NewWriter(&b)
	cw.Write(t.Columns)
	rec := make([]string, len(t.Columns))
	for _, r := range t.Rows {
		for j := range rec {
			rec[j] = ""
			if j < len(r) {
				rec[j] = formatCell(r[j])
			}
		}
		cw.Write(rec)
	}
	cw.Flush()
	return b.String()
}

func refJSON(t *Table) string {
	var b strings.Builder
	title, _ := json.Marshal(t.Title)
	b.WriteString(`{"title": `)
	b.Write(title)
	b.WriteString(`, "meta": {`)
	for i, n := range t.Notes {
		if i > 0 {
			b.WriteString(", ")
		}
		k, _ := json.Marshal(n.Key)
		v, _ := json.Marshal(n.Value)
		b.Write(k)
		b.WriteString(": ")
		b.Write(v)
	}
	b.WriteString(`}, "rows": [`)
	for i, r := range t.Rows {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  {")
		for j, c := range t.Columns {
			if j > 0 {
				b.WriteString(", ")
			}
			k, _ := json.Marshal(c)
			b.Write(k)
			b.WriteString(": ")
			var v any
			if j < len(r) {
				v = r[j]
			}
			if x, ok := v.(float64); ok && (math.IsNaN(x) || math.IsInf(x, 0)) {
				v = nil
			}
			enc, _ := json.Marshal(v)
			b.Write(enc)
		}
		b.WriteString("}")
	}
	b.WriteString("\n]}\n")
	return b.String()
}

func refText(t *Table) string {
	w := make([]int, len(t.Columns))
	cells := make([][]string, len(t.Rows))
	for j, c := range t.Columns {
		w[j] = len([]rune(c))
	}
	for i, r := range t.Rows {
		cells[i] = make([]string, len(t.Columns))
		for j := range t.Columns {
			if j < len(r) {
				cells[i][j] = displayCell(r[j])
			}
			if n := len([]rune(cells[i][j])); n > w[j] {
				w[j] = n
			}
		}
	}
	var b strings.Builder
	if t.Title != "" {
		b.WriteString(t.Title + "\n")
	}
	for _, n := range t.Notes {
		fmt.Fprintf(&b, "  %s: %s\n", n.Key, n.Value)
	}
	pad := func(s string, n int, right bool) string {
		gap := strings.Repeat(" ", n-len([]rune(s)))
		if right {
			return gap + s
		}
		return s + gap
	}
	num := t.numericColumns()
	for j, c := range t.Columns {
		if j > 0 {
			b.WriteString("  ")
		}
		b.WriteString(pad(c, w[j], num[j]))
	}
	b.WriteByte('\n')
	for _, r := range cells {
		for j, c := range r {
			if j > 0 {
				b.WriteString("  ")
			}
			b.WriteString(pad(c, w[j], num[j]))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// awkward strings: every character class the CSV and JSON writers treat
// specially.
var awkward = []string{"", "plain", "with,comma", `say "hi"`, "two\nlines", "cr\rhere", " lead", "\ttab", `\.`,
	"\u00a0nbsp", "\u0085nel", "<b>&amp;</b>", "line\u2028sep", "ctl\x01\x1f", "bad\xffutf8", "ünï", "\\back", "x\\."}

func randomFloat(r *rand.Rand) float64 {
	switch r.IntN(10) {
	case 0:
		return math.NaN()
	case 1:
		return math.Inf(1 - 2*r.IntN(2))
	case 2:
		return float64(r.IntN(2000) - 1000)
	case 3:
		return r.NormFloat64() * 1e-9
	case 4:
		return r.NormFloat64() * 1e22
	case 5:
		return 0
	default:
		return r.NormFloat64() * math.Pow(10, float64(r.IntN(12)-6))
	}
}

func randomTable(r *rand.Rand, rows int) *Table {
	t := &Table{Title: "T " + awkward[r.IntN(len(awkward))],
		Columns: []string{"s", "i", "f", "g, \"odd\"", "n"}}
	t.Note("split", "train\nnext line").Note("model set", awkward[r.IntN(len(awkward))])
	for i := 0; i < rows; i++ {
		row := []any{awkward[r.IntN(len(awkward))], int64(r.IntN(1 << 40)), randomFloat(r), r.IntN(100) - 50, float32(r.NormFloat64() * 1e-3)}
		if r.IntN(9) == 0 {
			row[0] = nil
		}
		if r.IntN(7) == 0 {
			row = row[:r.IntN(len(row))] // short rows render empty / null cells
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func TestStreamingWritersMatchReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for k := 0; k < 200; k++ {
		tab := randomTable(r, r.IntN(40))
		var c, j, x bytes.Buffer
		if err := tab.WriteCSV(&c); err != nil {
			t.Fatal(err)
		}
		if err := tab.WriteJSON(&j); err != nil {
			t.Fatal(err)
		}
		if err := tab.WriteText(&x); err != nil {
			t.Fatal(err)
		}
		if want := refCSV(tab); c.String() != want {
			t.Fatalf("table %d: csv\n got %q\nwant %q", k, c.String(), want)
		}
		if want := refJSON(tab); j.String() != want {
			t.Fatalf("table %d: json\n got %q\nwant %q", k, j.String(), want)
		}
		if want := refText(tab); x.String() != want || tab.String() != want {
			t.Fatalf("table %d: text\n got %q\nwant %q", k, x.String(), want)
		}
	}
}

// TestColumnsMatchRows: a table stored by column writes exactly what the
// same cells stored as rows write, in every format.
func TestColumnsMatchRows(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const n = 500
	s := make([]string, n)
	iv := make(IntColumn, n)
	fv := make(FloatColumn, n)
	rows := &Table{Title: "by row", Columns: []string{"s", "i", "f"}}
	for k := range n {
		s[k], iv[k], fv[k] = awkward[r.IntN(len(awkward))], r.Int64N(1<<50)-1<<49, randomFloat(r)
		rows.Rows = append(rows.Rows, []any{s[k], iv[k], fv[k]})
	}
	rows.Note("rows", "500")
	cols := &Table{Title: "by row", Columns: rows.Columns, Notes: rows.Notes,
		Cols: []Column{StringColumn{N: n, At: func(i int) string { return s[i] }}, iv, fv}}
	for _, w := range []struct {
		name string
		f    func(*Table) string
	}{
		{"csv", func(t *Table) string { var b bytes.Buffer; t.WriteCSV(&b); return b.String() }},
		{"json", func(t *Table) string { var b bytes.Buffer; t.WriteJSON(&b); return b.String() }},
		{"text", (*Table).String},
		{"html", (*Table).HTML},
	} {
		if got, want := w.f(cols), w.f(rows); got != want {
			t.Errorf("%s: by column differs from by row:\n got %.300q\nwant %.300q", w.name, got, want)
		}
	}
	if cols.Len() != n {
		t.Errorf("Len = %d, want %d", cols.Len(), n)
	}
	gf, _ := cols.Floats("f")
	wf, _ := rows.Floats("f")
	gs, _ := cols.Strings("s")
	ws, _ := rows.Strings("s")
	for k := range n {
		if !(gf[k] == wf[k] || math.IsNaN(gf[k]) && math.IsNaN(wf[k])) || gs[k] != ws[k] {
			t.Fatalf("row %d: Floats/Strings differ by column: %v %q, by row %v %q", k, gf[k], gs[k], wf[k], ws[k])
		}
	}
}

func TestColumnsMismatchIsAnError(t *testing.T) {
	tab := &Table{Title: "bad", Columns: []string{"a", "b"}, Cols: []Column{FloatColumn{1, 2}, IntColumn{1}}}
	var b bytes.Buffer
	for name, err := range map[string]error{"csv": tab.WriteCSV(&b), "json": tab.WriteJSON(&b), "text": tab.WriteText(&b)} {
		if err == nil || !strings.Contains(err.Error(), `column "b" has 1 cells`) {
			t.Errorf("%s: err = %v, want the length mismatch named", name, err)
		}
	}
	tab = &Table{Title: "bad", Columns: []string{"a"}, Rows: [][]any{{make(chan int)}}}
	if err := tab.WriteJSON(&b); err == nil || !strings.Contains(err.Error(), `row 0 column "a"`) {
		t.Errorf("json of a channel: err = %v, want the cell named", err)
	}
}

func BenchmarkWriteCSVColumns(b *testing.B) { benchWrite(b, (*Table).WriteCSV, true) }
func BenchmarkWriteCSVRows(b *testing.B)    { benchWrite(b, (*Table).WriteCSV, false) }
func BenchmarkWriteJSONColumns(b *testing.B) {
	benchWrite(b, (*Table).WriteJSON, true)
}
func BenchmarkWriteCSVReference(b *testing.B) {
	benchWrite(b, func(t *Table, w io.Writer) error { _, err := io.WriteString(w, refCSV(t)); return err }, false)
}
func BenchmarkWriteJSONReference(b *testing.B) {
	benchWrite(b, func(t *Table, w io.Writer) error { _, err := io.WriteString(w, refJSON(t)); return err }, false)
}

// benchWrite writes a 100K-row disagreement-shaped table (2 ints, a
// string, 3 floats); byRow boxes the cells first, as the old CLI did.
func benchWrite(b *testing.B, write func(*Table, io.Writer) error, byCol bool) {
	const n = 100_000
	r := rand.New(rand.NewPCG(5, 6))
	ch, en := make(IntColumn, n), make(IntColumn, n)
	f1, f2, f3 := make(FloatColumn, n), make(FloatColumn, n), make(FloatColumn, n)
	nudges := []string{"value1", "value2"}
	for i := range n {
		ch[i], en[i], f1[i], f2[i], f3[i] = int64(i/6), int64(i%6), r.Float64()*3, r.Float64()*3, r.Float64()*3
	}
	cols := []string{"chunk_index", "entry_idx", "nudge_direction", "sd_value1", "sd_value2", "D"}
	b.ReportAllocs()
	for b.Loop() {
		t := &Table{Title: "bench", Columns: cols}
		if byCol {
			t.Cols = []Column{ch, en, StringColumn{N: n, At: func(i int) string { return nudges[i%2] }}, f1, f2, f3}
		} else {
			for i := range n {
				t.Rows = append(t.Rows, []any{ch[i], en[i], nudges[i%2], f1[i], f2[i], f3[i]})
			}
		}
		if err := write(t, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// A notebook shows a long result as pandas does: the first and last five
// rows and the shape; MaxRows < 0 shows every row, and the text writer is
// never cut.
func TestTableHTMLTruncatesLikePandas(t *testing.T) {
	tab := &Table{Title: "long", Columns: []string{"i", "name"}}
	for i := 0; i < 1877; i++ {
		tab.Rows = append(tab.Rows, []any{i, fmt.Sprintf("row%04d", i)})
	}
	h := tab.HTML()
	for _, want := range []string{">row0000<", ">row0004<", ">row1872<", ">row1876<", "1877 rows × 2 columns"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	for _, absent := range []string{">row0005<", ">row1871<"} {
		if strings.Contains(h, absent) {
			t.Errorf("HTML shows %q of a cut table", absent)
		}
	}
	if len(h) > 4000 {
		t.Errorf("HTML of a cut table is %d bytes", len(h))
	}
	if got := strings.Count(tab.String(), "row"); got != 1877 {
		t.Errorf("text shows %d rows, want every row", got)
	}
	tab.MaxRows = -1
	if h := tab.HTML(); !strings.Contains(h, ">row0937<") || strings.Contains(h, "rows ×") {
		t.Errorf("MaxRows -1 still cuts the table")
	}
	short := &Table{Columns: []string{"i"}, Rows: [][]any{{1}, {2}}}
	if strings.Contains(short.HTML(), "rows ×") {
		t.Errorf("a short table is cut")
	}
}
