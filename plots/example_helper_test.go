package plots_test

import "gonum.org/v1/plot"

// plotWith returns a gonum plot holding p.
func plotWith(p plot.Plotter) *plot.Plot {
	pl := plot.New()
	pl.Add(p)
	pl.NominalX("a", "b")
	return pl
}
