package plots

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Figure sizes in points (1/72 inch). NotebookWidth at the default 96 dpi is
// 800 pixels, the width a Jupyter output area shows without scaling.
const (
	NotebookWidth vg.Length = 600
	DefaultDPI              = 96
)

// sans is the face of every text in the figures: the plot package defaults
// to a serif face, which reads poorly at small sizes on screen.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// Text sizes used throughout, in points.
const (
	titleSize  = 13
	panelSize  = 11
	labelSize  = 10
	tickSize   = 9
	annotSize  = 7.5
	legendSize = 9
)

// textStyle returns a plain-text style of the sans face at size points.
func textStyle(size vg.Length, bold bool) text.Style {
	f := sans
	if bold {
		f.Weight = xfont.WeightBold
	}
	return text.Style{
		Color:   color.Black,
		Font:    font.From(f, size),
		XAlign:  draw.XCenter,
		YAlign:  draw.YCenter,
		Handler: plot.DefaultTextHandler,
	}
}

// newPlot returns a plot with the house text styles: sans labels, light
// grey axis lines and a panel title.
func newPlot(title string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle = textStyle(panelSize, true)
	p.Title.TextStyle.YAlign = draw.YTop
	p.Title.Padding = 6
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle = textStyle(labelSize, false)
		// gonum lays axis titles out assuming bottom alignment.
		a.Label.TextStyle.YAlign = draw.YBottom
		a.Label.Padding = 4
		a.Tick.Label = textStyle(tickSize, false)
		a.Padding = 2
	}
	p.X.Tick.Label.YAlign = draw.YTop
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{}, niceTicks{}
	p.Y.Tick.Label.XAlign = draw.XRight
	p.Y.Tick.Label.YAlign = draw.YCenter
	p.Legend.TextStyle = textStyle(legendSize, false)
	return p
}

// nominalTicks labels the integer positions 0..n-1 and draws no minor ticks.
type nominalTicks []string

// Ticks implements plot.Ticker.
func (t nominalTicks) Ticks(min, max float64) []plot.Tick {
	out := make([]plot.Tick, 0, len(t))
	for i, l := range t {
		out = append(out, plot.Tick{Value: float64(i), Label: l})
	}
	return out
}

// reversedTicks labels positions so that labels[0] sits at the top of a
// vertical axis: label i is at n-1-i.
func reversedTicks(labels []string) nominalTicks {
	n := len(labels)
	out := make(nominalTicks, n)
	for i, l := range labels {
		out[n-1-i] = l
	}
	return out
}

// setNominalX puts labels under integer x positions and rotates them when
// they would not fit side by side in slot points each (the horizontal space a
// label gets: plot width over the number of labels).
func setNominalX(p *plot.Plot, labels []string, slot vg.Length) {
	p.X.Tick.Marker = nominalTicks(labels)
	p.X.Tick.Length = 0
	p.X.Min, p.X.Max = -0.5, float64(len(labels))-0.5
	sty := p.X.Tick.Label
	widest := vg.Length(0)
	for _, l := range labels {
		widest = max(widest, sty.Width(l))
	}
	switch {
	case widest <= slot*0.9:
		// Fits horizontally.
	case sty.Height("M")*1.3 <= slot:
		// Diagonal labels stay readable and take less height than vertical ones.
		p.X.Tick.Label.Rotation = math.Pi / 4
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YTop
	default:
		p.X.Tick.Label.Rotation = math.Pi / 2
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
	}
}

// setNominalY puts labels[0] at the top of the y axis, labels[n-1] at the
// bottom, one per integer position (drawn at n-1-i).
func setNominalY(p *plot.Plot, labels []string) {
	p.Y.Tick.Marker = reversedTicks(labels)
	p.Y.Tick.Length = 0
	p.Y.Min, p.Y.Max = -0.5, float64(len(labels))-0.5
}

// niceTicks places about six labelled ticks at round steps (1, 2, 2.5 or
// 5 times a power of ten) and formats them without spurious decimals:
// integers with thousands separators, percentages when Percent is set
// (values are fractions). gonum's DefaultTicks labels few ticks and writes
// counts as "500.00".
type niceTicks struct {
	Percent bool
}

// Ticks implements plot.Ticker.
func (n niceTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(max-min, 0) {
		return []plot.Tick{{Value: min, Label: n.format(min, 1)}}
	}
	step := niceStep((max - min) / 6)
	var out []plot.Tick
	for v := math.Ceil(min/step-1e-9) * step; v <= max+step*1e-9; v += step {
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		out = append(out, plot.Tick{Value: v, Label: n.format(v, step)})
	}
	return out
}

// niceStep rounds x up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= x*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

func (n niceTicks) format(v, step float64) string {
	if n.Percent {
		v, step = v*100, step*100
	}
	dec := 0
	for s := step; dec < 6 && math.Abs(s-math.Round(s)) > 1e-9*math.Max(1, math.Abs(s)); s *= 10 {
		dec++
	}
	str := thousands(strconv.FormatFloat(v, 'f', dec, 64))
	if n.Percent {
		str += "%"
	}
	return str
}

// thousands inserts commas into the integer part of a formatted number.
func thousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if len(intPart) <= 3 {
		return sign + s
	}
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}

// gridLines draws light horizontal grid lines at the y ticks, behind bars.
type gridLines struct{}

// Plot implements plot.Plotter.
func (gridLines) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	sty := draw.LineStyle{Color: color.Gray{Y: 225}, Width: 0.5}
	for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		if t.IsMinor() || t.Value < p.Y.Min || t.Value > p.Y.Max {
			continue
		}
		y := trY(t.Value)
		c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	}
}

// verticalGridLines draws light vertical grid lines at the x ticks.
type verticalGridLines struct{}

// Plot implements plot.Plotter.
func (verticalGridLines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	sty := draw.LineStyle{Color: color.Gray{Y: 225}, Width: 0.5}
	for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if t.IsMinor() || t.Value < p.X.Min || t.Value > p.X.Max {
			continue
		}
		x := trX(t.Value)
		c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
	}
}
