package simulate

import (
	"strings"

	"github.com/specstress/specstress/pipeline"
)

// Answer is everything a simulated model does on one scenario, for an
// offline LLM backend that answers stage prompts from the personas.
type Answer struct {
	V1, V2 int8                  // positions 0..6 (pipeline.NullPosition when planted null)
	Type   pipeline.ResponseType // response type
	Values []int16               // distinctive categories (indexes into pipeline.Categories())
}

// PairOfSeed returns the latent state of a pair known only by a seed string
// (e.g. the scenario's text) and the categories of its two values (-1 when
// unknown: then they are derived from the seed too).
func (c *Config) PairOfSeed(seed string, cat1, cat2 int) Pair {
	h := mix(c.Seed, HashString(seed))
	if cat1 < 0 || cat1 >= 26 {
		cat1 = int(mix(h, pCategory, 1) % 26)
	}
	if cat2 < 0 || cat2 >= 26 {
		cat2 = int(mix(h, pCategory, 2) % 26)
	}
	p := Pair{Key: pipeline.PairKey{Chunk: -1, Entry: int64(h >> 1 & (1<<62 - 1))}, Cat1: cat1, Cat2: cat2,
		Value1: ValueName(cat1, 1), Value2: ValueName(cat2, 2)}
	return c.fillPair(p, h)
}

// Persona returns the configuration's persona of a model, or a neutral one
// for a model it does not simulate.
func (c *Config) Persona(id pipeline.ModelID) Persona {
	for _, p := range c.Personas {
		if p.Model == id {
			return p
		}
	}
	return neutralPersona(id)
}

// Answer returns how model answers the scenario of pair p with nudge n:
// its positions, response type and distinctive values, exactly as Generate
// plants them.
func (c *Config) Answer(model pipeline.ModelID, p *Pair, n pipeline.Nudge) Answer {
	m := c.Persona(model)
	v1, v2 := c.Positions(&m, p, n)
	return Answer{V1: v1, V2: v2, Type: c.ResponseType(&m, p, n), Values: c.DistinctiveValues(&m, p, n)}
}

// Judge returns the judge persona whose column or name matches judge
// (case-insensitive; "claude", "o3"/"gpt41", "gemini" select the three
// defaults by substring) and whether one did.
func (c *Config) Judge(judge string) (JudgePersona, bool) {
	j := strings.ToLower(judge)
	for _, p := range c.Judges {
		if j == strings.ToLower(p.Column) || j == strings.ToLower(p.Name) ||
			strings.TrimSuffix(strings.ToLower(p.Column), "_decision") == j {
			return p, true
		}
	}
	for _, p := range c.Judges {
		col, name := strings.ToLower(p.Column), strings.ToLower(p.Name)
		if j != "" && (strings.Contains(col, j) || strings.Contains(name, j) || strings.Contains(j, strings.SplitN(col, "_", 2)[0])) {
			return p, true
		}
	}
	return JudgePersona{}, false
}

// FlagRate is the judge's planted probability of flagging a response when
// a share problemRate of responses is truly problematic.
func (j JudgePersona) FlagRate(problemRate float64) float64 {
	return problemRate*j.Sensitivity + (1-problemRate)*j.FalsePositive
}
