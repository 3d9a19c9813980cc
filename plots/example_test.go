package plots_test

import (
	"fmt"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/plots"
)

// A figure from analysis results: compute, draw, then show it in a notebook
// (as a cell's last value) or save it; Data holds the numbers drawn.
func ExampleOutlierCounts() {
	pos := &pipeline.Positions{Rows: 3, Models: []pipeline.ModelID{pipeline.O3, pipeline.O4Mini, pipeline.GPT41}}
	pos.Value1 = [][]int8{{0, 3, 3}, {6, 3, 3}, {6, 3, 2}}
	pos.Value2 = [][]int8{{3, 3, 3}, {3, 3, 3}, {3, 3, 3}}
	out, err := analysis.Outliers(pos, pipeline.ModelSet{Name: "three", Models: pos.Models}, analysis.OutlierOptions{MinOthers: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	fig, err := plots.OutlierCounts(out)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(fig)
	fmt.Print(fig.Data()[0])
	// Output:
	// Figure "Outlier responses per model" (800×347 px, 1 panel(s))
	//   outliers  o3  o4_mini  gpt_4_1
	//   outliers   1        0        0
}

// Any gonum plot becomes a figure with the same PNG/SVG/Save methods, and
// the package's plotters combine with plain gonum code.
func ExampleWrap() {
	bars := &plots.GroupedBars{Series: []plots.BarSeries{{Name: "share", Values: []float64{0.2, 0.5}}}, Format: "%.0f%%", Percent: true}
	fig := plots.Wrap(plotWith(bars))
	fmt.Println(fig, len(fig.PNG()) > 0)
	// Output: Figure "" (800×480 px, 1 panel(s)) true
}
