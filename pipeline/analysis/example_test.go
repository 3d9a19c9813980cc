package analysis_test

import (
	"fmt"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
)

// Three models place two scenarios on both value spectra (-1 = null).
func ExampleDisagreement() {
	pos := &pipeline.Positions{
		Rows:   2,
		Models: []pipeline.ModelID{"a", "b", "c"},
		Value1: [][]int8{{0, 3}, {3, 3}, {6, -1}},
		Value2: [][]int8{{3, 1}, {3, 5}, {3, 3}},
	}
	d, err := analysis.Disagreement(pos, pipeline.ModelSet{Name: "abc", Models: pos.Models})
	if err != nil {
		fmt.Println(err)
		return
	}
	for r := range d.D {
		fmt.Printf("row %d: sd1 %.4f sd2 %.4f D %.4f\n", r, d.SD1[r], d.SD2[r], d.D[r])
	}
	// Output:
	// row 0: sd1 2.4495 sd2 0.0000 D 2.4495
	// row 1: sd1 0.0000 sd2 1.6330 D 1.6330
}

func ExampleFleissFromMarginals() {
	// The paper's judge agreement: pairwise agreement and flag rates.
	k, _ := analysis.FleissFromMarginals([]float64{0.6752, 0.7239, 0.7684}, []float64{0.481, 0.355, 0.365})
	fmt.Printf("%.3f\n", k)
	// Output: 0.422
}
