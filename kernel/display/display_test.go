package display

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

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
	if svg, _ := out.b[SVGSourceMime].(string); !strings.Contains(svg, "<svg") {
		t.Error("no SVG under " + SVGSourceMime)
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
	// The HTML draws the bar once: the <progress> element, not also the
	// text form's ASCII bar.
	if h := last.b["text/html"].(string); strings.Count(h, "<progress") != 1 || strings.Contains(h, "[=") || !strings.Contains(h, "10/10 (100%)") {
		t.Errorf("the HTML shows the progress other than once: %s", h)
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

// A progress shown through a text sink (a script's output) prints its
// first state, each tenth and its end, not every update.
func TestProgressThroughATextSink(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(1000, "score", TextSink(&out, t.TempDir()), nil, false)
	for range 1000 {
		p.last = time.Time{} // defeat the redraw rate limit: every Add redraws
		p.Add(1)
	}
	p.Done()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 3 || len(lines) > 13 {
		t.Fatalf("%d lines, want about a dozen: %q", len(lines), out.String())
	}
	if !strings.Contains(lines[len(lines)-1], "1000/1000") {
		t.Errorf("last line %q", lines[len(lines)-1])
	}
	if strings.Contains(lines[len(lines)-2], "1000/1000") {
		t.Errorf("the final state is printed twice: %q", lines[len(lines)-2:])
	}
}
