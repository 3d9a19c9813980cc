package display

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Default plot size and resolution: 7x4.5 inches at 96 dpi is 672x432
// pixels, about the width of a notebook's output area.
const (
	DefaultPlotWidth  = 7 * vg.Inch
	DefaultPlotHeight = 4.5 * vg.Inch
	plotDPI           = 96
)

// Plot displays p as a PNG, with its SVG kept under SVGSourceMime (see
// figureBundle). The optional size is width then height
// (vg.Inch, vg.Centimeter, ...); missing or non-positive values take the
// defaults.
func Plot(p *plot.Plot, size ...vg.Length) {
	w, h := plotSize(size)
	b, meta := plotBundle(p, w, h)
	Publish(b, meta, "", false)
}

// PlotPNG renders p to PNG bytes at the given size (defaults for
// non-positive values).
func PlotPNG(p *plot.Plot, w, h vg.Length) (data []byte, err error) {
	if p == nil {
		return nil, fmt.Errorf("plot png: nil plot")
	}
	w, h = plotSize([]vg.Length{w, h})
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plot png: drawing panicked: %v", r)
		}
	}()
	// An opaque background keeps black axes readable on dark notebook themes.
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(plotDPI), vgimg.UseBackgroundColor(color.White))
	p.Draw(draw.New(c))
	// Encoding for speed rather than size: a notebook re-renders often,
	// and plots' flat colours compress well at any level.
	data, err = encodePNG(c.Image())
	if err != nil {
		return nil, fmt.Errorf("plot png: %w", err)
	}
	return data, nil
}

// PlotSVG renders p to an SVG document at the given size (defaults for
// non-positive values). Fonts are referenced, not embedded, to keep
// notebooks small.
func PlotSVG(p *plot.Plot, w, h vg.Length) (svg string, err error) {
	if p == nil {
		return "", fmt.Errorf("plot svg: nil plot")
	}
	w, h = plotSize([]vg.Length{w, h})
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plot svg: drawing panicked: %v", r)
		}
	}()
	c := vgsvg.New(w, h)
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", fmt.Errorf("plot svg: %w", err)
	}
	return buf.String(), nil
}

func plotSize(size []vg.Length) (w, h vg.Length) {
	w, h = DefaultPlotWidth, DefaultPlotHeight
	if len(size) > 0 && size[0] > 0 {
		w = size[0]
	}
	if len(size) > 1 && size[1] > 0 {
		h = size[1]
	}
	return w, h
}

// plotBundle renders p as a figure bundle (see figureBundle), or as an
// error text when drawing fails.
func plotBundle(p *plot.Plot, w, h vg.Length) (Bundle, map[string]any) {
	pngData, err := PlotPNG(p, w, h)
	if err != nil {
		return Bundle{"text/plain": err.Error()}, nil
	}
	b := Bundle{"image/png": base64.StdEncoding.EncodeToString(pngData)}
	if svg, err := PlotSVG(p, w, h); err == nil {
		b[SVGSourceMime] = svg
	}
	title := "plot"
	if p.Title.Text != "" {
		title = "plot: " + p.Title.Text
	}
	b["text/plain"] = "<" + title + ">"
	px := func(l vg.Length) int { return int(l.Dots(plotDPI) + 0.5) }
	meta := map[string]any{"image/png": map[string]any{"width": px(w), "height": px(h)}}
	return b, meta
}
