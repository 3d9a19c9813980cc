package dataset_test

import (
	"fmt"

	"github.com/specstress/specstress/pipeline/dataset"
)

// Open the embedded sample, list what is there and load the positions of
// the all_models split.
func Example() {
	ds, err := dataset.Open("../../notebooks/data/sample")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ds.Configs())
	fmt.Println(ds.SplitNames(dataset.Default))
	sp, err := ds.Split("all_models")
	if err != nil {
		fmt.Println(err)
		return
	}
	pos, err := sp.Positions()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(pos.Rows, "rows,", len(pos.Models), "models, first", pos.Models[0])
	_, err = ds.Split("no_such_split")
	fmt.Println(err != nil)
	// Output:
	// [default complete judge_evaluations]
	// [all_models claude_models openai_models gpt41_vs_mini o3_vs_o4mini opus4_vs_sonnet4]
	// 699 rows, 12 models, first claude_3_5_sonnet
	// true
}
