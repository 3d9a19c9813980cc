package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/pipeline/dataset"
)

// Default inputs of `analyze` and `plot`, one per subcommand. They are
// fixed: they never depend on which folders a dataset has, so the same
// command reads the same rows on the sample and on the real release.
const (
	// defaultPositionSplit is read by disagreement, outliers, select and
	// the position figures: the paper's high-disagreement split of all 12
	// models.
	defaultPositionSplit = "all_models"
	// defaultExtensionSplit is read by profiles, refusals and their
	// figures: the only config that can carry this project's
	// classification columns (response types, distinctive values).
	defaultExtensionSplit = "complete/train"
	// judgeInput names what compliance and agreement read.
	judgeInput = "judge_evaluations (every bin)"
)

// selection is what one analysis or figure reads: a split and a model set,
// each with how it was chosen. analyze and plot resolve both through
// resolveSelection so the two commands cannot diverge.
type selection struct {
	split    *dataset.Split
	set      pipeline.ModelSet
	splitSrc string
	setSrc   string
}

// resolveSelection picks the split (--split, else the subcommand's fixed
// default def) and the model set: --models (a subset name or ids), else
// the paper subset named like the split, else every model with positions
// in the split.
func resolveSelection(ds *dataset.Dataset, splitFlag, modelsFlag, def, cmd string) (*selection, error) {
	name, src := splitFlag, "--split"
	if name == "" {
		name, src = def, "default of "+cmd
	}
	sp, err := ds.Split(name)
	if err != nil {
		return nil, fmt.Errorf("split %s (%s): %w", name, src, err)
	}
	sel := &selection{split: sp, splitSrc: src}
	switch set, ok := pipeline.SubsetByName(sp.Name); {
	case modelsFlag != "":
		sel.set, sel.setSrc = pipeline.ParseModelSet(modelsFlag), "--models"
		if len(sel.set.Models) == 0 {
			return nil, fmt.Errorf("--models %q names no model", modelsFlag)
		}
		if err := knownModels(sel.set.Models, sp); err != nil {
			return nil, err
		}
	case ok && sp.Config == dataset.Default:
		sel.set, sel.setSrc = set, "the subset the split is named after"
	default:
		models := sp.PositionModels()
		if len(models) == 0 {
			models = sp.Models
		}
		sel.set = pipeline.ModelSet{Name: fmt.Sprintf("every model of %s/%s", sp.Config, sp.Name), Models: models}
		sel.setSrc = "every model with columns in the split"
	}
	return sel, nil
}

// splitName is the split's qualified name.
func (s *selection) splitName() string { return s.split.Config + "/" + s.split.Name }

// annotate adds the split, model set and row count to every table.
func (s *selection) annotate(tables []*analysis.Table, rows int) {
	for _, t := range tables {
		t.Note("split", fmt.Sprintf("%s (%s)", s.splitName(), s.splitSrc))
		t.Note("model set", fmt.Sprintf("%s: %s (%s)", s.set.Name, joinModels(s.set.Models), s.setSrc))
		t.Note("rows", fmt.Sprint(rows))
	}
}

// describe is the one-line form for a figure subtitle.
func (s *selection) describe(rows int) string {
	return fmt.Sprintf("split %s, %s (%d models), %d rows", s.splitName(), s.set.Name, len(s.set.Models), rows)
}

func joinModels(ids []pipeline.ModelID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return strings.Join(s, ", ")
}

// judgeSelection is what compliance and agreement read: every bin of
// judge_evaluations, normalised, with the reader's report.
type judgeSelection struct {
	j      *pipeline.Judgments
	rep    *dataset.JudgeReport
	set    pipeline.ModelSet
	setSrc string
}

// resolveJudgments reads the judgments (--split does not apply: the
// analyses pool every bin), prints the reader's warnings to warn, and picks
// the model set (--models, else openai_models, the models the paper
// judged).
func resolveJudgments(ds *dataset.Dataset, splitFlag, modelsFlag string, warn io.Writer) (*judgeSelection, error) {
	if splitFlag != "" {
		return nil, fmt.Errorf("--split %q: compliance and agreement read every bin of %s; --split does not apply", splitFlag, dataset.JudgeEvaluations)
	}
	j, rep, err := ds.ReadJudgments()
	if err != nil {
		return nil, err
	}
	for _, w := range rep.Warnings() {
		fmt.Fprintln(warn, "warning:", w)
	}
	js := &judgeSelection{j: j, rep: rep, set: pipeline.OpenAIModels, setSrc: "default: the five OpenAI models the paper judged"}
	if modelsFlag != "" {
		js.set, js.setSrc = pipeline.ParseModelSet(modelsFlag), "--models"
	}
	return js, nil
}

// requireModels refuses when a model of the set has no judged row, naming
// the missing models, the models found and the spellings normalised, and
// when a row's nudge could not be read: its scenario is unknown, so
// per-scenario outcomes would be wrong.
func (js *judgeSelection) requireModels() error {
	if js.rep.BadKeys > 0 {
		return fmt.Errorf("%d of %d judged rows have no readable nudge (query_key or nudge_direction), so their scenario is unknown; e.g. %s",
			js.rep.BadKeys, js.rep.Rows, strings.Join(js.rep.BadKeyExamples, "; "))
	}
	missing := js.rep.MissingModels(js.set)
	if len(missing) == 0 {
		return nil
	}
	var unknown []string
	for k := range js.rep.Unknown {
		unknown = append(unknown, fmt.Sprintf("%q", k))
	}
	msg := fmt.Sprintf("model set %s (%s) needs judged responses of %s, which the judge files lack; models found: %s",
		js.set.Name, js.setSrc, joinModels(missing), joinModels(js.rep.Models()))
	if len(unknown) > 0 {
		msg += fmt.Sprintf("; spellings not recognised: %s", strings.Join(unknown, ", "))
	}
	return fmt.Errorf("%s", msg)
}

// annotate adds what the judge analyses read to every table; rows is the
// number of judged rows the statistics use.
func (js *judgeSelection) annotate(tables []*analysis.Table, withSet bool, rows int) {
	for _, t := range tables {
		t.Note("split", fmt.Sprintf("%s: %s", judgeInput, strings.Join(js.rep.Splits, ", ")))
		if withSet {
			t.Note("model set", fmt.Sprintf("%s: %s (%s)", js.set.Name, joinModels(js.set.Models), js.setSrc))
		}
		t.Note("rows", fmt.Sprint(rows))
		if rows != js.j.Rows {
			t.Note("judged rows read", fmt.Sprint(js.j.Rows))
		}
		t.Note("nudge from", js.rep.NudgeSource)
		if n := js.rep.UnparsedDecisions(); n > 0 {
			t.Note("unparsed decisions", fmt.Sprintf("%d (counted as missing; see the warnings)", n))
		}
		if js.rep.BadKeys > 0 {
			t.Note("unreadable keys", fmt.Sprintf("%d rows with an empty nudge", js.rep.BadKeys))
		}
	}
}

// knownModels checks that every model of --models has columns in the split,
// so a typo reads as an unknown model rather than a missing column.
func knownModels(ids []pipeline.ModelID, sp *dataset.Split) error {
	have := sp.PositionModels()
	if len(have) == 0 {
		have = sp.Models
	}
	var unknown []string
	for _, id := range ids {
		if slices.Contains(have, id) {
			continue
		}
		if n, ok := dataset.NormalizeModelID(string(id)); ok && n != id && slices.Contains(have, n) {
			unknown = append(unknown, fmt.Sprintf("%s (did you mean %s?)", id, n))
			continue
		}
		unknown = append(unknown, string(id))
	}
	if len(unknown) == 0 {
		return nil
	}
	what := "unknown model " + unknown[0]
	if len(unknown) > 1 {
		what = "unknown models " + strings.Join(unknown, ", ")
	}
	return fmt.Errorf("--models: %s (models in split %s/%s: %s)", what, sp.Config, sp.Name, joinModels(have))
}
