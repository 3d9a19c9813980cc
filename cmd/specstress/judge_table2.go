package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/specstress/specstress/pipeline/stages"
)

// t2flags are the LLM commands' flags for drawing and judging the paper's
// Table 2 samples (judge --table2).
type t2flags struct {
	on     bool
	sizes  string
	seed   int64
	minStd float64
}

func table2Flags(fs *flag.FlagSet) *t2flags {
	f := &t2flags{}
	fs.BoolVar(&f.on, "table2", false, "instead of the command's stages: draw the paper's Table 2 samples (random, D >= 1.5 over all models, D >= 1.5 over the judged models), judge their judged responses and write RUN/table2.json (analyse with: specstress analyze table2 RUN)")
	fs.StringVar(&f.sizes, "table2-size", "1000", "Table 2 sample size: N for every column, or N1,N2,N3")
	fs.Int64Var(&f.seed, "table2-seed", -1, "Table 2 sampling seed (default: the config's seed)")
	fs.Float64Var(&f.minStd, "table2-min-std", 1.5, "Table 2 high-disagreement threshold on D")
	return f
}

func (f *t2flags) options(cfg stages.Config) (stages.Table2Options, error) {
	o := stages.DefaultTable2Options(cfg.Seed)
	if f.seed >= 0 {
		o.Seed = uint64(f.seed)
	}
	o.MinStd = f.minStd
	parts := strings.Split(f.sizes, ",")
	if len(parts) != 1 && len(parts) != 3 {
		return o, fmt.Errorf("--table2-size %q: want N or N1,N2,N3", f.sizes)
	}
	for i := range o.Sizes {
		p := parts[min(i, len(parts)-1)]
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n <= 0 {
			return o, fmt.Errorf("--table2-size %q: %q is not a positive integer", f.sizes, p)
		}
		o.Sizes[i] = n
	}
	if !(o.MinStd > 0) {
		return o, fmt.Errorf("--table2-min-std %v: want a positive threshold", o.MinStd)
	}
	return o, nil
}

// sampleTable2 draws (or reloads) the samples and says what was drawn.
func sampleTable2(run *stages.Run, o stages.Table2Options, stdout io.Writer) error {
	smp, err := run.SampleTable2(o)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "table2 samples (seed %d, D >= %g):", smp.Options.Seed, smp.Options.MinStd)
	for i, c := range smp.Columns {
		fmt.Fprintf(stdout, " %s %d of %d eligible", c.Name, len(c.Keys), c.Pool)
		if len(c.Keys) < smp.Options.Sizes[i] {
			fmt.Fprintf(stdout, " (FEWER than the %d asked for)", smp.Options.Sizes[i])
		}
		if i < len(smp.Columns)-1 {
			fmt.Fprint(stdout, ";")
		}
	}
	fmt.Fprintf(stdout, "; judged models %v\n", smp.Judged)
	return nil
}

// writeTable2 writes RUN/table2.json and counts what is missing.
func writeTable2(run *stages.Run, stdout io.Writer) error {
	f, err := run.WriteTable2("")
	if err != nil {
		return err
	}
	missing := 0
	for _, r := range f.Rows {
		for _, j := range f.Judges {
			if r.Decisions[j] == "" {
				missing++
			}
		}
	}
	fmt.Fprintf(stdout, "table2 %s/table2.json: %d judged responses, %d decisions missing (re-run to retry); analyse with: specstress analyze table2 %s\n",
		run.Config.Out, len(f.Rows), missing, run.Config.Out)
	return nil
}
