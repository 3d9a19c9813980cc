package stages

import (
	"errors"
	"fmt"
	"strings"

	"github.com/specstress/specstress/pipeline"
)

// Gap is what one stage lacks for one model: items it should have
// produced and has no result for (failed, or never answered).
type Gap struct {
	Stage   string
	Model   string // the model the missing items belong to (respondent, judge, generator, ...)
	Missing int
	Items   int // the stage's items for that model
	// Cause is the most frequent error recorded for the missing items (in
	// failures.jsonl), with Failed the number of them that have one; the
	// rest were never asked (an earlier stage lacks their input).
	Cause  string
	Failed int
}

// String is the one-line form the CLI prints.
func (g Gap) String() string {
	s := fmt.Sprintf("%s %s: %d of %d missing", g.Stage, g.Model, g.Missing, g.Items)
	if g.Model == "" {
		s = fmt.Sprintf("%s: %d of %d missing", g.Stage, g.Missing, g.Items)
	}
	if g.Failed > 0 {
		s += fmt.Sprintf(" (%d failed; most often: %s)", g.Failed, g.Cause)
	}
	return s
}

// failureModel returns the model a failed item belongs to, as Gaps
// attributes it: the respondent of a response, the judge of a judgment,
// nothing for per-scenario items.
func failureModel(f Failure) string {
	parts := strings.Split(f.Item, "|")
	switch f.Stage {
	case StageResponses:
		if len(parts) == 2 {
			return parts[1]
		}
	case StageJudge:
		if len(parts) == 3 {
			return parts[2]
		}
	}
	return ""
}

// causes fills each gap's Cause and Failed from the open failures.
func (r *Run) causes(gaps []Gap) {
	type key struct{ stage, model string }
	msgs := map[key]map[string]int{}
	for _, f := range r.OpenFailures() {
		k := key{f.Stage, failureModel(f)}
		if msgs[k] == nil {
			msgs[k] = map[string]int{}
		}
		m := f.Error
		if len(m) > 160 {
			m = m[:160] + "…"
		}
		msgs[k][m]++
	}
	for i := range gaps {
		best, bestN := "", 0
		for m, n := range msgs[key{gaps[i].Stage, gaps[i].Model}] {
			gaps[i].Failed += n
			if n > bestN || n == bestN && m < best {
				best, bestN = m, n
			}
		}
		gaps[i].Cause = best
	}
}

// Gaps counts, from the journals, what the named stages and every stage
// before them lack, per stage and model: a run is complete for those
// stages when it returns nothing. Later stages are not counted (a
// "generate" that has not yet been followed by "respond" is not
// incomplete).
func (r *Run) Gaps(stages ...string) []Gap {
	last := -1
	for i, st := range AllStages() {
		for _, n := range stages {
			if n == st {
				last = i
			}
		}
	}
	var out []Gap
	counts := map[[2]string]*Gap{}
	var order [][2]string
	add := func(stage, model string, missing bool) {
		k := [2]string{stage, model}
		g := counts[k]
		if g == nil {
			g = &Gap{Stage: stage, Model: model}
			counts[k] = g
			order = append(order, k)
		}
		g.Items++
		if missing {
			g.Missing++
		}
	}
	scs := r.scenarios.All()
	for _, st := range AllStages()[:last+1] {
		switch st {
		case StagePairs:
			n := r.pairs.Len()
			for i := 0; i < max(n, r.Config.Pairs); i++ {
				add(st, "", i >= n)
			}
		case StageScenarios:
			for _, p := range r.pairs.All() {
				for _, n := range pipeline.Nudges() {
					add(st, p.Generator, !r.scenarios.Has(pipeline.ScenarioKey{Chunk: p.Key.Chunk, Entry: p.Key.Entry, Nudge: n}.String()))
				}
			}
		case StageSpectra:
			for _, p := range r.pairsWithScenarios() {
				add(st, string(r.Config.Spectrum.ID), !r.spectra.Has(pairID(p.Key)))
			}
		case StageResponses:
			for _, s := range scs {
				for _, m := range r.Config.Respondents {
					add(st, string(m.ID), !r.responses.Has(itemID(s.Key, m.ID)))
				}
			}
		case StageClassify, StageResponseTypes, StageValues:
			r.perResponseGaps(st, scs, add)
		case StageTopics:
			for _, s := range scs {
				add(st, string(r.Config.Tagger.ID), !r.topics.Has(s.Key.String()))
			}
		case StageJudge:
			for _, it := range r.judgeList(false) {
				add(st, string(it.judge.ID), !r.judged.Has(judgeItemID(it)))
			}
		}
	}
	for _, k := range order {
		if g := counts[k]; g.Missing > 0 {
			out = append(out, *g)
		}
	}
	r.causes(out)
	return out
}

// perResponseGaps counts the responses a per-scenario stage has not
// covered, per respondent.
func (r *Run) perResponseGaps(stage string, scs []ScenarioRec, add func(stage, model string, missing bool)) {
	var ids []pipeline.ModelID
	for _, m := range r.Config.Respondents {
		ids = append(ids, m.ID)
	}
	for _, s := range scs {
		key := s.Key.String()
		if stage == StageValues && r.Config.ValuesMinStd > 0 {
			p, ok := r.placed.Get(key)
			if !ok || !(maxPopStd(p.Placements, ids) >= r.Config.ValuesMinStd) {
				continue // out of the stage's scope (or its positions are missing, counted under classify)
			}
		}
		for _, id := range r.responders(s) {
			one := []pipeline.ModelID{id}
			var ok bool
			switch stage {
			case StageClassify:
				ok = r.placedCovers(key, one)
			case StageResponseTypes:
				ok = r.typesCover(key, one)
			case StageValues:
				ok = r.valuesCover(key, one)
			}
			add(stage, string(id), !ok)
		}
	}
}

// IncompleteError is returned when a run ends with items missing: what a
// script must not mistake for a complete result.
type IncompleteError struct {
	Gaps []Gap
}

func (e *IncompleteError) Error() string {
	n := 0
	for _, g := range e.Gaps {
		n += g.Missing
	}
	lines := make([]string, len(e.Gaps))
	for i, g := range e.Gaps {
		lines[i] = g.String()
	}
	return fmt.Sprintf("incomplete: %d items missing (%s)", n, strings.Join(lines, "; "))
}

// ErrIncomplete matches any *IncompleteError with errors.Is.
var ErrIncomplete = errors.New("incomplete")

// Is makes errors.Is(err, ErrIncomplete) true.
func (e *IncompleteError) Is(target error) bool { return target == ErrIncomplete }

// MissingByStage sums gaps per stage.
func MissingByStage(gaps []Gap) map[string]int {
	out := map[string]int{}
	for _, g := range gaps {
		out[g.Stage] += g.Missing
	}
	return out
}
