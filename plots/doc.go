// Package plots draws the figures of the spec stress-testing paper with
// gonum.org/v1/plot: provider value profiles, co-occurrence matrices,
// disagreement, non-compliance, judge agreement, refusals, outliers and
// diversity selection.
//
// Every builder returns a *Figure: it renders as PNG (PNG, WriteTo) and SVG
// (SVG), saves to a file chosen by extension (Save), and exposes the numbers
// it draws (Data) so tests and readers can check a figure without looking at
// pixels. A Figure is sized for a notebook: 600 points wide, which is 800
// pixels at the default 96 dpi.
//
// The building blocks are small plot.Plotter implementations (Heatmap,
// GroupedBars, StackedBars, Histogram, Series, RefLine) that any notebook cell
// can combine with plain gonum/plot code, plus one provider palette and the
// label shortening of package pipeline, so that every figure colours and
// names models the same way.
package plots
