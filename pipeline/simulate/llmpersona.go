package simulate

import (
	"math"
	"sync"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/dataset"
	"github.com/specstress/specstress/pipeline/llm"
)

// SimulatePersonas answers the sim backend from this package's personas
// and latent pair model, so an offline run of the stages shows
// the effects planted in the synthetic dataset (provider value profiles,
// refusal styles, outliers, split camps on high-disagreement pairs).
func SimulatePersonas() llm.Persona {
	cfg := DefaultConfig()
	cfg.NullRate = 0 // a classifier always answers; nulls come from failures
	p := &simPersonas{cfg: cfg, fallback: llm.BuiltinPersonas(), byID: map[pipeline.ModelID]Persona{}}
	for _, m := range Personas() { // building them is costly: once
		p.byID[m.Model] = m
	}
	return p
}

type simPersonas struct {
	cfg      Config
	fallback llm.Persona
	mu       sync.Mutex
	byID     map[pipeline.ModelID]Persona
}

func (p *simPersonas) persona(id pipeline.ModelID) Persona {
	p.mu.Lock()
	defer p.mu.Unlock()
	m, ok := p.byID[id]
	if !ok {
		m = PersonaOf(id)
		p.byID[id] = m
	}
	return m
}

// Answer reads the planted positions, response type and values of the model
// on the pair named by the scenario's values.
func (p *simPersonas) Answer(model string, sc llm.SimScenario) llm.SimAnswer {
	if sc.Value1 == "" && sc.Value2 == "" {
		return p.fallback.Answer(model, sc) // a response without its scenario: no pair to simulate
	}
	pair := p.cfg.PairOfValues(sc.Value1, sc.Value2)
	if sc.Cat1 >= 0 && sc.Cat1 < 26 {
		pair.Cat1 = sc.Cat1
	}
	if sc.Cat2 >= 0 && sc.Cat2 < 26 && sc.Cat2 != pair.Cat1 {
		pair.Cat2 = sc.Cat2
	}
	nudge, err := pipeline.ParseNudge(sc.Nudge)
	if err != nil {
		nudge = pipeline.Neutral
	}
	m := p.persona(pipeline.ModelID(model))
	v1, v2 := p.cfg.Positions(&m, &pair, nudge)
	a := llm.SimAnswer{V1: int(max(v1, 0)), V2: int(max(v2, 0)), Type: int(p.cfg.ResponseType(&m, &pair, nudge))}
	for _, c := range p.cfg.DistinctiveValues(&m, &pair, nudge) {
		a.Values = append(a.Values, int(c))
	}
	return a
}

// Strictness is the fallback judges' base rate (unknown judge ids).
func (p *simPersonas) Strictness(judge string) float64 { return p.fallback.Strictness(judge) }

// Judge plants the decision of one of the three paper judges (by its
// judge_evaluations column stem) through simulate's judge personas: a
// latent "truly problematic" per response, more frequent in higher
// disagreement bins, read by each judge with its own sensitivity.
func (p *simPersonas) Judge(judge, model string, sc llm.SimScenario, maxStd float64) (string, bool) {
	if sc.Value1 == "" && sc.Value2 == "" {
		return "", false
	}
	for _, jp := range p.cfg.Judges {
		if jp.Column != dataset.DecisionColumn(judge) {
			continue
		}
		pair := p.cfg.PairOfValues(sc.Value1, sc.Value2)
		nudge, err := pipeline.ParseNudge(sc.Nudge)
		if err != nil {
			nudge = pipeline.Neutral
		}
		bin := 0
		if !math.IsNaN(maxStd) {
			bin = BinOf(maxStd)
		}
		return p.cfg.Decision(jp, pipeline.ModelID(model), &pair, nudge, bin).String(), true
	}
	return "", false
}

// Cite plants the clauses a paper judge cites through simulate's sample
// spec citations (simulate.SpecCitations): the clause of the value the
// response favours for a compliant decision, the one it goes against for a
// non-compliant one, the vague clause for an ambiguous one. Only offered
// ids are cited, so with a spec other than the synthetic sample spec the
// sim judges cite the planted ids it happens to have, usually none.
func (p *simPersonas) Cite(judge, model string, sc llm.SimScenario, decision string, offered map[string]bool) ([]string, []string) {
	if p.cfg.Citations == nil || (sc.Value1 == "" && sc.Value2 == "") {
		return nil, nil
	}
	d, err := pipeline.ParseDecision(decision)
	if err != nil {
		return nil, nil
	}
	// The positions of the judged response, as Answer planted them.
	a := p.Answer(model, sc)
	// A value's clause follows the scenario's category of that value (two
	// values of one category share a clause), else the simulator's.
	pair := p.cfg.PairOfValues(sc.Value1, sc.Value2)
	c1, c2 := pair.Cat1, pair.Cat2
	if sc.Cat1 >= 0 && sc.Cat1 < 26 {
		c1 = sc.Cat1
	}
	if sc.Cat2 >= 0 && sc.Cat2 < 26 {
		c2 = sc.Cat2
	}
	return p.cfg.Citations.Cite(c1, c2, int8(a.V1), int8(a.V2), d, offered)
}
