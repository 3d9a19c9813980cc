package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// BarSeries is one set of bars, one value per group.
type BarSeries struct {
	Name   string
	Values []float64
	// Err holds standard errors (whisker half-lengths); nil draws none.
	Err []float64
	// Color fills every bar; Colors, when set, overrides it bar by bar.
	Color  color.Color
	Colors []color.Color
}

// GroupedBars draws, at each integer x position (a group), one bar per
// series side by side. With a single series it is a plain bar chart. NaN
// values draw no bar.
type GroupedBars struct {
	Series []BarSeries
	// Width is the fraction of a group's slot the bars fill; 0 means 0.8.
	Width float64
	// Format writes each value above its bar (e.g. "%.0f"); Percent
	// multiplies by 100 first. "" writes nothing.
	Format  string
	Percent bool
	// Horizontal lays groups along the y axis (top to bottom) and values
	// along x.
	Horizontal bool
}

func (g *GroupedBars) groups() int {
	n := 0
	for _, s := range g.Series {
		n = max(n, len(s.Values))
	}
	return n
}

func (g *GroupedBars) width() float64 {
	if g.Width <= 0 || g.Width > 1 {
		return 0.8
	}
	return g.Width
}

// slot returns the centre offset and width, in data units, of series s's
// bars within a group.
func (g *GroupedBars) slot(s int) (offset, width float64) {
	w := g.width()
	n := float64(len(g.Series))
	width = w / n
	offset = -w/2 + (float64(s)+0.5)*width
	return offset, width
}

// Plot implements plot.Plotter.
func (g *GroupedBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ng := g.groups()
	sty := textStyle(annotSize, false)
	outline := draw.LineStyle{Color: color.Gray{Y: 60}, Width: 0.3}
	whisker := draw.LineStyle{Color: color.Black, Width: 0.8}
	for s, ser := range g.Series {
		off, w := g.slot(s)
		for i, v := range ser.Values {
			if math.IsNaN(v) {
				continue
			}
			center := float64(i) + off
			if g.Horizontal {
				// Groups and the series within them read top to bottom.
				center = float64(ng-1-i) - off
			}
			fill := ser.Color
			if i < len(ser.Colors) && ser.Colors[i] != nil {
				fill = ser.Colors[i]
			}
			if fill == nil {
				fill = color.Gray{Y: 120}
			}
			var r vg.Rectangle
			if g.Horizontal {
				r = vg.Rectangle{Min: vg.Point{X: trX(math.Min(0, v)), Y: trY(center - w/2)}, Max: vg.Point{X: trX(math.Max(0, v)), Y: trY(center + w/2)}}
			} else {
				r = vg.Rectangle{Min: vg.Point{X: trX(center - w/2), Y: trY(math.Min(0, v))}, Max: vg.Point{X: trX(center + w/2), Y: trY(math.Max(0, v))}}
			}
			c.SetColor(fill)
			c.Fill(r.Path())
			strokeRect(c, r, outline)
			end := v
			if i < len(ser.Err) && !math.IsNaN(ser.Err[i]) && ser.Err[i] > 0 {
				e := ser.Err[i]
				tip := (r.Max.X - r.Min.X) / 4
				if g.Horizontal {
					tip = (r.Max.Y - r.Min.Y) / 4
					y := trY(center)
					c.StrokeLine2(whisker, trX(v-e), y, trX(v+e), y)
					c.StrokeLine2(whisker, trX(v-e), y-tip, trX(v-e), y+tip)
					c.StrokeLine2(whisker, trX(v+e), y-tip, trX(v+e), y+tip)
				} else {
					x := trX(center)
					c.StrokeLine2(whisker, x, trY(v-e), x, trY(v+e))
					c.StrokeLine2(whisker, x-tip, trY(v-e), x+tip, trY(v-e))
					c.StrokeLine2(whisker, x-tip, trY(v+e), x+tip, trY(v+e))
				}
				end = v + e
			}
			if g.Format == "" {
				continue
			}
			shown := v
			if g.Percent {
				shown *= 100
			}
			label := fmt.Sprintf(g.Format, shown)
			if g.Horizontal {
				sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
				c.FillText(sty, vg.Point{X: trX(end) + 2, Y: trY(center)}, label)
			} else {
				if sty.Width(label) > (r.Max.X-r.Min.X)*1.6 && len(g.Series) > 1 {
					continue // would collide with the neighbouring bar's label
				}
				sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
				c.FillText(sty, vg.Point{X: trX(center), Y: trY(end) + 1.5}, label)
			}
		}
	}
}

// DataRange implements plot.DataRanger: groups span -0.5..n-0.5 and values
// always include 0, with headroom for annotations.
func (g *GroupedBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	lo, hi := 0.0, 0.0
	for _, s := range g.Series {
		for i, v := range s.Values {
			if math.IsNaN(v) {
				continue
			}
			e := 0.0
			if i < len(s.Err) && !math.IsNaN(s.Err[i]) {
				e = s.Err[i]
			}
			lo, hi = math.Min(lo, v-e), math.Max(hi, v+e)
		}
	}
	if hi == lo {
		hi = lo + 1
	}
	// Headroom keeps the tallest bar (and its label) off the plot's edge.
	if g.Format != "" {
		hi += (hi - lo) * 0.08
	} else {
		hi += (hi - lo) * 0.03
	}
	a, b := -0.5, float64(g.groups())-0.5
	if g.Horizontal {
		return lo, hi, a, b
	}
	return a, b, lo, hi
}

// table returns the bar heights as a Table: one row per series, one column
// per group.
func (g *GroupedBars) table(name string, groups []string) Table {
	t := Table{Name: name, Cols: groups}
	hasErr := false
	for _, s := range g.Series {
		hasErr = hasErr || s.Err != nil
	}
	for _, s := range g.Series {
		t.Rows = append(t.Rows, s.Name)
		t.Values = append(t.Values, append([]float64(nil), s.Values...))
		if hasErr {
			e := make([]float64, len(s.Values))
			copy(e, s.Err)
			t.Err = append(t.Err, e)
		}
	}
	return t
}

// BarSpec describes a bar-chart figure: groups along one axis, one bar per
// series in each group.
type BarSpec struct {
	Title, Subtitle string
	Groups          []string // group labels
	Series          []BarSeries
	XLabel, YLabel  string
	Format          string
	Percent         bool // values are fractions; axis and labels show %
	Horizontal      bool
	Width, Height   vg.Length
	Legend          []LegendEntry // nil: one entry per named series when there are several
	// Refs draws reference lines (e.g. the high-disagreement threshold).
	Refs []RefLine
}

// Bars builds a bar-chart figure whose Data holds one table named after the
// title: a row per series, a column per group.
func Bars(s BarSpec) *Figure {
	w, h := s.Width, s.Height
	if w == 0 {
		w = NotebookWidth
	}
	if h == 0 {
		h = 380
		if s.Horizontal {
			h = max(260, vg.Length(len(s.Groups)*len(s.Series))*13+140)
		}
	}
	f := NewFigure(s.Title, w, h)
	f.Subtitle = s.Subtitle
	p := newPlot("")
	p.X.Label.Text, p.Y.Label.Text = s.XLabel, s.YLabel
	gb := &GroupedBars{Series: s.Series, Format: s.Format, Percent: s.Percent, Horizontal: s.Horizontal}
	if s.Horizontal {
		p.Add(verticalGridLines{})
	} else {
		p.Add(gridLines{})
	}
	p.Add(gb)
	for i := range s.Refs {
		p.Add(&s.Refs[i])
	}
	valueAxis := &p.Y
	if s.Horizontal {
		setNominalY(p, s.Groups)
		valueAxis = &p.X
	} else {
		setNominalX(p, s.Groups, (w-70)/vg.Length(max(1, len(s.Groups))))
	}
	if s.Percent {
		valueAxis.Tick.Marker = niceTicks{Percent: true}
	}
	f.AddPanel(p)
	switch {
	case s.Legend != nil:
		f.AddLegend(s.Legend...)
	case len(s.Series) > 1:
		for _, ser := range s.Series {
			f.AddLegend(LegendEntry{Label: ser.Name, Color: ser.Color})
		}
	}
	f.AddData(gb.table(s.Title, s.Groups))
	return f
}
