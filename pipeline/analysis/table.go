package analysis

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"sync"
)

// Table is the gota-free, rectangular view every result offers: named
// columns and rows of cells. A cell is a string, an int, an int64 or a
// float64 (NaN renders as an empty cell). Plots and the CLI read results
// through it; people read it through String and HTML.
type Table struct {
	Title   string
	Columns []string
	Rows    [][]any
	// Cols, when set instead of Rows, holds the cells by column (one Column
	// per name in Columns, all of one length): large tables are then written
	// without boxing a cell per row. Code that reads Rows directly sees none;
	// Len, Floats, Strings and the writers read both.
	Cols []Column
	// Notes say what the table was computed over (split, model set, rows
	// used, sample, ...), in order. Text and HTML show them under the
	// title; CSV writes them as leading "# key: value" lines (pandas:
	// read_csv(..., comment="#")); JSON under "meta".
	Notes []Note
	// MaxRows bounds the rows HTML shows, as pandas' display.max_rows does:
	// a longer table shows its first and last HTMLEdgeRows rows and its
	// shape. 0 means DefaultMaxRows; a negative value shows every row. The
	// text and file writers always write every row.
	MaxRows int
}

// DefaultMaxRows and HTMLEdgeRows are pandas' defaults (display.max_rows
// 60, min_rows 10): a notebook shows a 1,877-row result as 10 rows and its
// shape, not as half a megabyte of HTML.
const (
	DefaultMaxRows = 60
	HTMLEdgeRows   = 5
)

// Note is one key: value line of a table's metadata.
type Note struct{ Key, Value string }

// Note appends a key: value note and returns the table.
func (t *Table) Note(key, value string) *Table {
	t.Notes = append(t.Notes, Note{key, value})
	return t
}

// Len returns the number of rows.
func (t *Table) Len() int {
	n, _ := t.checkCols()
	return n
}

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
	out := make([]float64, t.Len())
	for i := range out {
		out[i] = math.NaN()
		switch v := t.value(i, j).(type) {
		case float64:
			out[i] = v
		case int:
			out[i] = float64(v)
		case int64:
			out[i] = float64(v)
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
	out := make([]string, t.Len())
	for i := range out {
		out[i] = formatCell(t.value(i, j))
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

// String renders the table as aligned text: a title line, the notes, a
// header and one line per row; numbers are right-aligned (see WriteText).
func (t *Table) String() string {
	var b strings.Builder
	if err := t.WriteText(&b); err != nil {
		return err.Error()
	}
	return b.String()
}

// numericColumns reports which columns hold numbers (decides alignment):
// the first non-nil cell of a column decides.
func (t *Table) numericColumns() []bool {
	num := make([]bool, len(t.Columns))
	if t.Cols != nil {
		for j, c := range t.Cols {
			switch c.(type) {
			case FloatColumn, IntColumn:
				num[j] = true
			case StringColumn:
			default:
				for i := 0; i < c.Len(); i++ {
					if v := c.Value(i); v != nil {
						_, isString := v.(string)
						num[j] = !isString
						break
					}
				}
			}
		}
		return num
	}
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

// HTML renders the table as an HTML table with a caption. html/template
// escapes every title, note, column name and cell.
func (t *Table) HTML() string {
	n, err := t.checkCols()
	if err != nil {
		return "<p>" + template.HTMLEscapeString(err.Error()) + "</p>"
	}
	page := htmlTable{Title: t.Title, Notes: t.Notes, Columns: t.Columns, Span: max(1, len(t.Columns)), Rows: n}
	num := t.numericColumns()
	limit := t.MaxRows
	if limit == 0 {
		limit = DefaultMaxRows
	}
	page.Cut = limit > 0 && n > limit
	row := func(i int) htmlRow {
		cells := make([]htmlCell, len(t.Columns))
		for j := range cells {
			cells[j] = htmlCell{Text: displayCell(t.value(i, j)), Right: num[j]}
		}
		return htmlRow{Cells: cells}
	}
	if page.Cut {
		for i := range HTMLEdgeRows {
			page.Body = append(page.Body, row(i))
		}
		page.Body = append(page.Body, htmlRow{Ellipsis: true})
		for i := n - HTMLEdgeRows; i < n; i++ {
			page.Body = append(page.Body, row(i))
		}
	} else {
		for i := range n {
			page.Body = append(page.Body, row(i))
		}
	}
	var b strings.Builder
	if err := tableHTML().Execute(&b, page); err != nil {
		// A template of strings fails only on a bug; say so in the output.
		return "<p>" + template.HTMLEscapeString("table: "+err.Error()) + "</p>"
	}
	return b.String()
}

// tableHTML is the markup of Table.HTML: the caption holds the title and
// the notes; a cut table shows an ellipsis row and pandas' shape line.
var tableHTML = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("table").Parse(`<table class="specstress-table">` +
		`{{with .Title}}<caption>{{.}}{{range $.Notes}}<br><small>{{.Key}}: {{.Value}}</small>{{end}}</caption>{{end}}` +
		`<thead><tr>{{range .Columns}}<th>{{.}}</th>{{end}}</tr></thead><tbody>` +
		`{{range .Body}}<tr>{{if .Ellipsis}}<td colspan="{{$.Span}}" style="text-align:center">…</td>` +
		`{{else}}{{range .Cells}}<td{{if .Right}} style="text-align:right"{{end}}>{{.Text}}</td>{{end}}{{end}}</tr>{{end}}` +
		`</tbody></table>` +
		`{{if .Cut}}<p>{{.Rows}} rows × {{len .Columns}} columns (set the table's MaxRows to -1 to show every row)</p>{{end}}`))
})

type htmlTable struct {
	Title   string
	Notes   []Note
	Columns []string
	Span    int // the ellipsis row spans every column (at least one)
	Rows    int // rows of the whole table
	Cut     bool
	Body    []htmlRow
}

type htmlRow struct {
	Ellipsis bool
	Cells    []htmlCell
}

type htmlCell struct {
	Text  string
	Right bool // numbers align right
}

// Tabler is implemented by every result of this package.
type Tabler interface {
	Table() *Table
}
