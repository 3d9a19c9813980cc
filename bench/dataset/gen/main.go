// Command gen writes a synthetic dataset for the dataset benchmark: by
// default a full-scale complete config (411K rows, 12 models, responses of
// about 1,000 characters, 16 shards of 25K-row row groups) and the default
// and judge_evaluations configs that go with it.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/specstress/specstress/pipeline/simulate"
)

func main() {
	out := flag.String("out", "/tmp/specstress-bench-data", "output directory (keep it outside the repository)")
	n := flag.Int("scenarios", 411_000, "rows of complete/train")
	chars := flag.Int("response-chars", 1000, "approximate characters per response")
	shards := flag.Int("shards", 16, "shards of complete/train")
	rg := flag.Int("row-group-rows", 25_000, "rows per row group")
	seed := flag.Uint64("seed", 1, "seed")
	perBin := flag.Int("judge-per-bin", 1000, "judged scenarios per disagreement bin")
	flag.Parse()
	cfg := simulate.DefaultConfig()
	cfg.Scenarios, cfg.ResponseChars, cfg.Shards, cfg.RowGroupRows, cfg.Seed = *n, *chars, *shards, *rg, *seed
	cfg.JudgePerBin = *perBin
	start := time.Now()
	d, err := simulate.Generate(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	gen := time.Since(start)
	d.Progress = func(w string) { fmt.Fprintln(os.Stderr, "wrote", w) }
	if err := d.Write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("generated %d rows in %v, wrote %s in %v\n", d.Scenarios.Rows, gen.Round(time.Millisecond), *out, (time.Since(start) - gen).Round(time.Millisecond))
}
