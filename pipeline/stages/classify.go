package stages

import (
	"context"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/embed"
	"github.com/specstress/specstress/pipeline/llm"
)

// PlacementRec holds the classification of every response to a scenario.
type PlacementRec struct {
	Key        pipeline.ScenarioKey           `json:"key"`
	Placements map[pipeline.ModelID]Placement `json:"placements"`
}

// TopicsRec holds a scenario's topic tags, in pipeline.Topics order.
type TopicsRec struct {
	Key  pipeline.ScenarioKey `json:"key"`
	Tags []bool               `json:"tags"`
}

// TypesRec holds the response type of every response to a scenario.
type TypesRec struct {
	Key   pipeline.ScenarioKey                       `json:"key"`
	Types map[pipeline.ModelID]pipeline.ResponseType `json:"types"`
}

// ValuesRec holds the distinctive values of every response to a scenario:
// the free-form phrases and their categories (indexes into
// pipeline.Categories, by embedding similarity).
type ValuesRec struct {
	Key        pipeline.ScenarioKey          `json:"key"`
	Values     map[pipeline.ModelID][]string `json:"values"`
	Categories map[pipeline.ModelID][]int16  `json:"categories"`
}

// spectraOf returns a pair's spectra, or nil when the pair has none (the
// classifier then sees the bare labels).
func (r *Run) spectraOf(s ScenarioRec) *Spectra {
	sp, ok := r.spectra.Get(pairID(s.Key.Pair()))
	if !ok {
		return nil
	}
	return &sp.Spectra
}

// perScenario runs a per-scenario task over scenarios that have responses
// (and, with minStd > 0, a disagreement over the respondents of at least
// minStd). Dependencies are per response: a scenario is done only when its
// record covers every response it has now, so a response that arrives on
// a later run (a respondent that failed, then worked) makes the scenario
// due again, and the task reruns over all its responses (the method
// classifies a scenario's responses side by side in one call).
func (r *Run) perScenario(ctx context.Context, stage string, minStd float64, covered func(key string, ids []pipeline.ModelID) bool,
	fn func(ctx context.Context, s ScenarioRec, ids []pipeline.ModelID, texts []string) error) (StageResult, error) {
	scs := r.scenarios.All()
	if minStd > 0 {
		var ids []pipeline.ModelID
		for _, m := range r.Config.Respondents {
			ids = append(ids, m.ID)
		}
		kept := scs[:0:0]
		for _, s := range scs {
			if p, ok := r.placed.Get(s.Key.String()); ok && maxPopStd(p.Placements, ids) >= minStd {
				kept = append(kept, s)
			}
		}
		scs = kept
	}
	return r.each(ctx, stage, len(scs), func(i int) string { return scs[i].Key.String() },
		func(i int) bool {
			ids := r.responders(scs[i])
			return len(ids) > 0 && covered(scs[i].Key.String(), ids)
		},
		func(ctx context.Context, i int) error {
			ids, texts := r.scenarioResponses(scs[i])
			if len(ids) == 0 {
				return errNoResponses
			}
			return fn(ctx, scs[i], ids, texts)
		})
}

// covers reports whether a per-scenario record has an entry for every id.
func covers[V any](m map[pipeline.ModelID]V, ids []pipeline.ModelID) bool {
	for _, id := range ids {
		if _, ok := m[id]; !ok {
			return false
		}
	}
	return true
}

func (r *Run) placedCovers(key string, ids []pipeline.ModelID) bool {
	rec, ok := r.placed.Get(key)
	return ok && covers(rec.Placements, ids)
}

func (r *Run) typesCover(key string, ids []pipeline.ModelID) bool {
	rec, ok := r.types.Get(key)
	return ok && covers(rec.Types, ids)
}

func (r *Run) valuesCover(key string, ids []pipeline.ModelID) bool {
	rec, ok := r.values.Get(key)
	return ok && covers(rec.Categories, ids)
}

// Classify places all responses to each scenario on both spectra in one
// call (B.4).
func (r *Run) Classify(ctx context.Context) (StageResult, error) {
	return r.perScenario(ctx, StageClassify, 0, r.placedCovers, func(ctx context.Context, s ScenarioRec, ids []pipeline.ModelID, texts []string) error {
		req := r.Config.Classifier.request(llm.TaskClassify, "", r.Config.templates().classify(s.Value1, s.Value2, s.Query, r.spectraOf(s), ids, texts), s.meta())
		r.Config.Classifier.structured(req, byModelSchema("placements", ids, placementItem))
		return r.ask(ctx, req, func(resp *llm.Response) error {
			p, err := parsePlacements(resp.Text, ids)
			if err != nil {
				return err
			}
			return r.placed.Append(s.Key.String(), PlacementRec{Key: s.Key, Placements: p})
		})
	})
}

// Topics tags each scenario's query with the eight topics (B.5).
func (r *Run) Topics(ctx context.Context) (StageResult, error) {
	scs := r.scenarios.All()
	return r.each(ctx, StageTopics, len(scs), func(i int) string { return scs[i].Key.String() },
		func(i int) bool { return r.topics.Has(scs[i].Key.String()) },
		func(ctx context.Context, i int) error {
			s := scs[i]
			req := r.Config.Tagger.request(llm.TaskTopics, "", r.Config.templates().topics(s.Query), s.meta())
			r.Config.Tagger.structured(req, topicsSchema)
			return r.ask(ctx, req, func(resp *llm.Response) error {
				tags, err := parseTopics(resp.Text)
				if err != nil {
					return err
				}
				return r.topics.Append(s.Key.String(), TopicsRec{Key: s.Key, Tags: tags})
			})
		})
}

// ResponseTypes assigns each response one of the seven response types.
func (r *Run) ResponseTypes(ctx context.Context) (StageResult, error) {
	return r.perScenario(ctx, StageResponseTypes, 0, r.typesCover, func(ctx context.Context, s ScenarioRec, ids []pipeline.ModelID, texts []string) error {
		req := r.Config.Classifier.request(llm.TaskResponseType, "", r.Config.templates().responseTypes(s.Query, ids, texts), s.meta())
		r.Config.Classifier.structured(req, byModelSchema("response_types", ids, typeItem))
		return r.ask(ctx, req, func(resp *llm.Response) error {
			t, err := parseTypes(resp.Text, ids)
			if err != nil {
				return err
			}
			return r.types.Append(s.Key.String(), TypesRec{Key: s.Key, Types: t})
		})
	})
}

// categoryMapper maps free-form values to the 26 categories; each category
// is described by its name and the run taxonomy's values in it.
func (r *Run) categoryMapper(ctx context.Context) (*embed.Mapper, error) {
	e := r.Embedder
	if e == nil {
		e = embed.Hashed{}
	}
	names := pipeline.CategoryNames()
	desc := make([]string, len(names))
	for i, n := range names {
		desc[i] = n
	}
	// Only the category names: the taxonomy's value lists would let a
	// single shared word pull phrases toward the wrong category.
	return embed.NewMapper(ctx, e, names, desc)
}

// Values lists the values each response expresses distinctively (one call
// per scenario) and maps each to the nearest of the 26 categories.
func (r *Run) Values(ctx context.Context) (StageResult, error) {
	mapper, err := r.categoryMapper(ctx)
	if err != nil {
		return StageResult{Stage: StageValues}, err
	}
	return r.perScenario(ctx, StageValues, r.Config.ValuesMinStd, r.valuesCover, func(ctx context.Context, s ScenarioRec, ids []pipeline.ModelID, texts []string) error {
		req := r.Config.Classifier.request(llm.TaskValues, "", r.Config.templates().values(s.Query, ids, texts), s.meta())
		r.Config.Classifier.structured(req, byModelSchema("distinctive_values", ids, valuesItem))
		return r.ask(ctx, req, func(resp *llm.Response) error {
			vals, err := parseValues(resp.Text, ids)
			if err != nil {
				return err
			}
			rec := ValuesRec{Key: s.Key, Values: vals, Categories: map[pipeline.ModelID][]int16{}}
			for id, vs := range vals {
				idx, _, err := mapper.Map(ctx, vs)
				if err != nil {
					return err
				}
				cats := []int16{}
				for _, c := range idx {
					if c >= 0 && !containsCat(cats, int16(c)) {
						cats = append(cats, int16(c))
					}
				}
				rec.Categories[id] = cats
			}
			return r.values.Append(s.Key.String(), rec)
		})
	})
}

func containsCat(xs []int16, x int16) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
