package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RefLine is a labelled reference line across the plot: vertical at X when
// Vertical is set, horizontal at Y otherwise (a threshold, a chance level).
type RefLine struct {
	Value    float64
	Vertical bool
	Label    string
	Color    color.Color
}

// Plot implements plot.Plotter.
func (l *RefLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	col := l.Color
	if col == nil {
		col = color.RGBA{0xB2, 0x18, 0x2B, 0xFF}
	}
	sty := draw.LineStyle{Color: col, Width: 1, Dashes: []vg.Length{4, 3}}
	ts := textStyle(annotSize+0.5, false)
	ts.Color = col
	if l.Vertical {
		x := trX(l.Value)
		if !c.ContainsX(x) {
			return
		}
		c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
		ts.XAlign, ts.YAlign = draw.XLeft, draw.YTop
		c.FillText(ts, vg.Point{X: x + 3, Y: c.Max.Y - 2}, l.Label)
		return
	}
	y := trY(l.Value)
	if !c.ContainsY(y) {
		return
	}
	c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	ts.XAlign, ts.YAlign = draw.XRight, draw.YBottom
	c.FillText(ts, vg.Point{X: c.Max.X - 2, Y: y + 2}, l.Label)
}

// Series is a line through points, with a marker at each point and optional
// vertical error whiskers. NaN points break the line.
type Series struct {
	Name   string
	X, Y   []float64
	Err    []float64
	Color  color.Color
	Dashed bool
	// NoMarkers draws the line only (long series).
	NoMarkers bool
}

// Lines draws several series on shared axes.
type Lines struct {
	Series []Series
}

// Plot implements plot.Plotter.
func (ls *Lines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, s := range ls.Series {
		col := s.Color
		if col == nil {
			col = color.Black
		}
		line := draw.LineStyle{Color: col, Width: 1.5}
		if s.Dashed {
			line.Dashes = []vg.Length{5, 3}
		}
		var pts []vg.Point
		flush := func() {
			if len(pts) > 1 {
				c.StrokeLines(line, c.ClipLinesXY(pts)...)
			}
			pts = pts[:0]
		}
		for i := range s.X {
			if i >= len(s.Y) || math.IsNaN(s.Y[i]) || math.IsNaN(s.X[i]) {
				flush()
				continue
			}
			pts = append(pts, vg.Point{X: trX(s.X[i]), Y: trY(s.Y[i])})
		}
		flush()
		whisker := draw.LineStyle{Color: col, Width: 0.8}
		for i := range s.X {
			if i >= len(s.Y) || math.IsNaN(s.Y[i]) {
				continue
			}
			x, y := trX(s.X[i]), trY(s.Y[i])
			if i < len(s.Err) && s.Err[i] > 0 {
				lo, hi := trY(s.Y[i]-s.Err[i]), trY(s.Y[i]+s.Err[i])
				c.StrokeLine2(whisker, x, lo, x, hi)
				c.StrokeLine2(whisker, x-3, lo, x+3, lo)
				c.StrokeLine2(whisker, x-3, hi, x+3, hi)
			}
			if !s.NoMarkers && c.Contains(vg.Point{X: x, Y: y}) {
				c.DrawGlyph(draw.GlyphStyle{Color: col, Radius: 2.5, Shape: draw.CircleGlyph{}}, vg.Point{X: x, Y: y})
			}
		}
	}
}

// DataRange implements plot.DataRanger.
func (ls *Lines) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, s := range ls.Series {
		for i := range s.X {
			if i >= len(s.Y) || math.IsNaN(s.X[i]) || math.IsNaN(s.Y[i]) {
				continue
			}
			e := 0.0
			if i < len(s.Err) && !math.IsNaN(s.Err[i]) {
				e = s.Err[i]
			}
			xmin, xmax = math.Min(xmin, s.X[i]), math.Max(xmax, s.X[i])
			ymin, ymax = math.Min(ymin, s.Y[i]-e), math.Max(ymax, s.Y[i]+e)
		}
	}
	if xmin > xmax {
		return 0, 1, 0, 1
	}
	return xmin, xmax, ymin, ymax
}

// Histogram draws adjacent bars over bin edges: bar i spans
// [Edges[i], Edges[i+1]) with height Counts[i].
type Histogram struct {
	Edges  []float64
	Counts []float64
	Color  color.Color
	// Colors, when set, fills bar i with Colors[i] (e.g. bins above a threshold).
	Colors []color.Color
}

// Plot implements plot.Plotter.
func (h *Histogram) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	outline := draw.LineStyle{Color: color.White, Width: 0.5}
	for i, v := range h.Counts {
		if i+1 >= len(h.Edges) || math.IsNaN(v) || v <= 0 {
			continue
		}
		fill := h.Color
		if i < len(h.Colors) && h.Colors[i] != nil {
			fill = h.Colors[i]
		}
		if fill == nil {
			fill = color.RGBA{0x21, 0x71, 0xB5, 0xFF}
		}
		r := vg.Rectangle{Min: vg.Point{X: trX(h.Edges[i]), Y: trY(0)}, Max: vg.Point{X: trX(h.Edges[i+1]), Y: trY(v)}}
		c.SetColor(fill)
		c.Fill(r.Path())
		strokeRect(c, r, outline)
	}
}

// DataRange implements plot.DataRanger.
func (h *Histogram) DataRange() (xmin, xmax, ymin, ymax float64) {
	if len(h.Edges) < 2 {
		return 0, 1, 0, 1
	}
	ymax = 0
	for _, v := range h.Counts {
		if !math.IsNaN(v) {
			ymax = math.Max(ymax, v)
		}
	}
	if ymax == 0 {
		ymax = 1
	}
	return h.Edges[0], h.Edges[len(h.Edges)-1], 0, ymax * 1.05
}
