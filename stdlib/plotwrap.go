package stdlib

import (
	"reflect"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
)

// Interpreted plotters. yaegi hands an interpreted value to compiled code
// wrapped in the generated wrapper of one interface, so an interpreted
// type passed as a plot.Plotter would lose its DataRange and Thumbnail
// methods, and plot.Add would neither fit the axes to it nor draw it in a
// legend. The composed wrappers below carry the optional methods too; yaegi
// picks the first whose methods the interpreted type has (most complete
// first).

// plotterRangerThumbnailer wraps a Plotter that is also a DataRanger and a
// Thumbnailer.
type plotterRangerThumbnailer struct {
	IValue     any
	WPlot      func(c draw.Canvas, p *plot.Plot)
	WDataRange func() (xmin, xmax, ymin, ymax float64)
	WThumbnail func(c *draw.Canvas)
}

func (w plotterRangerThumbnailer) Plot(c draw.Canvas, p *plot.Plot) { w.WPlot(c, p) }
func (w plotterRangerThumbnailer) DataRange() (xmin, xmax, ymin, ymax float64) {
	return w.WDataRange()
}
func (w plotterRangerThumbnailer) Thumbnail(c *draw.Canvas) { w.WThumbnail(c) }

// plotterRanger wraps a Plotter that is also a DataRanger.
type plotterRanger struct {
	IValue     any
	WPlot      func(c draw.Canvas, p *plot.Plot)
	WDataRange func() (xmin, xmax, ymin, ymax float64)
}

func (w plotterRanger) Plot(c draw.Canvas, p *plot.Plot)            { w.WPlot(c, p) }
func (w plotterRanger) DataRange() (xmin, xmax, ymin, ymax float64) { return w.WDataRange() }

// plotterThumbnailer wraps a Plotter that is also a Thumbnailer.
type plotterThumbnailer struct {
	IValue     any
	WPlot      func(c draw.Canvas, p *plot.Plot)
	WThumbnail func(c *draw.Canvas)
}

func (w plotterThumbnailer) Plot(c draw.Canvas, p *plot.Plot) { w.WPlot(c, p) }
func (w plotterThumbnailer) Thumbnail(c *draw.Canvas)         { w.WThumbnail(c) }

func init() {
	MapTypes[reflect.ValueOf((*_gonum_org_v1_plot_Plotter)(nil))] = []reflect.Type{
		reflect.TypeFor[plotterRangerThumbnailer](),
		reflect.TypeFor[plotterRanger](),
		reflect.TypeFor[plotterThumbnailer](),
	}
	// yaegi consults MapTypes under the function value being called; a
	// method of a compiled value (p.Add, legend.Add) has no static value
	// and is looked up under the zero reflect.Value. Registering the
	// plotting interfaces there makes interpreted plotters passed directly
	// to the variadic plot.Add and Legend.Add get wrapped, as they would be
	// when first assigned to a plot.Plotter variable. Only values that
	// implement these interfaces are affected.
	MapTypes[reflect.Value{}] = []reflect.Type{
		reflect.TypeFor[plot.Plotter](),
		reflect.TypeFor[plot.Thumbnailer](),
	}
}
