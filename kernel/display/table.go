package display

import (
	"fmt"
	"html"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// Table limits: a large frame shows its first and last rows around an
// ellipsis row, its first columns, and always its shape.
const (
	tableHeadRows = 10
	tableTailRows = 5
	tableMaxCols  = 20
	cellMaxRunes  = 60
)

// Table displays tabular data as an HTML table with a text/plain twin. It
// accepts a gota dataframe.DataFrame (or pointer), [][]string whose first
// row is the header, a slice of structs (exported fields become columns) or
// a slice of maps with string keys. Anything else is shown through Show.
func Table(v any) {
	if t, ok := tableOf(v); ok {
		Publish(t.bundle(), nil, "", false)
		return
	}
	Show(v)
}

// grid is a table of already formatted cells.
type grid struct {
	header []string
	types  []string   // optional column types shown under the header
	rows   [][]string // shown rows; nil for the ellipsis row
	labels []int      // the row index of each shown row, -1 for the ellipsis
	nrow   int        // total rows
}

// fill adds the shown rows out of n, formatting row i with cells.
func (g *grid) fill(n int, cells func(i int) []string) {
	g.nrow = n
	for _, i := range shownRows(n) {
		g.labels = append(g.labels, i)
		if i < 0 {
			g.rows = append(g.rows, nil)
			continue
		}
		g.rows = append(g.rows, cells(i))
	}
}

// tableOf converts the supported tabular values to a grid.
func tableOf(v any) (grid, bool) {
	switch x := v.(type) {
	case dataframe.DataFrame:
		return frameGrid(x), true
	case *dataframe.DataFrame:
		if x != nil {
			return frameGrid(*x), true
		}
	case [][]string:
		if len(x) == 0 {
			return grid{}, true
		}
		g := grid{header: x[0]}
		g.fill(len(x)-1, func(i int) []string { return x[i+1] })
		return g, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return grid{}, false
	}
	et := rv.Type().Elem()
	for et.Kind() == reflect.Pointer {
		et = et.Elem()
	}
	switch {
	case et.Kind() == reflect.Struct:
		return structGrid(rv, et), true
	case et.Kind() == reflect.Map && et.Key().Kind() == reflect.String:
		return mapGrid(rv), true
	case et.Kind() == reflect.Slice:
		return sliceGrid(rv), true
	}
	return grid{}, false
}

func frameGrid(df dataframe.DataFrame) grid {
	if df.Err != nil {
		g := grid{header: []string{"error"}}
		g.fill(1, func(int) []string { return []string{df.Err.Error()} })
		return g
	}
	g := grid{header: df.Names()}
	for _, t := range df.Types() {
		g.types = append(g.types, string(t))
	}
	types := df.Types()
	g.fill(df.Nrow(), func(i int) []string {
		row := make([]string, df.Ncol())
		for j := range row {
			e := df.Elem(i, j)
			switch {
			case e.IsNA():
				row[j] = "NaN"
			case types[j] == series.Float:
				// gota prints floats with %f; 6 significant digits read
				// better and keep 1e-9 from becoming 0.000000.
				row[j] = strconv.FormatFloat(e.Float(), 'g', 6, 64)
			default:
				row[j] = e.String()
			}
		}
		return row
	})
	return g
}

// shownRows lists the row indices a table shows out of n; -1 marks the
// ellipsis row.
func shownRows(n int) []int {
	if n <= tableHeadRows+tableTailRows {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	var idx []int
	for i := range tableHeadRows {
		idx = append(idx, i)
	}
	idx = append(idx, -1)
	for i := n - tableTailRows; i < n; i++ {
		idx = append(idx, i)
	}
	return idx
}

func structGrid(rv reflect.Value, et reflect.Type) grid {
	var fields []int
	var g grid
	for i := 0; i < et.NumField(); i++ {
		if et.Field(i).IsExported() {
			fields = append(fields, i)
			g.header = append(g.header, et.Field(i).Name)
		}
	}
	g.fill(rv.Len(), func(i int) []string {
		e := rv.Index(i)
		for e.Kind() == reflect.Pointer {
			if e.IsNil() {
				break
			}
			e = e.Elem()
		}
		row := make([]string, len(fields))
		for j, fi := range fields {
			if e.Kind() == reflect.Struct {
				row[j] = cellText(e.Field(fi))
			}
		}
		return row
	})
	return g
}

func mapGrid(rv reflect.Value) grid {
	seen := map[string]bool{}
	var g grid
	for i := 0; i < rv.Len(); i++ {
		keys := rv.Index(i).MapKeys()
		names := make([]string, 0, len(keys))
		for _, k := range keys {
			names = append(names, k.String())
		}
		sortStrings(names)
		for _, k := range names {
			if !seen[k] {
				seen[k] = true
				g.header = append(g.header, k)
			}
		}
	}
	g.fill(rv.Len(), func(i int) []string {
		m := rv.Index(i)
		row := make([]string, len(g.header))
		for j, k := range g.header {
			if e := m.MapIndex(reflect.ValueOf(k).Convert(m.Type().Key())); e.IsValid() {
				row[j] = cellText(e)
			}
		}
		return row
	})
	return g
}

func sliceGrid(rv reflect.Value) grid {
	var g grid
	width := 0
	g.fill(rv.Len(), func(i int) []string {
		r := rv.Index(i)
		row := make([]string, r.Len())
		for j := range row {
			row[j] = cellText(r.Index(j))
		}
		width = max(width, len(row))
		return row
	})
	for j := range width {
		g.header = append(g.header, fmt.Sprint(j))
	}
	return g
}

// cellText formats one cell: strings unquoted, everything else as Show's
// text would.
func cellText(v reflect.Value) string {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() == reflect.String {
		return v.String()
	}
	if v.CanInterface() {
		if s, ok := v.Interface().(fmt.Stringer); ok {
			return safeCall(s.String)
		}
	}
	var f formatter
	f.value(v, maxDepth-1, false)
	return f.b.String()
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// shape describes the table's size the way pandas does.
func (g grid) shape() string {
	return plural(g.nrow, "row") + " × " + plural(len(g.header), "column")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

func (g grid) bundle() Bundle {
	return Bundle{"text/html": g.html(), "text/plain": g.text()}
}

// cols is the number of columns shown (the rest are elided).
func (g grid) cols() int { return min(len(g.header), tableMaxCols) }

func (g grid) html() string {
	var b strings.Builder
	nc := g.cols()
	more := len(g.header) > nc
	b.WriteString("<table class=\"dataframe\">\n<thead><tr><th></th>")
	for _, h := range g.header[:nc] {
		b.WriteString("<th>" + html.EscapeString(clip(h)) + "</th>")
	}
	if more {
		b.WriteString("<th>…</th>")
	}
	b.WriteString("</tr>\n")
	if len(g.types) > 0 {
		b.WriteString("<tr><th></th>")
		for _, t := range g.types[:min(nc, len(g.types))] {
			b.WriteString("<th><i>" + html.EscapeString(t) + "</i></th>")
		}
		if more {
			b.WriteString("<th></th>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</thead>\n<tbody>\n")
	for r, row := range g.rows {
		if g.labels[r] < 0 {
			b.WriteString("<tr><th>…</th>" + strings.Repeat("<td>…</td>", nc+boolInt(more)) + "</tr>\n")
			continue
		}
		b.WriteString("<tr><th>" + fmt.Sprint(g.labels[r]) + "</th>")
		for j := range nc {
			cell := ""
			if j < len(row) {
				cell = row[j]
			}
			b.WriteString("<td>" + html.EscapeString(clip(cell)) + "</td>")
		}
		if more {
			b.WriteString("<td>…</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n<p>" + g.shape() + "</p>")
	return b.String()
}

func (g grid) text() string {
	nc := g.cols()
	lines := [][]string{append([]string{""}, g.header[:nc]...)}
	for r, row := range g.rows {
		line := make([]string, nc+1)
		if g.labels[r] < 0 {
			for j := range line {
				line[j] = "…"
			}
			lines = append(lines, line)
			continue
		}
		line[0] = fmt.Sprint(g.labels[r])
		for j := range nc {
			if j < len(row) {
				line[j+1] = clip(row[j])
			}
		}
		lines = append(lines, line)
	}
	// Numbers align right, like pandas; a column is numeric when every
	// shown cell parses as a number.
	numeric := make([]bool, nc+1)
	for j := 1; j <= nc; j++ {
		numeric[j] = true
		for _, l := range lines[1:] {
			if c := l[j]; c != "…" && c != "" && c != "NaN" {
				if _, err := strconv.ParseFloat(c, 64); err != nil {
					numeric[j] = false
					break
				}
			}
		}
	}
	widths := make([]int, nc+1)
	for _, l := range lines {
		for j, c := range l {
			widths[j] = max(widths[j], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	for _, l := range lines {
		for j, c := range l {
			if j > 0 {
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[j]-utf8.RuneCountInString(c))
			if numeric[j] {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		if len(g.header) > nc {
			b.WriteString("  …")
		}
		b.WriteString("\n")
	}
	b.WriteString("[" + g.shape() + "]")
	return b.String()
}

// clip shortens a cell to cellMaxRunes.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= cellMaxRunes {
		return s
	}
	r := []rune(s)
	return string(r[:cellMaxRunes-1]) + "…"
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// frameBundle renders a gota DataFrame.
func frameBundle(df dataframe.DataFrame) Bundle { return frameGrid(df).bundle() }
