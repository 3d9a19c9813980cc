package plots

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

// checkRenders asserts that f encodes as a PNG of the expected pixel size
// (Width and Height at f's DPI) and as well-formed SVG of the expected size.
func checkRenders(t *testing.T, f *Figure) {
	t.Helper()
	b, err := f.EncodePNG()
	if err != nil {
		t.Fatalf("%s: png: %v", f.Title, err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: decode png: %v", f.Title, err)
	}
	dpi := float64(f.dpi())
	wantW, wantH := int(math.Round(f.Width.Dots(dpi))), int(math.Round(f.Height.Dots(dpi)))
	if got := img.Bounds().Size(); got.X != wantW || got.Y != wantH {
		t.Errorf("%s: png is %v px, want %dx%d", f.Title, got, wantW, wantH)
	}
	s, err := f.EncodeSVG()
	if err != nil {
		t.Fatalf("%s: svg: %v", f.Title, err)
	}
	var doc struct {
		XMLName xml.Name `xml:"svg"`
		Width   string   `xml:"width,attr"`
		Height  string   `xml:"height,attr"`
	}
	if err := xml.Unmarshal([]byte(s), &doc); err != nil {
		t.Fatalf("%s: svg does not parse: %v", f.Title, err)
	}
	for _, dim := range []struct {
		attr string
		want float64
	}{{doc.Width, f.Width.Points()}, {doc.Height, f.Height.Points()}} {
		got, err := strconv.ParseFloat(strings.TrimSuffix(dim.attr, "pt"), 64)
		if err != nil || math.Abs(got-dim.want) > 0.01 {
			t.Errorf("%s: svg size attribute %q, want %gpt", f.Title, dim.attr, dim.want)
		}
	}
}

func TestFigureNotebookWidthIs800Pixels(t *testing.T) {
	f := NewFigure("empty", NotebookWidth, 300)
	b, err := f.EncodePNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != 800 || img.Bounds().Dy() != 400 {
		t.Errorf("notebook figure is %v px, want 800x400", img.Bounds().Size())
	}
}

func TestFigureSaveChoosesFormatByExtension(t *testing.T) {
	dir := t.TempDir()
	f := Bars(BarSpec{Title: "t", Groups: []string{"a", "b"}, Series: []BarSeries{{Name: "s", Values: []float64{1, 2}}}})
	for ext, magic := range map[string]string{".png": "\x89PNG", ".svg": "<?xml", ".jpg": "\xff\xd8", ".PNG": "\x89PNG"} {
		path := filepath.Join(dir, "fig"+ext)
		if err := f.Save(path); err != nil {
			t.Fatalf("save %s: %v", ext, err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte(magic)) {
			t.Errorf("%s starts with %q, want %q", ext, b[:min(8, len(b))], magic)
		}
	}
	err := f.Save(filepath.Join(dir, "fig.pdf"))
	if err == nil || !strings.Contains(err.Error(), ".pdf") {
		t.Errorf("save .pdf: err = %v, want an error naming the extension", err)
	}
}

func TestFigureZeroSizeIsAnErrorNotAPanic(t *testing.T) {
	f := NewFigure("zero", 0, 100)
	if _, err := f.EncodePNG(); err == nil {
		t.Error("EncodePNG of a zero-width figure: no error")
	}
	if f.PNG() != nil || f.SVG() != "" {
		t.Error("PNG/SVG of a zero-width figure should be empty")
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err == nil {
		t.Error("WriteTo of a zero-width figure: no error")
	}
}

func TestFigureWriteToWritesPNG(t *testing.T) {
	f := NewFigure("x", 100, 50)
	var buf bytes.Buffer
	n, err := f.WriteTo(&buf)
	if err != nil || n != int64(buf.Len()) || !bytes.HasPrefix(buf.Bytes(), []byte("\x89PNG")) {
		t.Errorf("WriteTo: n=%d err=%v, %d bytes, want a PNG", n, err, buf.Len())
	}
	if !strings.Contains(f.String(), "133×67 px") {
		t.Errorf("String() = %q, want the pixel size", f.String())
	}
}

func TestColorScaleInterpolatesAndClamps(t *testing.T) {
	s := Blues(0, 1)
	if got := s.At(0); got != s.Stops[0] {
		t.Errorf("At(min) = %v, want first stop", got)
	}
	if got := s.At(1); got != s.Stops[len(s.Stops)-1] {
		t.Errorf("At(max) = %v, want last stop", got)
	}
	if s.At(-5) != s.At(0) || s.At(7) != s.At(1) {
		t.Error("values outside the range are not clamped")
	}
	if s.At(math.NaN()) != s.NaNColor {
		t.Error("NaN does not map to NaNColor")
	}
	// Darker for larger values: luminance decreases along Blues.
	lum := func(v float64) int { c := s.At(v); return int(c.R) + int(c.G) + int(c.B) }
	if !(lum(0.2) > lum(0.5) && lum(0.5) > lum(0.8)) {
		t.Error("Blues does not darken with the value")
	}
}

func TestModelColorsFollowProviders(t *testing.T) {
	all := pipeline.ModelIDs()
	seen := map[[3]uint8]pipeline.ModelID{}
	for _, id := range all {
		c := ModelColor(id, all)
		k := [3]uint8{c.R, c.G, c.B}
		if other, dup := seen[k]; dup {
			t.Errorf("%s and %s share colour %v", id, other, c)
		}
		seen[k] = id
	}
	// A provider's only model gets the provider colour itself.
	if ModelColor(pipeline.Grok4, all) != ProviderColor(pipeline.XAI) {
		t.Error("Grok 4 is not drawn in the xAI colour")
	}
	if ProviderColor("nobody") != ProviderColor(pipeline.Other) {
		t.Error("an unknown provider is not drawn in the Other colour")
	}
}

func TestLongColumnLabelsAreRotated(t *testing.T) {
	p := newPlot("")
	setNominalX(p, []string{"a", "b"}, 100)
	if p.X.Tick.Label.Rotation != 0 {
		t.Error("short labels rotated")
	}
	p = newPlot("")
	setNominalX(p, []string{"Professional advancement", "Emotional depth"}, 30)
	if p.X.Tick.Label.Rotation == 0 {
		t.Error("long labels in narrow slots not rotated")
	}
}

func TestModelLabelsAreShortAndUnique(t *testing.T) {
	got := modelLabels([]pipeline.ModelID{pipeline.ClaudeOpus4, "some_new_model_a", "some_new_model_b"})
	if got[0] != "Opus 4" {
		t.Errorf("label of claude_opus_4 = %q, want Opus 4", got[0])
	}
	if got[1] == got[2] {
		t.Errorf("two unknown models share the label %q", got[1])
	}
}

func fmt2(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func parseFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestNiceTicksAreRoundAndReadable(t *testing.T) {
	var labels []string
	for _, tk := range (niceTicks{}).Ticks(0, 10503) {
		labels = append(labels, tk.Label)
	}
	if got := strings.Join(labels, " "); got != "0 2,000 4,000 6,000 8,000 10,000" {
		t.Errorf("count ticks %q", got)
	}
	labels = labels[:0]
	for _, tk := range (niceTicks{Percent: true}).Ticks(0, 0.16) {
		labels = append(labels, tk.Label)
	}
	if got := strings.Join(labels, " "); got != "0% 5% 10% 15%" {
		t.Errorf("percent ticks %q", got)
	}
	labels = labels[:0]
	for _, tk := range (niceTicks{}).Ticks(0, 3) {
		labels = append(labels, tk.Label)
	}
	if got := strings.Join(labels, " "); got != "0.0 0.5 1.0 1.5 2.0 2.5 3.0" {
		t.Errorf("D ticks %q", got)
	}
}

func TestLongSubtitlesWrapInsideTheFigure(t *testing.T) {
	sty := textStyle(legendSize, false)
	long := strings.Repeat("a long subtitle word ", 20)
	lines := wrap(sty, long, 300)
	if len(lines) < 2 {
		t.Fatalf("a %v-point subtitle is not wrapped at 300 points", sty.Width(long))
	}
	for _, l := range lines {
		if sty.Width(l) > 300 {
			t.Errorf("line %q is %v points wide, want <= 300", l, sty.Width(l))
		}
	}
	if got := strings.Join(lines, " "); got != strings.Join(strings.Fields(long), " ") {
		t.Error("wrapping lost or reordered words")
	}
}

func TestWrapMakesAnyPlotAFigure(t *testing.T) {
	p := newPlot("plain gonum plot")
	p.Add(&Lines{Series: []Series{{Name: "y = x²", X: []float64{0, 1, 2, 3}, Y: []float64{0, 1, 4, 9}}}})
	f := Wrap(p, newPlot("second"))
	if len(f.Panels()) != 2 || f.Columns != 2 {
		t.Fatalf("Wrap of 2 plots: %d panels in %d columns", len(f.Panels()), f.Columns)
	}
	checkRenders(t, f)
}
