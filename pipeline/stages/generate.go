package stages

import (
	"context"
	"fmt"
	"strconv"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/taxonomy"
)

// PairRec is a sampled value pair and the generator assigned to it.
type PairRec struct {
	Key       pipeline.PairKey `json:"key"`
	Value1    string           `json:"value1"`
	Value2    string           `json:"value2"`
	Cat1      int              `json:"cat1"` // category index, -1 when unknown
	Cat2      int              `json:"cat2"`
	Generator string           `json:"generator"` // the generator's id (the query_generator column)
}

// ScenarioRec is one scenario: the neutral query or a biased rewrite.
type ScenarioRec struct {
	Key       pipeline.ScenarioKey `json:"key"`
	Value1    string               `json:"value1"`
	Value2    string               `json:"value2"`
	Cat1      int                  `json:"cat1"`
	Cat2      int                  `json:"cat2"`
	Generator string               `json:"generator"`
	Query     string               `json:"query"`
}

// SpectraRec holds the spectra of one pair.
type SpectraRec struct {
	Pair    pipeline.PairKey `json:"pair"`
	Spectra Spectra          `json:"spectra"`
}

func (p PairRec) meta(nudge pipeline.Nudge) map[string]string {
	return map[string]string{llm.MetaValue1: p.Value1, llm.MetaValue2: p.Value2,
		llm.MetaCat1: strconv.Itoa(p.Cat1), llm.MetaCat2: strconv.Itoa(p.Cat2),
		llm.MetaNudge: string(nudge), llm.MetaSeed: pipeline.ScenarioKey{Chunk: p.Key.Chunk, Entry: p.Key.Entry, Nudge: nudge}.String()}
}

// Pairs samples the configured number of value pairs (seeded) and
// journals them; generators are assigned round-robin, so each writes
// about an equal share as in the paper. Re-running with the same
// configuration keeps the journaled pairs.
func (r *Run) Pairs() (StageResult, error) {
	res := StageResult{Stage: StagePairs, Items: r.Config.Pairs, Warnings: nonEmpty(r.TaxonomyWarning())}
	if err := r.Config.Check(StagePairs); err != nil {
		return res, err
	}
	if r.pairs.Len() >= r.Config.Pairs {
		res.Skipped = r.Config.Pairs
		return res, nil
	}
	ps, err := r.tax.SamplePairs(taxonomy.SampleOptions{N: r.Config.Pairs, Seed: r.Config.Seed, Weighted: r.Config.Weighted})
	if err != nil {
		return res, err
	}
	if err := r.recordTaxonomy(); err != nil {
		return res, err
	}
	gens := r.Config.Generators
	for i, p := range ps {
		id := pairID(p.Key)
		if r.pairs.Has(id) {
			res.Skipped++
			continue
		}
		rec := PairRec{Key: p.Key, Value1: p.Value1.Name, Value2: p.Value2.Name,
			Cat1: pipeline.CategoryIndex(p.Value1.Category), Cat2: pipeline.CategoryIndex(p.Value2.Category),
			Generator: string(gens[i%len(gens)].ID)}
		if err := r.pairs.Append(id, rec); err != nil {
			return res, err
		}
		res.Done++
	}
	return res, nil
}

// PairList returns the journaled pairs.
func (r *Run) PairList() []PairRec { return r.pairs.All() }

// ScenarioList returns the journaled scenarios, in the order they were written.
func (r *Run) ScenarioList() []ScenarioRec { return r.scenarios.All() }

// generator returns the configured generator a pair was assigned to. A
// pair journaled with a generator the configuration no longer names stops
// the stage: another model writing under that id would mislabel the
// query_generator column.
func (r *Run) generator(id string) (ModelSpec, error) {
	for _, g := range r.Config.Generators {
		if string(g.ID) == id {
			return g, nil
		}
	}
	return ModelSpec{}, fmt.Errorf("%w: pairs.jsonl assigns pairs to generator %q, which the configuration's \"generators\" do not name", llm.ErrSetup, id)
}

// Scenarios writes, per pair, the neutral query (B.1) and its two biased
// rewrites (B.2) with the pair's generator. A refused or malformed
// generation (after the bounded re-asks) drops that scenario, and with
// the neutral query the whole pair, as in the paper.
func (r *Run) Scenarios(ctx context.Context) (StageResult, error) {
	pairs := r.pairs.All()
	key := func(p PairRec, n pipeline.Nudge) pipeline.ScenarioKey {
		return pipeline.ScenarioKey{Chunk: p.Key.Chunk, Entry: p.Key.Entry, Nudge: n}
	}
	done := func(i int) bool {
		for _, n := range pipeline.Nudges() {
			if !r.scenarios.Has(key(pairs[i], n).String()) {
				return false
			}
		}
		return true
	}
	return r.each(ctx, StageScenarios, len(pairs), func(i int) string { return pairID(pairs[i].Key) }, done,
		func(ctx context.Context, i int) error {
			p := pairs[i]
			g, err := r.generator(p.Generator)
			if err != nil {
				return err
			}
			rec := ScenarioRec{Key: key(p, pipeline.Neutral), Value1: p.Value1, Value2: p.Value2, Cat1: p.Cat1, Cat2: p.Cat2, Generator: p.Generator}
			neutral, ok := r.scenarios.Get(rec.Key.String())
			if !ok {
				req := g.request(llm.TaskScenario, "", r.Config.templates().scenario(p.Value1, p.Value2), p.meta(pipeline.Neutral))
				err := r.ask(ctx, req, func(resp *llm.Response) (err error) {
					rec.Query, err = generated(resp, "[User Question]")
					return err
				})
				if err != nil {
					return fmt.Errorf("neutral query: %w", err)
				}
				if err := r.scenarios.Append(rec.Key.String(), rec); err != nil {
					return err
				}
				neutral = rec
			}
			var errs []error
			for _, n := range []pipeline.Nudge{pipeline.TowardValue1, pipeline.TowardValue2} {
				b := neutral
				b.Key = key(p, n)
				if r.scenarios.Has(b.Key.String()) {
					continue
				}
				meta := p.meta(n)
				meta[llm.MetaQuery] = neutral.Query
				req := g.request(llm.TaskBias, "", r.Config.templates().bias(p.Value1, p.Value2, neutral.Query, n), meta)
				err := r.ask(ctx, req, func(resp *llm.Response) (err error) {
					b.Query, err = generated(resp, "[User Query]")
					return err
				})
				if err == nil {
					err = r.scenarios.Append(b.Key.String(), b)
				}
				if err != nil {
					errs = append(errs, fmt.Errorf("%s rewrite: %w", n, err))
				}
			}
			return itemErrors(errs)
		})
}

// generated extracts a generated query, treating refusals as invalid.
func generated(resp *llm.Response, tag string) (string, error) {
	if resp.Refusal != "" {
		return "", invalid("generator refused")
	}
	if resp.Stop == "length" || resp.Stop == "max_tokens" {
		return "", invalid("generation cut off at max tokens")
	}
	return afterTag(resp.Text, tag)
}

// Spectra asks for the two value spectra of every pair (B.3), showing the
// generator the pair's queries.
func (r *Run) Spectra(ctx context.Context) (StageResult, error) {
	pairs := r.pairsWithScenarios()
	return r.each(ctx, StageSpectra, len(pairs), func(i int) string { return pairID(pairs[i].Key) },
		func(i int) bool { return r.spectra.Has(pairID(pairs[i].Key)) },
		func(ctx context.Context, i int) error {
			p := pairs[i]
			var qs [3]string
			for k, n := range pipeline.Nudges() {
				if s, ok := r.scenarios.Get(pipeline.ScenarioKey{Chunk: p.Key.Chunk, Entry: p.Key.Entry, Nudge: n}.String()); ok {
					qs[k] = s.Query
				}
			}
			prompt, err := r.Config.templates().spectrum(p.Value1, p.Value2, qs)
			if err != nil {
				return err
			}
			req := r.Config.Spectrum.request(llm.TaskSpectrum, "", prompt, p.meta(pipeline.Neutral))
			r.Config.Spectrum.structured(req, spectraSchema)
			var sp Spectra
			err = r.ask(ctx, req, func(resp *llm.Response) (err error) {
				sp, err = parseSpectra(resp.Text)
				return err
			})
			if err != nil {
				return err
			}
			return r.spectra.Append(pairID(p.Key), SpectraRec{Pair: p.Key, Spectra: sp})
		})
}

// pairsWithScenarios returns the pairs that have at least one scenario.
func (r *Run) pairsWithScenarios() []PairRec {
	var out []PairRec
	for _, p := range r.pairs.All() {
		for _, n := range pipeline.Nudges() {
			if r.scenarios.Has(pipeline.ScenarioKey{Chunk: p.Key.Chunk, Entry: p.Key.Entry, Nudge: n}.String()) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}
