package display

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// recorder is a Sink that keeps what it is given.
type recorder struct {
	mu      sync.Mutex
	outputs []output
	clears  []bool
}

type output struct {
	b      Bundle
	meta   map[string]any
	id     string
	update bool
}

func (r *recorder) Display(b Bundle, meta map[string]any, id string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.outputs = append(r.outputs, output{b, meta, id, update})
}

func (r *recorder) Clear(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clears = append(r.clears, wait)
}

// record installs a recorder for the duration of the test.
func record(t *testing.T) *recorder {
	r := &recorder{}
	restore := SetSink(r)
	t.Cleanup(restore)
	return r
}

func (r *recorder) last(t *testing.T) output {
	t.Helper()
	if len(r.outputs) == 0 {
		t.Fatal("nothing displayed")
	}
	return r.outputs[len(r.outputs)-1]
}

func TestSetSinkRestoresThePreviousSink(t *testing.T) {
	outer := &recorder{}
	restoreOuter := SetSink(outer)
	defer restoreOuter()
	inner := &recorder{}
	restore := SetSink(inner)
	Markdown("inner")
	restore()
	restore() // a second call must not undo a later SetSink
	Markdown("outer")
	if len(inner.outputs) != 1 || len(outer.outputs) != 1 {
		t.Fatalf("inner got %d outputs, outer %d; want 1 and 1", len(inner.outputs), len(outer.outputs))
	}
	if !HasSink() {
		t.Error("HasSink is false with a sink installed")
	}
}

func TestMimeFunctions(t *testing.T) {
	r := record(t)
	cases := []struct {
		show func()
		mime string
		want string
	}{
		{func() { Markdown("# Title") }, "text/markdown", "# Title"},
		{func() { HTML("<b>bold</b>") }, "text/html", "<b>bold</b>"},
		{func() { SVG("<svg></svg>") }, "image/svg+xml", "<svg></svg>"},
		{func() { LaTeX(`\alpha + \beta`) }, "text/latex", `$$\alpha + \beta$$`},
		{func() { LaTeX(`$x$`) }, "text/latex", `$x$`},
	}
	for _, c := range cases {
		c.show()
		out := r.last(t)
		if got := out.b[c.mime]; got != c.want {
			t.Errorf("%s = %q, want %q", c.mime, got, c.want)
		}
		if out.b.Text() == "" {
			t.Errorf("%s display has no text/plain", c.mime)
		}
	}
	if got := r.outputs[1].b.Text(); got != "bold" {
		t.Errorf("HTML text/plain = %q, want the text without tags", got)
	}
}

func TestImages(t *testing.T) {
	r := record(t)
	img := image.NewRGBA(image.Rect(0, 0, 30, 20))
	img.Set(1, 1, color.RGBA{255, 0, 0, 255})
	Image(img)
	out := r.last(t)
	data, ok := out.b.Bytes("image/png")
	if !ok {
		t.Fatal("Image did not produce image/png")
	}
	got, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("image/png does not decode: %v", err)
	}
	if got.Bounds() != img.Bounds() {
		t.Errorf("decoded bounds %v, want %v", got.Bounds(), img.Bounds())
	}
	if m := out.meta["image/png"].(map[string]any); m["width"] != 30 || m["height"] != 20 {
		t.Errorf("metadata %v, want width 30 height 20", m)
	}
	PNG(data)
	if d, _ := r.last(t).b.Bytes("image/png"); !bytes.Equal(d, data) {
		t.Error("PNG did not pass its bytes through")
	}
	JPEG([]byte("not a jpeg"))
	if got := r.last(t).b.Text(); !strings.Contains(got, "10 bytes") {
		t.Errorf("undecodable JPEG text = %q", got)
	}
}

func TestJSON(t *testing.T) {
	r := record(t)
	JSON(map[string]int{"b": 2, "a": 1})
	out := r.last(t)
	if m, ok := out.b["application/json"].(map[string]any); !ok || m["a"] != 1.0 {
		t.Errorf("application/json = %#v", out.b["application/json"])
	}
	JSON(3)
	if m, ok := r.last(t).b["application/json"].(map[string]any); !ok || m["value"] != 3.0 {
		t.Errorf("a scalar is not wrapped in an object: %#v", r.last(t).b["application/json"])
	}
	JSON(make(chan int))
	if _, ok := r.last(t).b["application/json"]; ok || !strings.Contains(r.last(t).b.Text(), "display.JSON") {
		t.Errorf("an unmarshalable value: %#v", r.last(t).b)
	}
}

func testPlot(t testing.TB) *plot.Plot {
	p := plot.New()
	p.Title.Text = "bars"
	bars, err := plotter.NewBarChart(plotter.Values{1, 3, 2}, vg.Points(20))
	if err != nil {
		t.Fatal(err)
	}
	p.Add(bars)
	return p
}

func TestPlot(t *testing.T) {
	r := record(t)
	Plot(testPlot(t), 4*vg.Inch, 3*vg.Inch)
	out := r.last(t)
	data, ok := out.b.Bytes("image/png")
	if !ok {
		t.Fatal("no image/png")
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != 384 || cfg.Height != 288 {
		t.Errorf("4x3 inch plot is %dx%d px, want 384x288 at 96 dpi", cfg.Width, cfg.Height)
	}
	if svg, _ := out.b["image/svg+xml"].(string); !strings.Contains(svg, "<svg") {
		t.Error("no image/svg+xml")
	}
	if out.b.Text() != "<plot: bars>" {
		t.Errorf("text/plain = %q", out.b.Text())
	}
	Plot(nil)
	if !strings.Contains(r.last(t).b.Text(), "nil plot") {
		t.Errorf("nil plot: %q", r.last(t).b.Text())
	}
}

func TestUpdateAndClear(t *testing.T) {
	r := record(t)
	id := NewID()
	if id == NewID() {
		t.Fatal("NewID repeats")
	}
	ShowID(id, "step 1")
	Update(id, "step 2")
	ClearOutput(true)
	if len(r.outputs) != 2 {
		t.Fatalf("%d outputs, want 2", len(r.outputs))
	}
	first, second := r.outputs[0], r.outputs[1]
	if first.id != id || first.update || second.id != id || !second.update {
		t.Errorf("ids/updates: %q %v, %q %v", first.id, first.update, second.id, second.update)
	}
	if second.b.Text() != `"step 2"` {
		t.Errorf("updated text = %q", second.b.Text())
	}
	if len(r.clears) != 1 || !r.clears[0] {
		t.Errorf("clears = %v, want [true]", r.clears)
	}
}

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
	if !strings.Contains(html, "<th>model</th>") || !strings.Contains(html, "<td>a&lt;b</td>") {
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
		{"figure", figure{}, []string{"image/png", "image/svg+xml"}, ""},
		{"image", img, []string{"image/png"}, "<png image 3x3>"},
		{"plot", testPlot(t), []string{"image/png", "image/svg+xml"}, "<plot: bars>"},
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
	if got := GoSyntax(map[int]string{2: "b", 10: "j", 1: "a"}); got != `map[int]string{1: "a", 2: "b", 10: "j"}` {
		t.Errorf("map keys not in numeric order: %q", got)
	}
}

func TestTextSinkWritesImagesToFiles(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	s := TextSink(&out, dir)
	b, meta := RenderMeta(testPlot(t))
	s.Display(b, meta, "", false)
	s.Display(Bundle{"text/plain": "hello", "text/html": "<b>hello</b>"}, nil, "", false)
	s.Clear(false)
	files, _ := filepath.Glob(filepath.Join(dir, "display-*.png"))
	if len(files) != 1 {
		t.Fatalf("%d png files, want 1", len(files))
	}
	if !strings.Contains(out.String(), files[0]) || !strings.Contains(out.String(), "hello\n") {
		t.Errorf("output %q does not name %s and show the text", out.String(), files[0])
	}
}

func TestNoSinkFallsBack(t *testing.T) {
	t.Setenv("SPECSTRESS_DISPLAY_DIR", t.TempDir())
	restore := SetSink(nil)
	defer restore()
	stdout := os.Stdout
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout = w
	Plot(testPlot(t))
	Markdown("note")
	ClearOutput(false)
	os.Stdout = stdout
	w.Close()
	var got bytes.Buffer
	got.ReadFrom(r)
	if !strings.Contains(got.String(), OutputDir()) || !strings.Contains(got.String(), "note") {
		t.Errorf("fallback output %q", got.String())
	}
}

func TestProgressOnASink(t *testing.T) {
	r := &recorder{}
	p := newProgress(10, "scoring", r, nil, false)
	for range 10 {
		p.Add(1)
	}
	p.Done()
	p.Done()
	p.Add(1) // after Done: ignored
	if len(r.outputs) < 2 {
		t.Fatalf("%d displays, want at least the first and the last", len(r.outputs))
	}
	first, last := r.outputs[0], r.outputs[len(r.outputs)-1]
	if first.update || !last.update || first.id != last.id || first.id == "" {
		t.Errorf("first %q update=%v, last %q update=%v", first.id, first.update, last.id, last.update)
	}
	if !strings.Contains(last.b.Text(), "10/10 (100%)") || !strings.Contains(last.b["text/html"].(string), "<progress") {
		t.Errorf("last state: %v", last.b)
	}
}

func TestProgressOnAPlainWriter(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(100, "fetch", nil, &out, false)
	for range 100 {
		p.Add(1)
	}
	p.Done()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 2 || len(lines) > 13 {
		t.Errorf("%d lines, want a few (start, 10%% steps, end): %q", len(lines), out.String())
	}
	if !strings.Contains(lines[len(lines)-1], "100/100") {
		t.Errorf("last line %q", lines[len(lines)-1])
	}
	var tty bytes.Buffer
	q := newProgress(0, "open-ended", nil, &tty, true)
	q.Set(5)
	q.Done()
	if !strings.HasPrefix(tty.String(), "\ropen-ended 0") || !strings.HasSuffix(tty.String(), "\n") {
		t.Errorf("terminal output %q", tty.String())
	}
}

// Goroutines of a cell may display and advance a progress concurrently
// (run with -race).
func TestConcurrentDisplays(t *testing.T) {
	r := record(t)
	p := NewProgress(400, "work")
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 100 {
				p.Add(1)
				if k%25 == 0 {
					Markdown(fmt.Sprintf("g%d k%d", g, k))
				}
			}
		}()
	}
	wg.Wait()
	p.Done()
	markdown := 0
	for _, o := range r.outputs {
		if _, ok := o.b["text/markdown"]; ok {
			markdown++
		}
	}
	if markdown != 16 {
		t.Errorf("%d markdown outputs, want 16", markdown)
	}
	if got := p.String(); !strings.Contains(got, "400/400") {
		t.Errorf("progress %q", got)
	}
}

func TestPlotBackgroundIsOpaque(t *testing.T) {
	data, err := PlotPNG(testPlot(t), 2*vg.Inch, 2*vg.Inch)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, a := img.At(0, 0).RGBA(); a != 0xffff {
		t.Errorf("corner alpha %#x: a transparent plot is unreadable on dark themes", a)
	}
}
