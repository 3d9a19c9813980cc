package display

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"strconv"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

func TestTableOfDataFrame(t *testing.T) {
	n := make([]int, 100)
	name := make([]string, 100)
	for i := range n {
		n[i] = i * 10
		name[i] = "row" + string(rune('A'+i%26))
	}
	df := dataframe.New(series.New(n, series.Int, "n"), series.New(name, series.String, "name"))
	r := record(t)
	Table(df)
	b := r.last(t).b
	html, _ := b["text/html"].(string)
	text := b.Text()
	for _, s := range []string{html, text} {
		if !strings.Contains(s, "100 rows × 2 columns") {
			t.Errorf("shape missing from %.200q", s)
		}
		if !strings.Contains(s, "90") || !strings.Contains(s, "990") {
			t.Error("first or last rows missing")
		}
		if strings.Contains(s, "500") {
			t.Error("a middle row is shown: the table is not truncated")
		}
		if !strings.Contains(s, "…") {
			t.Error("no ellipsis row")
		}
	}
	if !strings.Contains(html, "<th>name</th>") || !strings.Contains(html, "<i>int</i>") {
		t.Error("header or column types missing from the HTML")
	}
	if got := Render(&df); got["text/html"] != html {
		t.Error("Render of a *DataFrame differs from Table")
	}
}

func TestTableOfRows(t *testing.T) {
	r := record(t)
	Table([][]string{{"model", "score"}, {"a<b", "1"}})
	html := r.last(t).b["text/html"].(string)
	if !strings.Contains(html, "<th>model</th>") || !strings.Contains(html, `<td style="text-align: left">a&lt;b</td>`) ||
		!strings.Contains(html, `<td style="text-align: right">1</td>`) {
		t.Errorf("rows table: %s", html)
	}
	type rec struct {
		Model string
		Score float64
		note  string
	}
	Table([]rec{{"x", 0.5, "hidden"}})
	text := r.last(t).b.Text()
	if !strings.Contains(text, "Model") || !strings.Contains(text, "0.5") || strings.Contains(text, "hidden") {
		t.Errorf("struct table: %q", text)
	}
	Table([]map[string]any{{"a": 1}, {"b": "two"}})
	if text := r.last(t).b.Text(); !strings.Contains(text, "two") || !strings.Contains(text, "2 rows × 2 columns") {
		t.Errorf("map table: %q", text)
	}
	Table(42)
	if r.last(t).b.Text() != "42" {
		t.Errorf("a non-table falls back to Show: %q", r.last(t).b.Text())
	}
}

type htmlThing struct{}

func (htmlThing) HTML() string   { return "<i>x</i>" }
func (htmlThing) String() string { return "x" }

type mdThing struct{}

func (mdThing) Markdown() string { return "*x*" }

type figure struct{}

func (figure) PNG() []byte {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 2, 2)))
	return buf.Bytes()
}
func (figure) SVG() string { return "<svg/>" }

type svgThing struct{}

func (svgThing) SVG() string { return "<svg/>" }

// TestFigureBundleShowsPNGEverywhere pins the mime choice for figures:
// renderers that put image/svg+xml first (nbconvert's HTML export, which
// then sanitises the SVG away) must find no SVG under that type when a PNG
// is there, and the SVG must still travel with the bundle.
func TestFigureBundleShowsPNGEverywhere(t *testing.T) {
	for name, v := range map[string]any{"figure": figure{}, "plot": testPlot(t)} {
		b := Render(v)
		if _, ok := b["image/svg+xml"]; ok {
			t.Errorf("%s: bundle has image/svg+xml beside image/png; nbconvert would show a blank figure", name)
		}
		if _, ok := b.Bytes("image/png"); !ok {
			t.Errorf("%s: no image/png", name)
		}
		if svg, ok := b.Bytes(SVGSourceMime); !ok || !strings.Contains(string(svg), "<svg") {
			t.Errorf("%s: SVG not kept under %s", name, SVGSourceMime)
		}
	}
}

type panicky struct{}

func (panicky) HTML() string { panic("boom") }

type stringer struct{ n int }

func (s stringer) String() string { return "stringer" }

func TestRenderByType(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 3, 3))
	cases := []struct {
		name  string
		v     any
		mimes []string
		text  string
	}{
		{"nil", nil, nil, "nil"},
		{"string", "hi\n", nil, `"hi\n"`},
		{"int", 42, nil, "42"},
		{"float", 2.5, nil, "2.5"},
		{"slice", []int{1, 2}, nil, "[]int{1, 2}"},
		{"map", map[string]int{"b": 2, "a": 1}, nil, `map[string]int{"a": 1, "b": 2}`},
		{"struct", struct{ A int }{1}, nil, "struct { A int }{A: 1}"},
		{"error", errors.New("bad"), nil, "bad"},
		{"stringer", stringer{1}, nil, "stringer"},
		{"html", htmlThing{}, []string{"text/html"}, "x"},
		{"markdown", mdThing{}, []string{"text/markdown"}, "*x*"},
		{"figure", figure{}, []string{"image/png", SVGSourceMime}, ""},
		{"svg only", svgThing{}, []string{"image/svg+xml"}, ""},
		{"image", img, []string{"image/png"}, "<png image 3x3>"},
		{"plot", testPlot(t), []string{"image/png", SVGSourceMime}, "<plot: bars>"},
		{"bundle", Bundle{"text/html": "<p>"}, []string{"text/html"}, "<text/html>"},
		{"nil pointer", (*htmlThing)(nil), nil, "(*display.htmlThing)(nil)"},
		{"panicking method", panicky{}, nil, "rendering panicked: boom"},
	}
	for _, c := range cases {
		b := Render(c.v)
		if _, ok := b["text/plain"]; !ok {
			t.Errorf("%s: no text/plain", c.name)
		}
		for _, m := range c.mimes {
			if _, ok := b[m]; !ok {
				t.Errorf("%s: no %s in %v", c.name, m, keys(b))
			}
		}
		if c.text != "" && !strings.Contains(b.Text(), c.text) {
			t.Errorf("%s: text/plain = %q, want %q", c.name, b.Text(), c.text)
		}
	}
}

func keys(b Bundle) []string {
	var k []string
	for m := range b {
		k = append(k, m)
	}
	return k
}

type node struct {
	Name string
	Next *node
}

func TestGoSyntax(t *testing.T) {
	n := &node{Name: "a"}
	n.Next = n
	if got := GoSyntax(n); !strings.Contains(got, "cycle") {
		t.Errorf("a cycle is not cut: %q", got)
	}
	long := make([]int, 1000)
	if got := GoSyntax(long); !strings.Contains(got, "950 more of 1000") {
		t.Errorf("a long slice is not elided: %.100q", got)
	}
	big := strings.Repeat("x", 20000)
	if got := GoSyntax([]string{big}); len(got) > maxTextLen+100 {
		t.Errorf("output of %d bytes is not capped", len(got))
	}
	type pair struct {
		K string
		V []float64
	}
	if got := GoSyntax(pair{"k", []float64{1.5}}); got != `display.pair{K: "k", V: []float64{1.5}}` {
		t.Errorf("GoSyntax(pair) = %q", got)
	}
	if got := GoSyntax([]pair{{"a", nil}, {"b", []float64{}}}); got != `[]display.pair{{K: "a", V: []float64(nil)}, {K: "b", V: []float64{}}}` {
		t.Errorf("element types are not elided: %q", got)
	}
	if got := GoSyntax(map[string][]int{"x": {1}}); got != `map[string][]int{"x": {1}}` {
		t.Errorf("map value types are not elided: %q", got)
	}
	if got := GoSyntax([]any{pair{"a", nil}}); got != `[]interface {}{display.pair{K: "a", V: []float64(nil)}}` {
		t.Errorf("types behind an interface must stay: %q", got)
	}
	if got := GoSyntax(map[int]string{2: "b", 10: "j", 1: "a"}); got != `map[int]string{1: "a", 2: "b", 10: "j"}` {
		t.Errorf("map keys not in numeric order: %q", got)
	}
}

func TestWideTablesAreTruncated(t *testing.T) {
	header := make([]string, 30)
	row := make([]string, 30)
	for j := range header {
		header[j] = "col" + strconv.Itoa(j)
		row[j] = strings.Repeat("v", 100)
	}
	g, _ := tableOf([][]string{header, row})
	html, text := g.html(), g.text()
	for _, c := range []string{"col0", "col9", "col20", "col29"} {
		if !strings.Contains(html, "<th>"+c+"</th>") || !strings.Contains(text, c) {
			t.Errorf("the first and last 10 columns are shown: %s missing", c)
		}
	}
	for _, c := range []string{"col10", "col19"} {
		if strings.Contains(html, "<th>"+c+"</th>") || strings.Contains(text, c) {
			t.Errorf("a middle column %s is shown: a 30-column table is not truncated to 20", c)
		}
	}
	if !strings.Contains(html, "1 row × 30 columns") {
		t.Error("the shape does not count the hidden columns")
	}
	if strings.Contains(text, strings.Repeat("v", 51)) || !strings.Contains(text, "…") {
		t.Error("long cells are not clipped")
	}
}
