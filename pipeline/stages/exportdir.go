package stages

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/specstress/specstress/pipeline/dataset"
)

// exportEntries are the names an export directory holds.
var exportEntries = map[string]bool{
	dataset.ProvenanceFile:                      true,
	dataset.ConfigDir(dataset.Default):          true,
	dataset.ConfigDir(dataset.Complete):         true,
	dataset.ConfigDir(dataset.JudgeEvaluations): true,
}

// replaceable refuses to replace a directory that is not an export: the
// swap removes everything in it.
func replaceable(dir string) error {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("export: %s exists and is not a directory", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	for _, e := range entries {
		if !exportEntries[e.Name()] {
			return fmt.Errorf("export: %s holds %s, which an export does not write: refusing to replace the directory (choose another one, or empty it)",
				dir, filepath.Join(dir, e.Name()))
		}
	}
	return nil
}

// swapDir puts the finished export tmp in place of dir: the old dir is
// moved aside, tmp renamed in, and the old one removed. Both are in one
// parent directory, so the renames do not copy.
func swapDir(tmp, dir string) error {
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = filepath.Join(filepath.Dir(filepath.Clean(dir)), "."+filepath.Base(filepath.Clean(dir))+".old-"+strconv.Itoa(os.Getpid()))
		os.RemoveAll(old)
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("export: move the earlier export aside: %w", err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir) // put the earlier export back
		}
		return fmt.Errorf("export: %w", err)
	}
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("export: remove the earlier export %s: %w", old, err)
		}
	}
	return nil
}

// provenance describes the export: every role's model, which columns a
// simulated role produced, and what the run lacks.
func (r *Run) provenance(sum *ExportSummary) *dataset.Provenance {
	p := &dataset.Provenance{Producer: "specstress stages export", Run: r.Config.Out,
		Splits:           "default splits: scenarios with D >= 1.5 over the subset's models, deduplicated and ranked (rank) by the disagreement-weighted k-center selection (stop 0.8) over query embeddings by " + embedderName(r.Config.Embedder),
		SimulatedColumns: map[string][]string{}}
	sim := map[string]bool{} // role|id
	for _, s := range sum.Simulated {
		sim[s.Role+"|"+s.ID] = true
	}
	for _, rl := range r.Config.roles() {
		for _, m := range rl.models {
			p.Roles = append(p.Roles, dataset.RoleProvenance{Role: rl.name, ID: string(m.ID), Model: m.Model, Simulated: sim[rl.name+"|"+string(m.ID)]})
		}
	}
	mark := func(config string, cols ...string) {
		p.SimulatedColumns[config] = append(p.SimulatedColumns[config], cols...)
	}
	classifierSim := sim["classifier|"+string(r.Config.Classifier.ID)]
	for _, m := range r.Config.Respondents {
		c1, c2 := dataset.PositionColumns(m.ID)
		switch {
		case sim["respondents|"+string(m.ID)]:
			// The response and everything read off it.
			for _, cfg := range []string{dataset.Default, dataset.Complete} {
				mark(cfg, dataset.ResponseColumn(m.ID), c1, c2)
			}
			mark(dataset.Complete, dataset.ResponseTypeColumn(m.ID), dataset.DistinctiveValuesColumn(m.ID))
		case classifierSim:
			for _, cfg := range []string{dataset.Default, dataset.Complete} {
				mark(cfg, c1, c2)
			}
			mark(dataset.Complete, dataset.ResponseTypeColumn(m.ID), dataset.DistinctiveValuesColumn(m.ID))
		}
	}
	if sim["spectrum|"+string(r.Config.Spectrum.ID)] {
		mark(dataset.Complete, dataset.ColSpectra)
	}
	if sim["tagger|"+string(r.Config.Tagger.ID)] {
		mark(dataset.Complete, dataset.ColTopics)
	}
	for _, j := range r.Config.Judges {
		if sim["judges|"+string(j.ID)] {
			mark(dataset.JudgeEvaluations, dataset.DecisionColumn(string(j.ID)))
		}
	}
	for _, g := range r.Config.Generators {
		if sim["generators|"+string(g.ID)] {
			p.SimulatedRows = true
		}
	}
	for k, v := range p.SimulatedColumns {
		if len(v) == 0 {
			delete(p.SimulatedColumns, k)
		}
	}
	if m := MissingByStage(r.Gaps(r.startedStages()...)); len(m) > 0 {
		p.Missing = m
	}
	return p
}

// startedStages lists the stages with at least one journaled result.
func (r *Run) startedStages() []string {
	var out []string
	for st, n := range map[string]int{StagePairs: r.pairs.Len(), StageScenarios: r.scenarios.Len(), StageSpectra: r.spectra.Len(),
		StageResponses: r.responses.Len(), StageClassify: r.placed.Len(), StageTopics: r.topics.Len(),
		StageResponseTypes: r.types.Len(), StageValues: r.values.Len(), StageJudge: r.judged.Len()} {
		if n > 0 {
			out = append(out, st)
		}
	}
	return out
}

func embedderName(e string) string {
	if e == "" {
		return "hashed"
	}
	return e
}
