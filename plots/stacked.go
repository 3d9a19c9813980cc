package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Layer is one segment kind of stacked bars: Values[b] is its size in bar b.
type Layer struct {
	Name   string
	Values []float64
	Color  color.Color
}

// StackedBars draws one bar per integer position with its layers stacked
// in order, horizontally (bars top to bottom along y) when Horizontal is set.
// NaN and negative sizes count as 0.
type StackedBars struct {
	Layers     []Layer
	Horizontal bool
	// Width is the fraction of a slot a bar fills; 0 means 0.75.
	Width float64
	// Format writes a segment's size inside it when the segment is large
	// enough to hold the text (Percent multiplies by 100 first).
	Format  string
	Percent bool
}

func (s *StackedBars) bars() int {
	n := 0
	for _, l := range s.Layers {
		n = max(n, len(l.Values))
	}
	return n
}

func size(v float64) float64 {
	if math.IsNaN(v) || v < 0 {
		return 0
	}
	return v
}

// Plot implements plot.Plotter.
func (s *StackedBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	w := s.Width
	if w <= 0 || w > 1 {
		w = 0.75
	}
	nb := s.bars()
	sty := textStyle(annotSize, false)
	for b := range nb {
		base := 0.0
		pos := float64(b)
		if s.Horizontal {
			pos = float64(nb - 1 - b)
		}
		for _, l := range s.Layers {
			v := 0.0
			if b < len(l.Values) {
				v = size(l.Values[b])
			}
			if v == 0 {
				continue
			}
			var r vg.Rectangle
			if s.Horizontal {
				r = vg.Rectangle{Min: vg.Point{X: trX(base), Y: trY(pos - w/2)}, Max: vg.Point{X: trX(base + v), Y: trY(pos + w/2)}}
			} else {
				r = vg.Rectangle{Min: vg.Point{X: trX(pos - w/2), Y: trY(base)}, Max: vg.Point{X: trX(pos + w/2), Y: trY(base + v)}}
			}
			fill := l.Color
			if fill == nil {
				fill = color.Gray{Y: 128}
			}
			c.SetColor(fill)
			c.Fill(r.Path())
			strokeRect(c, r, draw.LineStyle{Color: color.White, Width: 0.4})
			base += v
			if s.Format == "" {
				continue
			}
			shown := v
			if s.Percent {
				shown *= 100
			}
			label := fmt.Sprintf(s.Format, shown)
			if sty.Width(label)+2 > r.Max.X-r.Min.X || sty.Height(label) > r.Max.Y-r.Min.Y {
				continue
			}
			sty.Color = contrastText(fill)
			c.FillText(sty, vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: (r.Min.Y + r.Max.Y) / 2}, label)
		}
	}
}

// DataRange implements plot.DataRanger.
func (s *StackedBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	top := 0.0
	for b := range s.bars() {
		sum := 0.0
		for _, l := range s.Layers {
			if b < len(l.Values) {
				sum += size(l.Values[b])
			}
		}
		top = math.Max(top, sum)
	}
	if top == 0 {
		top = 1
	}
	a, z := -0.5, float64(s.bars())-0.5
	if s.Horizontal {
		return 0, top, a, z
	}
	return a, z, 0, top
}

// StackSpec describes a stacked-bar figure.
type StackSpec struct {
	Title, Subtitle string
	Bars            []string // bar labels
	Layers          []Layer
	XLabel, YLabel  string
	Format          string
	Percent         bool
	Horizontal      bool
	Width, Height   vg.Length
}

// Stacked builds a stacked-bar figure with a legend of its layers; its Data
// holds one table named after the title: a row per bar, a column per layer.
func Stacked(s StackSpec) *Figure {
	w, h := s.Width, s.Height
	if w == 0 {
		w = NotebookWidth
	}
	if h == 0 {
		h = 380
		if s.Horizontal {
			h = max(240, vg.Length(len(s.Bars))*20+170)
		}
	}
	f := NewFigure(s.Title, w, h)
	f.Subtitle = s.Subtitle
	p := newPlot("")
	p.X.Label.Text, p.Y.Label.Text = s.XLabel, s.YLabel
	sb := &StackedBars{Layers: s.Layers, Horizontal: s.Horizontal, Format: s.Format, Percent: s.Percent}
	p.Add(sb)
	valueAxis := &p.Y
	if s.Horizontal {
		setNominalY(p, s.Bars)
		valueAxis = &p.X
	} else {
		setNominalX(p, s.Bars, (w-70)/vg.Length(max(1, len(s.Bars))))
	}
	if s.Percent {
		valueAxis.Tick.Marker = niceTicks{Percent: true}
	}
	f.AddPanel(p)
	t := Table{Name: s.Title, Rows: s.Bars, Values: matrix(len(s.Bars), len(s.Layers))}
	for j, l := range s.Layers {
		f.AddLegend(LegendEntry{Label: l.Name, Color: l.Color})
		t.Cols = append(t.Cols, l.Name)
		for b := range s.Bars {
			if b < len(l.Values) {
				t.Values[b][j] = l.Values[b]
			}
		}
	}
	f.AddData(t)
	return f
}
