package main

import (
	"context"
	"flag"
	"fmt"
	"html/template"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/specstress/specstress/kernel/notebook"
	"github.com/specstress/specstress/notebooks"
	"github.com/specstress/specstress/pipeline/dataset"
	"github.com/specstress/specstress/pipeline/spec"
)

func init() {
	register("demo", "the main job: run every notebook on the embedded sample, write an HTML report", runDemo)
}

func runDemo(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "specstress-demo", "write the notebooks, the sample data and the report to `DIR`")
	timeout := fs.Duration("timeout", 5*time.Minute, "per-cell time limit (0: none)")
	specPath := fs.String("spec", "", "the spec `FILE` of the report's hot-spot section (default: the synthetic sample spec shipped with the sample)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: specstress demo [--out DIR]\n\nExtracts the bundled notebooks and the embedded sample dataset to DIR,\nexecutes every notebook in-process (no Jupyter, no network, no API key),\nand writes the executed notebooks, one HTML page per notebook and an\nindex.html report with every figure. Exit status 1 if a notebook fails.\n\nflags:")
		fs.PrintDefaults()
	}
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "specstress demo: takes no arguments besides flags, got %q (the output folder goes in --out)\n", pos)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	dir, err := filepath.Abs(*out)
	if err != nil {
		fmt.Fprintf(stderr, "specstress demo: %v\n", err)
		return 1
	}
	cleared, err := freshDemoDir(dir)
	if err != nil {
		fmt.Fprintf(stderr, "specstress demo: %v\n", err)
		return 1
	}
	if cleared {
		fmt.Fprintf(stdout, "specstress demo: removed the previous demo's files in %s: this run starts fresh\n", dir)
	}
	paths, err := notebooks.Extract(dir)
	if err != nil {
		fmt.Fprintf(stderr, "specstress demo: %v\n", err)
		return 1
	}
	htmlDir := filepath.Join(dir, "html")
	if err := os.MkdirAll(htmlDir, 0o755); err != nil {
		fmt.Fprintf(stderr, "specstress demo: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "specstress demo: %d notebooks on the embedded sample in %s\n", len(paths), dir)
	var results []nbResult
	failed := 0
	for _, p := range paths {
		base := strings.TrimSuffix(filepath.Base(p), ".ipynb")
		job := nbJob{in: p, out: p, html: filepath.Join(htmlDir, base+".html"),
			opts: notebook.Options{Timeout: *timeout}}
		res := job.run(ctx, newEngine)
		res.path = filepath.Base(p)
		fmt.Fprintln(stdout, res.summary())
		if res.err != nil {
			failed++
			fmt.Fprintf(stderr, "  %s: %v\n", res.path, res.err)
		}
		results = append(results, res)
		if ctx.Err() != nil {
			break
		}
	}
	hot, err := demoHotspots(dir, *specPath, stderr)
	if err != nil {
		failed++
		fmt.Fprintf(stderr, "  hot spots: %v\n", err)
		hot = `<section class="hotspots"><h2>Spec hot spots</h2><pre class="error">` + template.HTMLEscapeString(err.Error()) + "</pre></section>\n"
	} else {
		fmt.Fprintln(stdout, "hot spots: report section written")
	}
	index := filepath.Join(dir, "index.html")
	if err := os.WriteFile(index, []byte(demoReport(results, hot, time.Since(start))), 0o644); err != nil {
		fmt.Fprintf(stderr, "specstress demo: write %s: %v\n", index, err)
		return 1
	}
	fmt.Fprintf(stdout, "\nexecuted notebooks: %s/*.ipynb\nHTML pages:         %s/*.html\nreport:             %s\n", dir, htmlDir, index)
	if failed > 0 {
		fmt.Fprintf(stdout, "%d of %d notebooks failed (total %.1fs)\n", failed, len(paths), time.Since(start).Seconds())
		return 1
	}
	fmt.Fprintf(stdout, "all %d notebooks ran green in %.1fs\n", len(paths), time.Since(start).Seconds())
	return 0
}

// demoReport is the index page: one section per notebook with its status,
// time, links to the executed notebook and its page, and every figure it
// produced, inline.
func demoReport(results []nbResult, hotspots string, total time.Duration) string {
	page := demoPage{Seconds: fmt.Sprintf("%.1f", total.Seconds())}
	for _, r := range results {
		n := demoNotebook{Base: strings.TrimSuffix(r.path, ".ipynb"), Path: r.path,
			Seconds: fmt.Sprintf("%.2f", r.elapsed.Seconds())}
		n.Title = n.Base
		if r.err != nil {
			n.Err = r.err.Error()
		}
		if r.report != nil {
			n.Cells = r.report.Executed
		}
		if r.nb != nil {
			n.Title, n.Ran = r.nb.Title(), true
			for _, f := range r.nb.Figures() {
				// The figure's <img> is markup notebook.Figures built from
				// the image data; it is inserted as is.
				n.Figures = append(n.Figures, demoFigure{HTML: template.HTML(f.HTML), Caption: f.Caption})
			}
		}
		page.Notebooks = append(page.Notebooks, n)
	}
	var b strings.Builder
	if err := demoTemplate().Execute(&b, page); err != nil {
		// A template of strings fails only on a bug; say so in the report.
		b.Reset()
		b.WriteString("<p>" + template.HTMLEscapeString("demo report: "+err.Error()) + "</p>")
	}
	b.WriteString(hotspots)
	return notebook.Page("specstress demo report", b.String())
}

type demoPage struct {
	Seconds   string
	Notebooks []demoNotebook
}

type demoNotebook struct {
	Base, Path, Title, Err, Seconds string
	Cells                           int
	Ran                             bool // the notebook was read: its figures section is shown
	Figures                         []demoFigure
}

type demoFigure struct {
	HTML    template.HTML
	Caption string
}

var demoTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("demo").Parse(`<h1>specstress demo report</h1>
<p>Every notebook executed in-process on the embedded synthetic sample (no Jupyter, no network) in {{.Seconds}} s. Open a notebook's page for its prose, code and tables; the executed <code>.ipynb</code> files open in Jupyter with the “Go (specstress)” kernel.</p>
<table>
<thead><tr><th>notebook</th><th>status</th><th>cells</th><th>figures</th><th>time</th></tr></thead>
<tbody>
{{range .Notebooks}}<tr><td style="text-align:left"><a href="#{{.Base}}">{{.Base}}</a> (<a href="html/{{.Base}}.html">page</a>, <a href="{{.Path}}">ipynb</a>)</td><td style="text-align:left">
{{- if .Err}}<span class="status-error">{{.Err}}</span>{{else}}<span class="status-ok">ok</span>{{end}}</td><td>{{.Cells}}</td><td>{{len .Figures}}</td><td>{{.Seconds}} s</td></tr>
{{end}}</tbody>
</table>
{{range .Notebooks}}<h2 id="{{.Base}}">{{.Title}}</h2>
<p><a href="html/{{.Base}}.html">Read the notebook</a> · <code>{{.Path}}</code></p>
{{if .Err}}<pre class="error">{{.Err}}</pre>
{{end}}{{if .Ran}}<div class="figures">
{{$base := .Base}}{{range .Figures}}<figure>{{.HTML}}<figcaption>{{$base}} · {{.Caption}}</figcaption></figure>
{{end}}</div>
{{end}}{{end}}`))
})

// demoHotspots is the report's hot-spot section: analyze hotspots on the
// extracted sample against specPath (default: the sample's own synthetic
// spec), each hot spot's clause text beside its evidence.
func demoHotspots(dir, specPath string, warn io.Writer) (string, error) {
	sample := filepath.Join(dir, "data", "sample")
	if specPath == "" {
		specPath = filepath.Join(sample, "spec.md")
	}
	sp, err := spec.ReadFile(specPath)
	if err != nil {
		return "", err
	}
	ds, err := dataset.Open(sample)
	if err != nil {
		return "", err
	}
	run, err := runHotspots(ds, sp, hotspotOpts{top: 1, minScore: spec.DefaultMinScore, minCount: 5, evidence: evidenceAuto, bootstrap: 1000}, warn)
	if err != nil {
		return "", err
	}
	return run.html(), nil
}
