package dataset

import (
	"fmt"
	"html/template"
	"strings"
	"sync"
	"text/tabwriter"
)

// Describe summarises a dataset from its footers: configs, splits, shards,
// rows, models found and null counts (per split, summed over the position
// columns and over all columns; with columns, every column's type and nulls).
// It reads the footers not yet read; a config whose files cannot be read
// shows the error naming the file (Load returns it).
func Describe(d *Dataset, columns bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "dataset %s\n", d.Path)
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, c := range d.configs {
		fmt.Fprintf(&b, "\nconfig %s (%s)\n", c.Name, c.Dir)
		if err := d.loadConfig(c); err != nil {
			// Footers are read on first use (remote datasets): a bad file
			// shows here, and every other config is still described.
			fmt.Fprintf(&b, "  error: %v\n", err)
			continue
		}
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  split\trows\tshards\trow groups\tcolumns\tmodels\tnull positions\tnull cells")
		for _, s := range c.Splits {
			rgs := 0
			for _, sh := range s.Shards {
				rgs += len(sh.RowGroups)
			}
			var posNulls, nulls int64
			unknown := false
			for _, col := range s.Columns {
				if col.Nulls < 0 {
					unknown = true
					continue
				}
				nulls += col.Nulls
				if strings.HasSuffix(col.Name, suffixValue1) || strings.HasSuffix(col.Name, suffixValue2) {
					posNulls += col.Nulls
				}
			}
			nullStr := fmt.Sprint(nulls)
			if unknown {
				nullStr += "+?"
			}
			fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", s.Name, s.Rows, len(s.Shards), rgs, len(s.Columns), len(s.Models), posNulls, nullStr)
		}
		tw.Flush()
		models := map[string]bool{}
		var list []string
		for _, s := range c.Splits {
			for _, m := range s.Models {
				if !models[string(m)] {
					models[string(m)] = true
					list = append(list, string(m))
				}
			}
		}
		if len(list) > 0 {
			fmt.Fprintf(&b, "  models (%d): %s\n", len(list), strings.Join(list, ", "))
		}
		for _, s := range c.Splits {
			for _, d := range s.Drift {
				fmt.Fprintf(&b, "  type drift in %s: %s\n", s.Name, d)
			}
		}
		if columns {
			for _, s := range c.Splits {
				fmt.Fprintf(&b, "  columns of %s:\n", s.Name)
				tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
				for _, col := range s.Columns {
					n := fmt.Sprint(col.Nulls)
					if col.Nulls < 0 {
						n = "?"
					}
					fmt.Fprintf(tw, "    %s\t%s\tnulls %s\n", col.Name, col.Type, n)
				}
				tw.Flush()
			}
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// String summarises the dataset (Describe without the column lists).
func (d *Dataset) String() string { return Describe(d, false) }

// HTML renders the dataset's summary as a table, for notebooks: one row per
// split with its config, rows, shards, columns and models, and one row
// naming the error of a config whose files cannot be read (as Describe).
func (d *Dataset) HTML() string {
	page := htmlSummary{Path: d.Path}
	d.mu.Lock()
	for _, c := range d.configs {
		err := d.loadConfig(c)
		for _, n := range c.names {
			if s, ok := c.opened[n]; ok {
				page.Rows = append(page.Rows, htmlSplit{Config: s.Config, Split: s.Name, Rows: s.Rows,
					Shards: len(s.Shards), Columns: len(s.Columns), Models: len(s.Models)})
			}
		}
		if err != nil {
			page.Rows = append(page.Rows, htmlSplit{Config: c.Name, Err: err.Error()})
		}
	}
	d.mu.Unlock()
	var b strings.Builder
	if err := summaryHTML().Execute(&b, page); err != nil {
		// A template of strings fails only on a bug; say so in the output.
		return "<p>" + template.HTMLEscapeString("dataset summary: "+err.Error()) + "</p>"
	}
	return b.String()
}

var summaryHTML = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("summary").Parse(`<p><b>dataset</b> <code>{{.Path}}</code></p>
<table>
<tr><th>config</th><th>split</th><th>rows</th><th>shards</th><th>columns</th><th>models</th></tr>
{{range .Rows}}<tr><td>{{.Config}}</td>
{{- if .Err}}<td colspan="5">error: {{.Err}}</td>
{{- else}}<td>{{.Split}}</td><td>{{.Rows}}</td><td>{{.Shards}}</td><td>{{.Columns}}</td><td>{{.Models}}</td>{{end}}</tr>
{{end}}</table>`))
})

type htmlSummary struct {
	Path string
	Rows []htmlSplit
}

// htmlSplit is one row of the summary: a split, or a config's error.
type htmlSplit struct {
	Config, Split                 string
	Rows, Shards, Columns, Models int
	Err                           string
}
