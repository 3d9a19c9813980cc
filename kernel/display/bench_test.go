package display

import (
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// BenchmarkPlotPNG renders the test bar chart to PNG at the default size.
func BenchmarkPlotPNG(b *testing.B) {
	p := testPlot(b)
	for b.Loop() {
		if _, err := PlotPNG(p, 0, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlotSVG renders the test bar chart to SVG at the default size.
func BenchmarkPlotSVG(b *testing.B) {
	p := testPlot(b)
	for b.Loop() {
		if _, err := PlotSVG(p, 0, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderPlot is what a cell whose value is a plot costs: PNG and
// SVG plus base64.
func BenchmarkRenderPlot(b *testing.B) {
	p := testPlot(b)
	for b.Loop() {
		Render(p)
	}
}

// BenchmarkRenderDataFrame renders a 10,000 x 5 frame as a truncated
// table.
func BenchmarkRenderDataFrame(b *testing.B) {
	const n = 10000
	cols := make([]series.Series, 5)
	for c := range cols {
		v := make([]float64, n)
		for i := range v {
			v[i] = float64(i*c) / 7
		}
		cols[c] = series.New(v, series.Float, string(rune('a'+c)))
	}
	df := dataframe.New(cols...)
	for b.Loop() {
		Render(df)
	}
}
