package stages

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"text/tabwriter"

	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/spec"
)

// PlanLine is the estimate for one (stage, model).
type PlanLine struct {
	Stage  string
	Model  string
	Calls  int
	Input  int64 // estimated tokens
	Output int64
	Cost   float64 // dollars; 0 for unknown prices
	Priced bool
}

// Plan estimates the calls and cost of running stages with cfg from
// scratch: pairs x 3 scenarios, every respondent on every scenario, and so
// on (judging every scenario when JudgeMinStd is 0; otherwise an upper
// bound). Token counts are typical sizes per task; cached calls are
// counted too, so this is an upper bound for a resumed run.
func Plan(cfg Config, stages []string, prices llm.PriceTable) []PlanLine {
	return plan(cfg, stages, prices, nil)
}

// Plan estimates what is left to do in this run: Plan's estimate minus the
// results already journaled, per stage and model.
func (r *Run) Plan(stages []string, prices llm.PriceTable) []PlanLine {
	done := map[string]int{}
	for _, s := range r.scenarios.All() {
		done[StageScenarios+"|"+s.Generator]++
	}
	done[StageSpectra+"|"+string(r.Config.Spectrum.ID)] = r.spectra.Len()
	for _, x := range r.responses.All() {
		done[StageResponses+"|"+string(x.Model)]++
	}
	// A per-scenario record counts as done only when it covers every
	// response the scenario has (a response added later makes it due).
	for _, s := range r.scenarios.All() {
		ids, key := r.responders(s), s.Key.String()
		if len(ids) == 0 {
			continue
		}
		if r.placedCovers(key, ids) {
			done[StageClassify+"|"+string(r.Config.Classifier.ID)]++
		}
		if r.typesCover(key, ids) {
			done[StageResponseTypes+"|"+string(r.Config.Classifier.ID)]++
		}
		if r.valuesCover(key, ids) {
			done[StageValues+"|"+string(r.Config.Classifier.ID)]++
		}
	}
	done[StageTopics+"|"+string(r.Config.Tagger.ID)] = r.topics.Len()
	for _, j := range r.judged.All() {
		done[StageJudge+"|"+j.Judge]++
	}
	return plan(r.Config, stages, prices, done)
}

func plan(cfg Config, stages []string, prices llm.PriceTable, done map[string]int) []PlanLine {
	if prices == nil {
		prices = llm.DefaultPrices()
	}
	merged := llm.PriceTable{}
	for _, t := range []llm.PriceTable{prices, cfg.Prices} {
		for k, v := range t {
			merged[k] = v
		}
	}
	prices = merged
	pairs := cfg.Pairs
	scen := 3 * pairs
	nResp := len(cfg.Respondents)
	specTok := int64(500)
	if cfg.Spec != "" {
		if st, err := os.Stat(cfg.Spec); err == nil {
			specTok = st.Size() / 4
		}
		// The clause list of the citation extension rides along.
		if !cfg.NoClauseCitations {
			if sp, err := spec.ReadFile(cfg.Spec); err == nil {
				specTok += int64(len(citationBlock(sp))) / 4
			}
		}
	}
	var out []PlanLine
	// add estimates calls of a stage on a model: in prompt tokens at the
	// full price, shared of them repeated in every call (the judges' spec:
	// read from the provider's prompt cache after the first), outTok output.
	add := func(stage string, m ModelSpec, calls int, in, outTok int64, shared ...int64) {
		calls = max(0, calls-done[stage+"|"+string(m.ID)])
		if calls == 0 {
			return
		}
		var sh int64
		for _, x := range shared {
			sh += x
		}
		outTok += int64(m.ThinkingBudget / 2) // thinking is billed as output
		l := PlanLine{Stage: stage, Model: m.Model, Calls: calls, Input: int64(calls) * (in + sh), Output: int64(calls) * outTok}
		p, ok := prices.Lookup(m.Model)
		l.Priced = ok
		l.Cost = (float64(l.Input)*p.Input + float64(l.Output)*p.Output) / 1e6
		if sh > 0 && p.CachedInput > 0 {
			l.Cost -= float64(int64(calls-1)*sh) * (p.Input - p.CachedInput) / 1e6
		}
		out = append(out, l)
	}
	respTok := int64(600)
	judged := len(cfg.Judged)
	if judged == 0 {
		judged = nResp
	}
	for _, st := range stages {
		switch st {
		case StageScenarios:
			for gi, g := range cfg.Generators {
				share := pairs / len(cfg.Generators)
				if gi < pairs%len(cfg.Generators) {
					share++
				}
				add(st, g, 3*share, 350, 600)
			}
		case StageSpectra:
			add(st, cfg.Spectrum, pairs, 700, 900)
		case StageResponses:
			for _, m := range cfg.Respondents {
				add(st, m, scen, 150, respTok)
			}
		case StageClassify:
			add(st, cfg.Classifier, scen, 1200+int64(nResp)*respTok, int64(nResp)*150)
		case StageTopics:
			add(st, cfg.Tagger, scen, 250, 80)
		case StageResponseTypes:
			add(st, cfg.Classifier, scen, 400+int64(nResp)*respTok, int64(nResp)*60)
		case StageValues:
			add(st, cfg.Classifier, scen, 300+int64(nResp)*respTok, int64(nResp)*30)
		case StageJudge:
			for _, j := range cfg.Judges {
				add(st, j, scen*judged, 200+respTok, 300, specTok+150)
			}
		}
	}
	return out
}

// WritePlan prints a plan as a table with totals.
func WritePlan(w io.Writer, lines []PlanLine) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "stage\tmodel\tcalls\tinput tok\toutput tok\tcost $\t")
	var calls int
	var cost float64
	unpriced := map[string]bool{}
	for _, l := range lines {
		c := fmt.Sprintf("%.2f", l.Cost)
		if !l.Priced {
			c = "?"
			unpriced[l.Model] = true
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t\n", l.Stage, l.Model, l.Calls, l.Input, l.Output, c)
		calls += l.Calls
		cost += l.Cost
	}
	fmt.Fprintf(tw, "total\t\t%d\t\t\t%.2f\t\n", calls, cost)
	tw.Flush()
	if len(unpriced) > 0 {
		var ms []string
		for m := range unpriced {
			ms = append(ms, m)
		}
		sort.Strings(ms)
		fmt.Fprintf(w, "no price for %v: add them to \"prices\" in the run configuration\n", ms)
	}
}

func mkdirFor(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	return nil
}

// AtBatchPrices applies the batch discount to the lines of models whose
// provider has a batch API (what --batch would pay).
func AtBatchPrices(cfg Config, lines []PlanLine) []PlanLine {
	provs := llm.DefaultProviders()
	for k, v := range cfg.Providers {
		provs[k] = v
	}
	out := append([]PlanLine(nil), lines...)
	for i, l := range out {
		if p, _, err := llm.ParseModel(l.Model); err == nil && provs[p].Batch {
			out[i].Cost *= llm.BatchDiscount
		}
	}
	return out
}
