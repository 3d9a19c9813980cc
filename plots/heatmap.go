package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Heatmap draws a matrix as coloured cells, row 0 at the top, optionally
// writing each value in its cell. Cell (r, c) is centred on x = c and
// y = rows-1-r, so label the axes with p.NominalX(cols...) and
// p.NominalY(rows in reverse...) when using it on a plain plot (Matrix does
// all of this).
type Heatmap struct {
	// Values[r][c]; NaN cells are drawn in Scale.NaNColor with a dash.
	Values [][]float64
	Scale  ColorScale
	// Format writes cell values (e.g. "%.1f"); "" writes none. Percent
	// multiplies by 100 before formatting.
	Format  string
	Percent bool
	// OutlineDiagonal outlines the cells of the diagonal (square matrices).
	OutlineDiagonal bool
}

// Plot implements plot.Plotter.
func (h *Heatmap) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	n := len(h.Values)
	sty := textStyle(annotSize, false)
	if n > 0 && len(h.Values[0]) > 0 {
		// Big cells (a 3x3 judge matrix) get bigger numbers, up to 11 pt.
		cellH := trY(1) - trY(0)
		cellW := trX(1) - trX(0)
		size := min(max(min(cellH*0.4, cellW*0.22), annotSize), 11)
		sty = textStyle(size, false)
	}
	for r, row := range h.Values {
		y := float64(n - 1 - r)
		for col, v := range row {
			x := float64(col)
			rect := vg.Rectangle{
				Min: vg.Point{X: trX(x - 0.5), Y: trY(y - 0.5)},
				Max: vg.Point{X: trX(x + 0.5), Y: trY(y + 0.5)},
			}
			bg := h.Scale.At(v)
			c.SetColor(bg)
			c.Fill(rect.Path())
			strokeRect(c, rect, draw.LineStyle{Color: color.White, Width: 0.6})
			if h.OutlineDiagonal && r == col {
				strokeRect(c, rect, draw.LineStyle{Color: color.Black, Width: 1})
			}
			if h.Format == "" {
				continue
			}
			label := "–"
			if !math.IsNaN(v) {
				if h.Percent {
					v *= 100
				}
				label = fmt.Sprintf(h.Format, v)
				if strings.Trim(label, "+-0.") == "" {
					label = strings.TrimLeft(label, "+-") // no "-0.0"
				}
			}
			sty.Color = contrastText(bg)
			// Skip labels that would spill out of their cell.
			if sty.Width(label) > rect.Max.X-rect.Min.X-1 || sty.Height(label) > rect.Max.Y-rect.Min.Y {
				continue
			}
			c.FillText(sty, vg.Point{X: (rect.Min.X + rect.Max.X) / 2, Y: (rect.Min.Y + rect.Max.Y) / 2}, label)
		}
	}
}

// DataRange implements plot.DataRanger.
func (h *Heatmap) DataRange() (xmin, xmax, ymin, ymax float64) {
	cols := 0
	for _, row := range h.Values {
		cols = max(cols, len(row))
	}
	return -0.5, float64(cols) - 0.5, -0.5, float64(len(h.Values)) - 0.5
}

// valueRange returns the finite minimum and maximum of m, or 0, 1 when it
// has no finite value.
func valueRange(m [][]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, row := range m {
		for _, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if lo > hi {
		return 0, 1
	}
	if lo == hi {
		hi = lo + 1
	}
	return lo, hi
}

// MatrixSpec describes an annotated heatmap figure.
type MatrixSpec struct {
	Title, Subtitle string
	// Panel titles the heatmap itself (useful when a figure has several).
	Panel          string
	XLabel, YLabel string
	Rows, Cols     []string    // labels, top to bottom and left to right
	Values         [][]float64 // Values[r][c]
	// Scale colours the cells; its zero value means Blues over the data range.
	Scale ColorScale
	// Format and Percent control cell annotations as in Heatmap.
	Format  string
	Percent bool
	// BarLabel titles the colour bar; "" draws no bar.
	BarLabel        string
	OutlineDiagonal bool
	// Width and Height default to NotebookWidth and a height that gives each
	// row about 16 points.
	Width, Height vg.Length
	// ColLabelColors, when set, colours each column label's marker strip
	// (e.g. by provider).
	ColLabelColors []color.Color
	RowLabelColors []color.Color
}

// Matrix builds an annotated heatmap figure whose Data holds one table,
// named after the title, with the spec's rows, columns and values.
func Matrix(s MatrixSpec) *Figure {
	s = s.withDefaults()
	w, h := s.Width, s.Height
	if w == 0 {
		w = NotebookWidth
	}
	if h == 0 {
		h = vg.Length(len(s.Rows))*16 + 160
		h = max(h, 260)
	}
	f := NewFigure(s.Title, w, h)
	f.Subtitle = s.Subtitle
	plotW := w - 40
	if s.BarLabel != "" {
		plotW -= 70
	}
	f.AddPanel(matrixPlot(s, plotW))
	if s.ColLabelColors != nil {
		f.topPad = 6
	}
	if s.BarLabel != "" {
		f.SetColorBar(ColorBar{Scale: s.Scale, Label: s.BarLabel, Percent: s.Percent})
	}
	f.AddData(Table{Name: s.Title, Rows: s.Rows, Cols: s.Cols, Values: s.Values})
	return f
}

// withDefaults fills a zero Scale with Blues over the data (from 0).
func (s MatrixSpec) withDefaults() MatrixSpec {
	if len(s.Scale.Stops) == 0 {
		lo, hi := valueRange(s.Values)
		s.Scale = Blues(math.Min(lo, 0), hi)
	}
	return s
}

// matrixPlot builds one heatmap panel titled s.Panel, about plotW points
// wide including its row labels.
func matrixPlot(s MatrixSpec, plotW vg.Length) *plot.Plot {
	s = s.withDefaults()
	p := newPlot(s.Panel)
	p.X.Label.Text, p.Y.Label.Text = s.XLabel, s.YLabel
	p.Add(&Heatmap{Values: s.Values, Scale: s.Scale, Format: s.Format, Percent: s.Percent, OutlineDiagonal: s.OutlineDiagonal})
	rowW := vg.Length(0)
	for _, l := range s.Rows {
		rowW = max(rowW, p.Y.Tick.Label.Width(l))
	}
	setNominalX(p, s.Cols, (plotW-rowW)/vg.Length(max(1, len(s.Cols))))
	setNominalY(p, s.Rows)
	p.X.LineStyle.Width, p.Y.LineStyle.Width = 0, 0
	if s.ColLabelColors != nil || s.RowLabelColors != nil {
		p.Add(&labelStrips{Cols: s.ColLabelColors, Rows: s.RowLabelColors})
	}
	return p
}

// labelStrips draws a thin coloured strip along the top edge (one segment
// per column) and the left edge (one per row) of a matrix, so that colour
// groups (providers) read at a glance without a second legend.
type labelStrips struct {
	Cols, Rows []color.Color
}

// Plot implements plot.Plotter.
func (s *labelStrips) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	const thick = 4
	for i, col := range s.Cols {
		if col == nil {
			continue
		}
		x := float64(i)
		r := vg.Rectangle{Min: vg.Point{X: trX(x - 0.5), Y: c.Max.Y + 1}, Max: vg.Point{X: trX(x + 0.5), Y: c.Max.Y + 1 + thick}}
		c.SetColor(col)
		c.Fill(r.Path())
	}
	n := len(s.Rows)
	for i, col := range s.Rows {
		if col == nil {
			continue
		}
		y := float64(n - 1 - i)
		r := vg.Rectangle{Min: vg.Point{X: c.Min.X - 1 - thick, Y: trY(y - 0.5)}, Max: vg.Point{X: c.Min.X - 1, Y: trY(y + 0.5)}}
		c.SetColor(col)
		c.Fill(r.Path())
	}
}
