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
	Gaps     []Gap    // what the run stages (and those before them) lack
	Warnings []string // journal repairs, the stand-in taxonomy (see Run.Warnings)
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
	if s := SimulatedNote(r.Export.Simulated); s != "" {
		fmt.Fprintf(&b, "\n%s", s)
	}
	for _, g := range r.Gaps {
		fmt.Fprintf(&b, "\nmissing: %s", g)
	}
	return b.String()
}

// SimulatedNote is the warning a report carries when roles were played
// by the offline sim backend; empty when none were.
func SimulatedNote(sim []SimulatedRole) string {
	if len(sim) == 0 {
		return ""
	}
	byRole := map[string][]string{}
	var roles []string
	for _, s := range sim {
		if byRole[s.Role] == nil {
			roles = append(roles, s.Role)
		}
		byRole[s.Role] = append(byRole[s.Role], s.ID)
	}
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = r + " " + strings.Join(byRole[r], ", ")
	}
	return "SIMULATED (offline sim backend, not real model output): " + strings.Join(parts, "; ")
}

// Execute runs the named stages (every stage when none are named) of cfg
// end to end with keys from the environment: client stack and cache, the
// stages (resuming whatever cfg.Out already holds), and the export to
// cfg.Out/dataset. progress may be nil. When items are missing at the
// end (failed or never answered) the report comes with an
// *IncompleteError, unless cfg.AllowPartial is set. This is the one-call
// form for notebook cells and scripts:
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
	rep := &Report{Warnings: r.Warnings()}
	rep.Results, err = r.Stages(ctx, names...)
	rep.Stats = stack.Stats()
	if err != nil {
		return rep, err
	}
	rep.Export, err = r.Export(filepath.Join(cfg.Out, "dataset"))
	rep.Failures = len(r.OpenFailures())
	rep.Gaps = r.Gaps(names...)
	if err == nil && len(rep.Gaps) > 0 && !cfg.AllowPartial {
		err = &IncompleteError{Gaps: rep.Gaps}
	}
	return rep, err
}
