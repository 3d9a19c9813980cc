package stages_test

import (
	"context"
	"fmt"
	"os"

	"github.com/specstress/specstress/pipeline/stages"
)

// The whole method offline in one call: every role played by the sim
// backend, results journaled in cfg.Out and exported in the dataset layout.
func ExampleExecute() {
	dir, _ := os.MkdirTemp("", "specstress-run")
	defer os.RemoveAll(dir)
	cfg := stages.DefaultConfig()
	cfg.Out, cfg.Pairs = dir, 2
	rep, err := stages.Execute(context.Background(), cfg, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Results {
		fmt.Println(r)
	}
	fmt.Println(rep.Export.CompleteRows, "scenarios exported")
	// Output:
	// pairs: 2 items, 0 already done, 2 done now, 0 failed
	//   WARNING: the built-in stand-in taxonomy (104 hand-written values, 4 per category) is in use, not the 3,307 values of Values in the Wild: download values_tree.csv from the Hugging Face dataset Anthropic/values-in-the-wild and set "taxonomy" in the run configuration (stages.Config.Taxonomy) to its path
	// scenarios: 2 items, 0 already done, 2 done now, 0 failed
	// spectra: 2 items, 0 already done, 2 done now, 0 failed
	// responses: 72 items, 0 already done, 72 done now, 0 failed
	// classify: 6 items, 0 already done, 6 done now, 0 failed
	// topics: 6 items, 0 already done, 6 done now, 0 failed
	// response_types: 6 items, 0 already done, 6 done now, 0 failed
	// values: 6 items, 0 already done, 6 done now, 0 failed
	// judge: 90 items, 0 already done, 90 done now, 0 failed
	// 6 scenarios exported
}
