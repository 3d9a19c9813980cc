package stages

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/llm"
)

// Table 2 of the paper compares three samples of scenarios: 1,000 drawn at
// random from all generated scenarios S, 1,000 from S_high-dis (D >= 1.5
// over all models) and 1,000 from S_OpenAI (D >= 1.5 over the five OpenAI
// models); the five OpenAI responses of each are judged (B.6). The release
// does not contain these samples, so they are drawn here, seeded, from a
// run's own scenarios, judged by the configured judges, and written to
// table2.json for analysis.Table2.
//
// "All models" are the run's respondents and the "OpenAI" models are the
// run's judged models (by default the five OpenAI models). The samples
// filter on D only: the paper's subsets were also deduplicated (k-center),
// which a run's export does separately.

// StageTable2 judges the Table 2 samples; it runs only when asked for.
const StageTable2 = "table2"

// Table 2 column names, in the paper's order.
const (
	Table2Random     = "random"          // S
	Table2HighDisAll = "high_dis_all"    // S_high-dis
	Table2HighDisSet = "high_dis_openai" // S_OpenAI: D over the judged models
)

// Table2Options are the sample sizes (per column, in the order above), the
// seed and the disagreement threshold.
type Table2Options struct {
	Sizes  [3]int  `json:"sizes"`
	Seed   uint64  `json:"seed"`
	MinStd float64 `json:"min_std"`
}

// DefaultTable2Options are the paper's: 1,000 scenarios per column, D >= 1.5.
func DefaultTable2Options(seed uint64) Table2Options {
	return Table2Options{Sizes: [3]int{1000, 1000, 1000}, Seed: seed, MinStd: 1.5}
}

// Table2Column is one drawn sample: its name, the models its D is taken
// over (none for the random column), how many scenarios were eligible and
// the keys drawn, in draw order.
type Table2Column struct {
	Name   string                 `json:"name"`
	Models []pipeline.ModelID     `json:"models,omitempty"`
	Pool   int                    `json:"pool"`
	Keys   []pipeline.ScenarioKey `json:"keys"`
}

// Table2Sample is what table2_sample.json holds.
type Table2Sample struct {
	Options Table2Options      `json:"options"`
	Judged  []pipeline.ModelID `json:"judged"`
	Columns []Table2Column     `json:"columns"`
}

func (r *Run) table2SamplePath() string { return filepath.Join(r.Config.Out, "table2_sample.json") }

// SampleTable2 draws the three samples and writes table2_sample.json. If
// the file exists it is kept (the judged sample must not change under a
// resumed run) when its options match; other options are an error.
// Eligible scenarios have a response from every judged model; the
// high-disagreement columns also need every model of their set placed
// (B.4) with D >= MinStd. A column with fewer eligible scenarios than its
// size takes them all: its Pool and len(Keys) say so.
func (r *Run) SampleTable2(opts Table2Options) (*Table2Sample, error) {
	for i, n := range opts.Sizes {
		if n <= 0 {
			return nil, fmt.Errorf("table2: sample size %d of column %d must be positive", n, i+1)
		}
	}
	if !(opts.MinStd > 0) {
		return nil, fmt.Errorf("table2: min_std %v must be positive", opts.MinStd)
	}
	if old, err := r.Table2Sample(); err == nil {
		if old.Options != opts {
			return nil, fmt.Errorf("table2: %s was drawn with %+v, not %+v; delete it to draw a new sample", r.table2SamplePath(), old.Options, opts)
		}
		return old, nil
	} else if !os.IsNotExist(err) {
		return nil, err
	}
	judged := r.judgedModels()
	var all []pipeline.ModelID
	for _, m := range r.Config.Respondents {
		all = append(all, m.ID)
	}
	var eligible []ScenarioRec
	for _, s := range r.scenarios.All() {
		ok := true
		for _, id := range judged {
			ok = ok && r.responses.Has(itemID(s.Key, id))
		}
		if ok {
			eligible = append(eligible, s)
		}
	}
	if len(eligible) == 0 {
		return nil, fmt.Errorf("table2: no scenario of %s has a response from every judged model %v (run respond, and classify for the high-disagreement samples)", r.Config.Out, judged)
	}
	sort.Slice(eligible, func(i, j int) bool { return keyLess(eligible[i].Key, eligible[j].Key) })
	highDis := func(set []pipeline.ModelID) []pipeline.ScenarioKey {
		var out []pipeline.ScenarioKey
		for _, s := range eligible {
			p, ok := r.placed.Get(s.Key.String())
			if !ok {
				continue
			}
			placed := 0
			for _, id := range set {
				if _, ok := p.Placements[id]; ok {
					placed++
				}
			}
			if placed == len(set) && maxPopStd(p.Placements, set) >= opts.MinStd {
				out = append(out, s.Key)
			}
		}
		return out
	}
	var random []pipeline.ScenarioKey
	for _, s := range eligible {
		random = append(random, s.Key)
	}
	pools := []struct {
		name   string
		models []pipeline.ModelID
		keys   []pipeline.ScenarioKey
	}{{Table2Random, nil, random}, {Table2HighDisAll, all, highDis(all)}, {Table2HighDisSet, judged, highDis(judged)}}
	smp := &Table2Sample{Options: opts, Judged: judged}
	for i, p := range pools {
		rng := rand.New(rand.NewPCG(opts.Seed, uint64(i)))
		keys := append([]pipeline.ScenarioKey(nil), p.keys...)
		n := min(opts.Sizes[i], len(keys))
		for k := 0; k < n; k++ { // partial Fisher-Yates: a uniform draw without replacement
			j := k + rng.IntN(len(keys)-k)
			keys[k], keys[j] = keys[j], keys[k]
		}
		smp.Columns = append(smp.Columns, Table2Column{Name: p.name, Models: p.models, Pool: len(p.keys), Keys: keys[:n:n]})
		if n < opts.Sizes[i] {
			r.logf("table2: column %s has only %d eligible scenarios, fewer than the %d asked for: all are used", p.name, n, opts.Sizes[i])
		}
	}
	b, err := json.MarshalIndent(smp, "", " ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(r.table2SamplePath(), b, 0o644); err != nil {
		return nil, fmt.Errorf("table2: %w", err)
	}
	return smp, nil
}

// Table2Sample reads the run's table2_sample.json.
func (r *Run) Table2Sample() (*Table2Sample, error) {
	b, err := os.ReadFile(r.table2SamplePath())
	if err != nil {
		return nil, err
	}
	var s Table2Sample
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("table2: %s: %w", r.table2SamplePath(), err)
	}
	if len(s.Columns) != 3 || len(s.Judged) == 0 {
		return nil, fmt.Errorf("table2: %s: want 3 columns and the judged models", r.table2SamplePath())
	}
	return &s, nil
}

func keyLess(a, b pipeline.ScenarioKey) bool {
	if a.Chunk != b.Chunk {
		return a.Chunk < b.Chunk
	}
	if a.Entry != b.Entry {
		return a.Entry < b.Entry
	}
	return a.Nudge < b.Nudge
}

// JudgeTable2 judges the judged models' responses of every scenario in
// table2_sample.json with every judge (B.6). Decisions go to the run's
// judgment journal, shared with the judge stage: a response judged there
// is not judged again.
func (r *Run) JudgeTable2(ctx context.Context) (StageResult, error) {
	res := StageResult{Stage: StageTable2}
	smp, err := r.Table2Sample()
	if err != nil {
		if os.IsNotExist(err) {
			err = fmt.Errorf("table2: no sample drawn in %s (SampleTable2, or judge --table2)", r.Config.Out)
		}
		return res, err
	}
	spec, err := r.judgeSpec()
	if err != nil {
		return res, err
	}
	seen := map[pipeline.ScenarioKey]bool{}
	var items []judgeItem
	for _, c := range smp.Columns {
		for _, k := range c.Keys {
			if seen[k] {
				continue
			}
			seen[k] = true
			s, ok := r.scenarios.Get(k.String())
			if !ok {
				return res, fmt.Errorf("table2: sampled scenario %s is not in this run", k)
			}
			d := math.NaN()
			if p, ok := r.placed.Get(k.String()); ok {
				d = maxPopStd(p.Placements, smp.Judged)
			}
			for _, id := range smp.Judged {
				resp, ok := r.responses.Get(itemID(k, id))
				if !ok {
					return res, fmt.Errorf("table2: sampled scenario %s has no %s response", k, id)
				}
				for _, j := range r.Config.Judges {
					items = append(items, judgeItem{s, id, resp.Text, j, d})
				}
			}
		}
	}
	res, err = r.judgeItems(ctx, spec, items)
	res.Stage = StageTable2
	return res, err
}

// PlanTable2 estimates the judge calls of the Table 2 samples: every
// sampled scenario's judged responses by every judge, counting a scenario
// drawn into two columns twice (an upper bound).
func PlanTable2(cfg Config, opts Table2Options, prices llm.PriceTable) []PlanLine {
	n := opts.Sizes[0] + opts.Sizes[1] + opts.Sizes[2]
	c := cfg
	c.Pairs = (n + 2) / 3 // plan counts 3 scenarios per pair
	lines := plan(c, []string{StageJudge}, prices, nil)
	for i := range lines {
		lines[i].Stage = StageTable2
	}
	return lines
}
