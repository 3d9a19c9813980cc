package repl

import (
	"strings"
	"testing"
)

func TestInterpretedTypeRendersThroughItsHTMLMethod(t *testing.T) {
	e := newEngine(t)
	res, _ := mustRun(t, e, "type Report struct{ N int }\nfunc (r Report) HTML() string { return fmt.Sprintf(\"<b>%d</b>\", r.N) }\nReport{7}")
	if got, _ := res.Data["text/html"].(string); got != "<b>7</b>" {
		t.Fatalf("text/html = %q (bundle %v)", got, res.Data)
	}
	if got, _ := res.Data["text/plain"].(string); !strings.Contains(got, "7") || strings.Contains(got, "IValue") {
		t.Fatalf("text/plain = %q, want the value in Go syntax", got)
	}
}

func TestPlotResultIsAnImage(t *testing.T) {
	e := newEngine(t)
	res, _ := mustRun(t, e, `p := plot.New()
p.Title.Text = "bars"
bars, err := plotter.NewBarChart(plotter.Values{1, 3, 2}, vg.Points(20))
if err != nil {
	panic(err)
}
p.Add(bars)
p`)
	png, _ := res.Data["image/png"].(string)
	if len(png) < 100 {
		t.Fatalf("no image/png in %v", keys(res.Data))
	}
}

func TestDataFrameResultIsATable(t *testing.T) {
	e := newEngine(t)
	res, _ := mustRun(t, e, `df := dataframe.LoadRecords([][]string{{"model", "score"}, {"a", "1"}, {"b", "2"}})
df`)
	html, _ := res.Data["text/html"].(string)
	if !strings.Contains(html, "<table") || !strings.Contains(html, "model") {
		t.Fatalf("text/html = %q", html)
	}
}

func TestDisplayCallsReachTheCell(t *testing.T) {
	e := newEngine(t)
	_, out := mustRun(t, e, `display.Markdown("# hello")`)
	if len(out.displays) != 1 || out.displays[0]["text/markdown"] != "# hello" {
		t.Fatalf("displays %v", out.displays)
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestInterpretedXYerPlots(t *testing.T) {
	e := newEngine(t)
	res, _ := mustRun(t, e, `type squares struct{ n int }
func (s squares) Len() int { return s.n }
func (s squares) XY(i int) (float64, float64) { return float64(i), float64(i * i) }
p := plot.New()
sc, err := plotter.NewScatter(squares{5})
if err != nil {
	panic(err)
}
p.Add(sc)
p`)
	if png, _ := res.Data["image/png"].(string); len(png) < 100 {
		t.Fatalf("no image/png in %v", keys(res.Data))
	}
}

// Notebook code may install its own sink. The interpreted type must reach
// yaegi's wrapper of display.Sink, which exists only because display (and
// not only the engine package it shares Bundle with) declares the
// interface; an alias to an interface of a package without a symbol table
// made yaegi crash compiling this cell.
func TestInterpretedTypeIsADisplaySink(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, `type counter struct{ shown []string }
func (c *counter) Display(b display.Bundle, meta map[string]any, id string, update bool) {
	c.shown = append(c.shown, b.Text())
}
func (c *counter) Clear(wait bool) {}`)
	res, out := mustRun(t, e, `c := &counter{}
restore := display.SetSink(c)
display.Markdown("# one")
display.Show(2)
restore()
strings.Join(c.shown, "|")`)
	if got := text(res); got != `"# one|2"` {
		t.Errorf("the interpreted sink saw %s, want \"# one|2\"", got)
	}
	if len(out.displays) != 0 {
		t.Errorf("displays reached the cell's output past the installed sink: %v", out.displays)
	}
}
