package stages

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/specstress/specstress/pipeline/llm"
)

// Report is what Execute did.
type Report struct {
	Results  []StageResult
	Stats    llm.Stats
	Export   ExportSummary
	Failures int      // items that failed and still have no result (see Run.OpenFailures)
	Warnings []string // see Run.TaxonomyWarning
}

// String summarises the report, one line per stage.
func (r *Report) String() string {
	var b strings.Builder
	for _, w := range r.Warnings {
		fmt.Fprintln(&b, "WARNING:", w)
	}
	for _, s := range r.Results {
		fmt.Fprintln(&b, s)
	}
	fmt.Fprintln(&b, r.Stats)
	fmt.Fprintf(&b, "dataset %s: complete/train %d rows, default splits %v, judged rows %v; %d items failed",
		r.Export.Dir, r.Export.CompleteRows, r.Export.DefaultSplits, r.Export.JudgeRows, r.Failures)
	return b.String()
}

// Execute runs the named stages (every stage when none are named) of cfg
// end to end with keys from the environment: client stack and cache, the
// stages (resuming whatever cfg.Out already holds), and the export to
// cfg.Out/dataset. progress may be nil. This is the one-call form for
// notebook cells and scripts:
//
//	cfg := stages.DefaultConfig() // every role offline (sim)
//	cfg.Out, cfg.Pairs = "run", 20
//	rep, err := stages.Execute(ctx, cfg, nil)
func Execute(ctx context.Context, cfg Config, progress llm.Progress, names ...string) (*Report, error) {
	if len(names) == 0 {
		names = AllStages()
	}
	stack, cache, err := NewStack(cfg, os.Getenv, nil)
	if err != nil {
		return nil, err
	}
	defer cache.Close()
	r, err := Open(cfg, stack)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	r.Stats, r.Progress = stack.Stats, progress
	if r.Embedder, err = NewEmbedder(cfg, os.Getenv); err != nil {
		return nil, err
	}
	rep := &Report{}
	if w := r.TaxonomyWarning(); w != "" {
		rep.Warnings = append(rep.Warnings, w)
	}
	rep.Results, err = r.Stages(ctx, names...)
	rep.Stats = stack.Stats()
	if err != nil {
		return rep, err
	}
	rep.Export, err = r.Export(filepath.Join(cfg.Out, "dataset"))
	rep.Failures = len(r.OpenFailures())
	return rep, err
}
