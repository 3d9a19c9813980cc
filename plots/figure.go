package plots

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Figure is one finished figure: a title, one or more panels (gonum plots)
// laid out in a grid, an optional legend strip under the title and an
// optional colour bar on the right, at a fixed size. It renders as PNG and
// SVG and carries the numbers it draws (Data).
type Figure struct {
	// Title is drawn bold across the top; Subtitle, in grey below it, says
	// what the numbers are (population, n, aggregation).
	Title, Subtitle string
	// Width and Height are the size in points (1/72 inch).
	Width, Height vg.Length
	// DPI is the PNG resolution; 0 means DefaultDPI.
	DPI int
	// Columns is the number of panels per row; 0 means all in one row.
	Columns int

	panels   []*plot.Plot
	legend   []LegendEntry
	colorBar *ColorBar
	tables   []Table
	// topPad reserves space above the panels for marks drawn outside a
	// plot's data area (labelStrips).
	topPad vg.Length
}

// NewFigure returns an empty figure of the given size in points.
func NewFigure(title string, width, height vg.Length) *Figure {
	return &Figure{Title: title, Width: width, Height: height}
}

// Wrap puts plain gonum plots into a notebook-width figure, side by side
// (one row of up to three, then more rows), so any *plot.Plot a cell builds
// gets the same PNG/SVG/Save methods as the paper's figures.
func Wrap(ps ...*plot.Plot) *Figure {
	cols := min(max(len(ps), 1), 3)
	rows := (len(ps) + cols - 1) / cols
	rowH := vg.Length(360)
	if cols == 3 {
		rowH = 260
	}
	f := NewFigure("", NotebookWidth, rowH*vg.Length(max(rows, 1)))
	f.Columns = cols
	for _, p := range ps {
		f.AddPanel(p)
	}
	return f
}

// AddPanel appends a plot to the figure's grid and returns it.
func (f *Figure) AddPanel(p *plot.Plot) *plot.Plot {
	f.panels = append(f.panels, p)
	return p
}

// Panels returns the figure's plots, for further styling.
func (f *Figure) Panels() []*plot.Plot { return append([]*plot.Plot(nil), f.panels...) }

// AddLegend appends entries to the legend strip under the title.
func (f *Figure) AddLegend(entries ...LegendEntry) { f.legend = append(f.legend, entries...) }

// Legend returns the legend entries.
func (f *Figure) Legend() []LegendEntry { return append([]LegendEntry(nil), f.legend...) }

// SetColorBar draws a colour bar for scale on the right of the figure.
func (f *Figure) SetColorBar(cb ColorBar) { f.colorBar = &cb }

// AddData records the numbers behind a panel.
func (f *Figure) AddData(t Table) { f.tables = append(f.tables, t) }

// Data returns the numbers the figure draws, one table per panel or layer.
func (f *Figure) Data() []Table { return append([]Table(nil), f.tables...) }

// Table returns the data table with the given name.
func (f *Figure) Table(name string) (Table, bool) {
	for _, t := range f.tables {
		if t.Name == name {
			return t, true
		}
	}
	return Table{}, false
}

// String describes the figure in one line (the text/plain form of a
// figure shown in a notebook).
func (f *Figure) String() string {
	dpi := f.dpi()
	return fmt.Sprintf("Figure %q (%d×%d px, %d panel(s))", f.Title,
		int(f.Width.Dots(float64(dpi))+0.5), int(f.Height.Dots(float64(dpi))+0.5), len(f.panels))
}

func (f *Figure) dpi() int {
	if f.DPI <= 0 {
		return DefaultDPI
	}
	return f.DPI
}

// Draw draws the whole figure on c.
func (f *Figure) Draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	area := c
	area.Max.Y -= 6
	title := textStyle(titleSize, true)
	sub := textStyle(legendSize, false)
	sub.Color = color.Gray{Y: 80}
	for _, t := range []struct {
		text string
		sty  text.Style
	}{{f.Title, title}, {f.Subtitle, sub}} {
		if t.text == "" {
			continue
		}
		t.sty.YAlign = draw.YTop
		for _, line := range wrap(t.sty, t.text, area.Max.X-area.Min.X-16) {
			area.FillText(t.sty, vg.Point{X: area.Center().X, Y: area.Max.Y}, line)
			area.Max.Y -= t.sty.Height(line) + 1
		}
		area.Max.Y -= 2
	}
	if len(f.legend) > 0 {
		area.Max.Y -= drawLegend(area, f.legend) + 4
	}
	area.Max.Y -= f.topPad
	area.Min.X += 4
	area.Max.X -= 8
	area.Min.Y += 4
	var cbArea draw.Canvas
	if f.colorBar != nil {
		cbArea = area
		cbArea.Min.X = area.Max.X - f.colorBar.width()
		area.Max.X = cbArea.Min.X - 6
	}
	if len(f.panels) == 0 {
		return
	}
	cols := f.Columns
	if cols <= 0 || cols > len(f.panels) {
		cols = len(f.panels)
	}
	rows := (len(f.panels) + cols - 1) / cols
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: 12, PadY: 12}
	for i, p := range f.panels {
		tile := tiles.At(area, i%cols, i/cols)
		p.Draw(tile)
		if i == 0 && f.colorBar != nil {
			// Align the bar with the first panel's data area so its ends
			// line up with the cells it explains.
			dc := p.DataCanvas(tile)
			cbArea.Min.Y, cbArea.Max.Y = dc.Min.Y, dc.Max.Y
		}
	}
	if f.colorBar != nil {
		f.colorBar.draw(cbArea)
	}
}

// EncodePNG renders the figure as a PNG image.
func (f *Figure) EncodePNG() ([]byte, error) {
	if err := f.checkSize(); err != nil {
		return nil, err
	}
	c := vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(f.dpi()))
	f.Draw(draw.New(c))
	var buf bytes.Buffer
	// BestSpeed: deflate dominated rendering time at default compression,
	// and flat-colour figures compress well either way.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, c.Image()); err != nil {
		return nil, fmt.Errorf("figure %q: encode png: %w", f.Title, err)
	}
	return buf.Bytes(), nil
}

// EncodeSVG renders the figure as an SVG document.
func (f *Figure) EncodeSVG() (string, error) {
	if err := f.checkSize(); err != nil {
		return "", err
	}
	c := vgsvg.New(f.Width, f.Height)
	f.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", fmt.Errorf("figure %q: encode svg: %w", f.Title, err)
	}
	return buf.String(), nil
}

// PNG returns the figure as PNG bytes, or nil when it cannot be rendered
// (a zero size); notebooks show PNG images through this method.
func (f *Figure) PNG() []byte {
	b, err := f.EncodePNG()
	if err != nil {
		return nil
	}
	return b
}

// SVG returns the figure as an SVG document, or "" when it cannot be
// rendered; notebooks show SVG images through this method.
func (f *Figure) SVG() string {
	s, err := f.EncodeSVG()
	if err != nil {
		return ""
	}
	return s
}

// WriteTo writes the figure as PNG to w.
func (f *Figure) WriteTo(w io.Writer) (int64, error) {
	b, err := f.EncodePNG()
	if err != nil {
		return 0, err
	}
	n, err := w.Write(b)
	return int64(n), err
}

// Save writes the figure to path in the format its extension names: .png,
// .svg, .jpg/.jpeg or .tif/.tiff. (PDF is left out: gonum/plot's PDF canvas
// cannot embed the bold face the titles use.)
func (f *Figure) Save(path string) error {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	var data []byte
	switch ext {
	case "png":
		b, err := f.EncodePNG()
		if err != nil {
			return fmt.Errorf("save %s: %w", path, err)
		}
		data = b
	case "svg":
		s, err := f.EncodeSVG()
		if err != nil {
			return fmt.Errorf("save %s: %w", path, err)
		}
		data = []byte(s)
	case "jpg", "jpeg", "tif", "tiff":
		if err := f.checkSize(); err != nil {
			return fmt.Errorf("save %s: %w", path, err)
		}
		c, err := draw.NewFormattedCanvas(f.Width, f.Height, ext)
		if err != nil {
			return fmt.Errorf("save %s: %w", path, err)
		}
		f.Draw(draw.New(c))
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			return fmt.Errorf("save %s: encode %s: %w", path, ext, err)
		}
		data = buf.Bytes()
	default:
		return fmt.Errorf("save %s: unknown image format %q (want .png, .svg, .jpg or .tif)", path, filepath.Ext(path))
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	return nil
}

func (f *Figure) checkSize() error {
	if f.Width <= 0 || f.Height <= 0 {
		return fmt.Errorf("figure %q: size %v×%v: width and height must be positive", f.Title, f.Width, f.Height)
	}
	return nil
}

// wrap breaks text into lines no wider than width at spaces, so long titles
// and subtitles stay inside the figure instead of being clipped.
func wrap(sty text.Style, s string, width vg.Length) []string {
	words := strings.Fields(s)
	var lines []string
	cur := ""
	for _, w := range words {
		next := w
		if cur != "" {
			next = cur + " " + w
		}
		if cur != "" && sty.Width(next) > width {
			lines = append(lines, cur)
			cur = w
			continue
		}
		cur = next
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}
