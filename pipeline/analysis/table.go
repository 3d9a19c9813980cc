package analysis

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
	"strings"
)

// Table is the gota-free, rectangular view every result offers: named
// columns and rows of cells. A cell is a string, an int, an int64 or a
// float64 (NaN renders as an empty cell). Plots and the CLI read results
// through it; people read it through String and HTML.
type Table struct {
	Title   string
	Columns []string
	Rows    [][]any
	// Notes say what the table was computed over (split, model set, rows
	// used, sample, ...), in order. Text and HTML show them under the
	// title; CSV writes them as leading "# key: value" lines (pandas:
	// read_csv(..., comment="#")); JSON under "meta".
	Notes []Note
}

// Note is one key: value line of a table's metadata.
type Note struct{ Key, Value string }

// Note appends a key: value note and returns the table.
func (t *Table) Note(key, value string) *Table {
	t.Notes = append(t.Notes, Note{key, value})
	return t
}

// Len returns the number of rows.
func (t *Table) Len() int { return len(t.Rows) }

// ColumnIndex returns the index of the named column, or -1.
func (t *Table) ColumnIndex(name string) int {
	for i, c := range t.Columns {
		if c == name {
			return i
		}
	}
	return -1
}

// Floats returns a numeric column as float64s (NaN for cells that are not
// numbers). An unknown column is an error.
func (t *Table) Floats(name string) ([]float64, error) {
	j := t.ColumnIndex(name)
	if j < 0 {
		return nil, fmt.Errorf("table %q: no column %q (have %v)", t.Title, name, t.Columns)
	}
	out := make([]float64, len(t.Rows))
	for i, r := range t.Rows {
		out[i] = math.NaN()
		if j < len(r) {
			switch v := r[j].(type) {
			case float64:
				out[i] = v
			case int:
				out[i] = float64(v)
			case int64:
				out[i] = float64(v)
			}
		}
	}
	return out, nil
}

// Strings returns a column formatted as strings. An unknown column is an error.
func (t *Table) Strings(name string) ([]string, error) {
	j := t.ColumnIndex(name)
	if j < 0 {
		return nil, fmt.Errorf("table %q: no column %q (have %v)", t.Title, name, t.Columns)
	}
	out := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		if j < len(r) {
			out[i] = formatCell(r[j])
		}
	}
	return out, nil
}

// formatCell renders a cell for text, HTML and CSV. Floats use the shortest
// representation that round-trips, so CSV output loses no digits.
func formatCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		if math.IsNaN(x) {
			return ""
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return formatCell(float64(x))
	default:
		return fmt.Sprint(x)
	}
}

// displayCell renders a cell for people: floats with at most 4 decimals.
func displayCell(v any) string {
	if x, ok := v.(float64); ok && !math.IsNaN(x) && !math.IsInf(x, 0) && x != math.Trunc(x) {
		return strconv.FormatFloat(x, 'f', 4, 64)
	}
	return formatCell(v)
}

// String renders the table as aligned text: a title line, a header and one
// line per row; numbers are right-aligned.
func (t *Table) String() string {
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
		b.WriteString(t.Title)
		b.WriteByte('\n')
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

// numericColumns reports which columns hold numbers (decides alignment):
// the first non-nil cell of a column decides.
func (t *Table) numericColumns() []bool {
	num := make([]bool, len(t.Columns))
	for j := range t.Columns {
		for _, r := range t.Rows {
			if j < len(r) && r[j] != nil {
				_, isString := r[j].(string)
				num[j] = !isString
				break
			}
		}
	}
	return num
}

// HTML renders the table as an HTML table with a caption.
func (t *Table) HTML() string {
	var b strings.Builder
	b.WriteString(`<table class="specstress-table">`)
	if t.Title != "" {
		cap := html.EscapeString(t.Title)
		for _, n := range t.Notes {
			cap += "<br><small>" + html.EscapeString(n.Key+": "+n.Value) + "</small>"
		}
		fmt.Fprintf(&b, "<caption>%s</caption>", cap)
	}
	b.WriteString("<thead><tr>")
	for _, c := range t.Columns {
		fmt.Fprintf(&b, "<th>%s</th>", html.EscapeString(c))
	}
	b.WriteString("</tr></thead><tbody>")
	num := t.numericColumns()
	for _, r := range t.Rows {
		b.WriteString("<tr>")
		for j := range t.Columns {
			var s string
			if j < len(r) {
				s = displayCell(r[j])
			}
			align := ""
			if num[j] {
				align = ` style="text-align:right"`
			}
			fmt.Fprintf(&b, "<td%s>%s</td>", align, html.EscapeString(s))
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
	return b.String()
}

// WriteCSV writes a header and the rows as CSV with full-precision numbers.
func (t *Table) WriteCSV(w io.Writer) error {
	for _, n := range t.Notes {
		if _, err := fmt.Fprintf(w, "# %s: %s\n", n.Key, strings.ReplaceAll(n.Value, "\n", " ")); err != nil {
			return fmt.Errorf("table %q: write csv notes: %w", t.Title, err)
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return fmt.Errorf("table %q: write csv header: %w", t.Title, err)
	}
	rec := make([]string, len(t.Columns))
	for i, r := range t.Rows {
		for j := range rec {
			rec[j] = ""
			if j < len(r) {
				rec[j] = formatCell(r[j])
			}
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("table %q: write csv row %d: %w", t.Title, i, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("table %q: write csv: %w", t.Title, err)
	}
	return nil
}

// WriteJSON writes the table as a JSON object: "title", "meta" (the
// notes, keys in order) and "rows", an array of objects with keys in column
// order; NaN and infinities become null.
func (t *Table) WriteJSON(w io.Writer) error {
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
			enc, err := json.Marshal(v)
			if err != nil {
				return fmt.Errorf("table %q: row %d column %q: %w", t.Title, i, c, err)
			}
			b.Write(enc)
		}
		b.WriteString("}")
	}
	b.WriteString("\n]}\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("table %q: write json: %w", t.Title, err)
	}
	return nil
}

// Tabler is implemented by every result of this package.
type Tabler interface {
	Table() *Table
}
