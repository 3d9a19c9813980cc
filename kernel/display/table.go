package display

import (
	"fmt"
	"reflect"
	"strconv"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
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
	lim    TableLimits
}

// fill adds the shown rows out of n under the current limits, formatting
// row i with cells: rows that are not shown are never formatted.
func (g *grid) fill(n int, cells func(i int) []string) {
	g.nrow = n
	g.lim = CurrentTableLimits()
	for _, i := range shown(n, g.lim.MaxRows, g.lim.MinRows) {
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
			return grid{lim: CurrentTableLimits()}, true
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

// TableBundle renders a table of n rows given as a header and a function
// formatting row i, the way Table shows tables: text/html and text/plain,
// truncated to the current TableLimits with the shape. Only the shown rows
// are formatted, so a package with its own table type (such as analysis
// results) can display a large table cheaply.
func TableBundle(header []string, n int, row func(i int) []string) Bundle {
	g := grid{header: header}
	g.fill(n, row)
	return g.bundle()
}

// frameBundle renders a gota DataFrame.
func frameBundle(df dataframe.DataFrame) Bundle { return frameGrid(df).bundle() }
