package plots

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// LegendEntry is one item of a figure's legend strip: a colour swatch (or a
// line sample when Line is set) and its label.
type LegendEntry struct {
	Label string
	Color color.Color
	Line  bool
}

const (
	swatch    vg.Length = 9  // side of a legend colour square
	legendGap vg.Length = 12 // space between two entries
)

// drawLegend draws entries centred in rows across the top of c, wrapping
// when a row is full, and returns the height used. A legend above the plot
// never hides data, unlike one drawn inside the axes.
func drawLegend(c draw.Canvas, entries []LegendEntry) vg.Length {
	sty := textStyle(legendSize, false)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	rowH := max(sty.Height("M"), swatch) + 3
	width := func(e LegendEntry) vg.Length { return swatch + 3 + sty.Width(e.Label) }
	avail := c.Max.X - c.Min.X - 8

	var rows [][]LegendEntry
	var cur []LegendEntry
	var curW vg.Length
	for _, e := range entries {
		w := width(e)
		if len(cur) > 0 && curW+legendGap+w > avail {
			rows = append(rows, cur)
			cur, curW = nil, 0
		}
		if len(cur) > 0 {
			curW += legendGap
		}
		cur = append(cur, e)
		curW += w
	}
	if len(cur) > 0 {
		rows = append(rows, cur)
	}

	y := c.Max.Y - rowH/2
	for _, row := range rows {
		total := vg.Length(0)
		for i, e := range row {
			if i > 0 {
				total += legendGap
			}
			total += width(e)
		}
		x := c.Center().X - total/2
		for _, e := range row {
			drawSwatch(c, e, vg.Point{X: x, Y: y})
			c.FillText(sty, vg.Point{X: x + swatch + 3, Y: y}, e.Label)
			x += width(e) + legendGap
		}
		y -= rowH
	}
	return rowH * vg.Length(len(rows))
}

func drawSwatch(c draw.Canvas, e LegendEntry, left vg.Point) {
	if e.Line {
		c.StrokeLine2(draw.LineStyle{Color: e.Color, Width: 2}, left.X, left.Y, left.X+swatch, left.Y)
		return
	}
	r := vg.Rectangle{Min: vg.Point{X: left.X, Y: left.Y - swatch/2}, Max: vg.Point{X: left.X + swatch, Y: left.Y + swatch/2}}
	c.SetColor(e.Color)
	c.Fill(r.Path())
	strokeRect(c, r, draw.LineStyle{Color: color.Gray{Y: 90}, Width: 0.3})
}

// ColorBar explains a colour scale: a vertical gradient with ticks, drawn on
// the right of a figure.
type ColorBar struct {
	Scale ColorScale
	// Label titles the bar (rotated, beside it), e.g. "share of mentions (%)".
	Label string
	// Percent formats tick values v as 100·v with a % sign.
	Percent bool
}

func (cb *ColorBar) width() vg.Length {
	sty := textStyle(tickSize, false)
	w := vg.Length(12) + 4 + sty.Width("100%")
	for _, t := range cb.ticks() {
		w = max(w, 16+sty.Width(t.Label))
	}
	if cb.Label != "" {
		w += textStyle(labelSize, false).Height(cb.Label) + 4
	}
	return w
}

func (cb *ColorBar) ticks() []plot.Tick {
	lo, hi := cb.Scale.Min, cb.Scale.Max
	var ts []plot.Tick
	if cb.Percent {
		ts = niceTicks{Percent: true}.Ticks(lo, hi)
	} else {
		ts = niceTicks{}.Ticks(lo, hi)
	}
	out := ts[:0]
	for _, t := range ts {
		if !t.IsMinor() && t.Value >= lo-1e-12 && t.Value <= hi+1e-12 {
			out = append(out, t)
		}
	}
	return out
}

func (cb *ColorBar) draw(c draw.Canvas) {
	const barW = 12
	lo, hi := cb.Scale.Min, cb.Scale.Max
	if !(hi > lo) {
		hi = lo + 1
	}
	h := c.Max.Y - c.Min.Y
	const steps = 64
	for i := range steps {
		y0 := c.Min.Y + h*vg.Length(i)/steps
		y1 := c.Min.Y + h*vg.Length(i+1)/steps
		v := lo + (hi-lo)*(float64(i)+0.5)/steps
		c.SetColor(cb.Scale.At(v))
		r := vg.Rectangle{Min: vg.Point{X: c.Min.X, Y: y0}, Max: vg.Point{X: c.Min.X + barW, Y: y1 + 0.3}}
		c.Fill(r.Path())
	}
	outline := vg.Rectangle{Min: vg.Point{X: c.Min.X, Y: c.Min.Y}, Max: vg.Point{X: c.Min.X + barW, Y: c.Max.Y}}
	strokeRect(c, outline, draw.LineStyle{Color: color.Gray{Y: 90}, Width: 0.5})
	sty := textStyle(tickSize, false)
	sty.XAlign = draw.XLeft
	maxW := vg.Length(0)
	for _, t := range cb.ticks() {
		y := c.Min.Y + h*vg.Length((t.Value-lo)/(hi-lo))
		c.StrokeLine2(draw.LineStyle{Color: color.Black, Width: 0.5}, c.Min.X+barW, y, c.Min.X+barW+3, y)
		c.FillText(sty, vg.Point{X: c.Min.X + barW + 4, Y: y}, t.Label)
		maxW = max(maxW, sty.Width(t.Label))
	}
	if cb.Label != "" {
		ls := textStyle(labelSize, false)
		ls.Rotation = -1.5707963267948966 // reads top to bottom, beside the ticks
		ls.XAlign, ls.YAlign = draw.XCenter, draw.YBottom
		c.FillText(ls, vg.Point{X: c.Min.X + barW + 6 + maxW + 2, Y: c.Min.Y + h/2}, cb.Label)
	}
}

// strokeRect outlines r with sty.
func strokeRect(c draw.Canvas, r vg.Rectangle, sty draw.LineStyle) {
	c.StrokeLines(sty, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min})
}
