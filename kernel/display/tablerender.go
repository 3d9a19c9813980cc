package display

import (
	"html/template"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

func (g grid) bundle() Bundle {
	return Bundle{"text/html": g.html(), "text/plain": g.text()}
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

// columns lists the shown column indices, -1 marking the ellipsis column.
func (g grid) columns() []int {
	return shown(len(g.header), g.lim.MaxColumns, g.lim.MaxColumns)
}

// cell returns the clipped text of shown row r, column j ("" when the row
// is short).
func (g grid) cell(r, j int) string {
	if row := g.rows[r]; j < len(row) {
		return g.clip(row[j])
	}
	return ""
}

// numeric reports for each column whether every shown, non-empty cell is a
// number: numbers align right, text left, as people read them.
func (g grid) numeric() []bool {
	num := make([]bool, len(g.header))
	for j := range num {
		num[j] = true
		for r, row := range g.rows {
			if row == nil || j >= len(row) {
				continue
			}
			if c := g.cell(r, j); c != "" && c != "NaN" {
				if _, err := strconv.ParseFloat(c, 64); err != nil {
					num[j] = false
					break
				}
			}
		}
	}
	return num
}

var tableTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("table").Parse(`<table class="dataframe">
<thead><tr><th></th>{{range .Header}}<th>{{.}}</th>{{end}}</tr>
{{if .Types}}<tr><th></th>{{range .Types}}<th><i>{{.}}</i></th>{{end}}</tr>
{{end}}</thead>
<tbody>
{{range .Rows}}<tr><th>{{.Label}}</th>{{range .Cells}}<td style="text-align: {{.Align}}">{{.Text}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
<p>{{.Shape}}</p>`))
})

type htmlCell struct{ Text, Align string }

type htmlRow struct {
	Label string
	Cells []htmlCell
}

func (g grid) html() string {
	cols, num := g.columns(), g.numeric()
	var data struct {
		Header, Types []string
		Rows          []htmlRow
		Shape         string
	}
	for _, j := range cols {
		h, t := "…", ""
		if j >= 0 {
			h = g.clip(g.header[j])
			if j < len(g.types) {
				t = g.types[j]
			}
		}
		data.Header = append(data.Header, h)
		if len(g.types) > 0 {
			data.Types = append(data.Types, t)
		}
	}
	for r := range g.rows {
		row := htmlRow{Label: "…"}
		if g.labels[r] >= 0 {
			row.Label = strconv.Itoa(g.labels[r])
		}
		for _, j := range cols {
			c := htmlCell{Text: "…", Align: "center"}
			if j >= 0 && g.labels[r] >= 0 {
				c = htmlCell{Text: g.cell(r, j), Align: "left"}
				if num[j] {
					c.Align = "right"
				}
			}
			row.Cells = append(row.Cells, c)
		}
		data.Rows = append(data.Rows, row)
	}
	data.Shape = g.shape()
	var b strings.Builder
	if err := tableTemplate().Execute(&b, data); err != nil {
		// Only a broken writer fails a template of strings; show the reason.
		return template.HTMLEscapeString("table: " + err.Error())
	}
	return b.String()
}

func (g grid) text() string {
	cols, num := g.columns(), g.numeric()
	header := []string{""}
	for _, j := range cols {
		if j < 0 {
			header = append(header, "…")
		} else {
			header = append(header, g.clip(g.header[j]))
		}
	}
	lines := [][]string{header}
	for r := range g.rows {
		line := make([]string, len(cols)+1)
		line[0] = "…"
		if g.labels[r] >= 0 {
			line[0] = strconv.Itoa(g.labels[r])
		}
		for k, j := range cols {
			switch {
			case j < 0 || g.labels[r] < 0:
				line[k+1] = "…"
			default:
				line[k+1] = g.cell(r, j)
			}
		}
		lines = append(lines, line)
	}
	right := make([]bool, len(cols)+1)
	right[0] = true
	for k, j := range cols {
		right[k+1] = j >= 0 && num[j]
	}
	widths := make([]int, len(cols)+1)
	for _, l := range lines {
		for k, c := range l {
			widths[k] = max(widths[k], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	for _, l := range lines {
		for k, c := range l {
			if k > 0 {
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[k]-utf8.RuneCountInString(c))
			if right[k] {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("[" + g.shape() + "]")
	return b.String()
}

// clip shortens a cell to the limits' MaxCellWidth.
func (g grid) clip(s string) string {
	w := g.lim.MaxCellWidth
	if w <= 0 || utf8.RuneCountInString(s) <= w {
		return s
	}
	r := []rune(s)
	return string(r[:w-1]) + "…"
}
