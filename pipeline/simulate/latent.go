package simulate

import (
	"fmt"
	"math"
	"strings"

	"github.com/specstress/specstress/pipeline"
)

// Pair is the planted latent state of one value pair: what every model's
// answer on its three scenarios derives from.
type Pair struct {
	Key              pipeline.PairKey
	Value1, Value2   string
	Cat1, Cat2       int     // category indexes into pipeline.Categories()
	Consensus1       float64 // the typical position on value 1 (1..5)
	Consensus2       float64
	HighDisagreement bool
	// ProviderSide leans each provider to one camp on a high-disagreement
	// pair (index into pipeline.Providers(); 4 = other).
	ProviderSide [5]float64
	Topics       [8]bool
	Generator    string // query_generator: "o3" or "claude"
}

// PairIndex numbers pairs: chunk_index = index / 100, entry_idx = index % 100.
func PairIndex(k pipeline.PairKey) int { return int(k.Chunk*100 + k.Entry) }

// PairKeyOf is the inverse of PairIndex.
func PairKeyOf(i int) pipeline.PairKey {
	return pipeline.PairKey{Chunk: int64(i / 100), Entry: int64(i % 100)}
}

// ValueName is the synthetic fine-grained value name of a category facet,
// e.g. "ethical responsibility (facet 2)". CategoryOfValue inverts it.
func ValueName(cat, facet int) string {
	return fmt.Sprintf("%s (facet %d)", strings.ToLower(pipeline.CategoryNames()[cat]), facet)
}

// CategoryOfValue returns the category index of a value name: the category
// a synthetic name was built from, else one derived from a hash of the name
// (so any value, real or not, has a stable category in the simulation).
func CategoryOfValue(name string) int {
	base, _, _ := strings.Cut(name, " (facet ")
	if c := pipeline.CategoryIndex(base); c >= 0 {
		return c
	}
	return int(HashString(strings.ToLower(strings.TrimSpace(name))) % 26)
}

// Pair returns the planted latent state of a value pair.
func (c *Config) Pair(k pipeline.PairKey) Pair {
	h := mix(c.Seed, uint64(k.Chunk), uint64(k.Entry))
	p := Pair{Key: k}
	p.Cat1 = int(mix(h, pCategory, 1) % 26)
	p.Cat2 = int(mix(h, pCategory, 2) % 25)
	if p.Cat2 >= p.Cat1 {
		p.Cat2++
	}
	p.Value1 = ValueName(p.Cat1, int(mix(h, pFacet, 1)%5)+1)
	p.Value2 = ValueName(p.Cat2, int(mix(h, pFacet, 2)%5)+1)
	return c.fillPair(p, h)
}

// PairOfValues returns the latent state of a pair named by its values, for
// callers that meet values outside the generated grid (the offline LLM
// backend): the key is derived from the names.
func (c *Config) PairOfValues(value1, value2 string) Pair {
	h := mix(c.Seed, HashString(value1), HashString(value2))
	p := Pair{Key: pipeline.PairKey{Chunk: -1, Entry: -1}, Value1: value1, Value2: value2,
		Cat1: CategoryOfValue(value1), Cat2: CategoryOfValue(value2)}
	return c.fillPair(p, h)
}

func (c *Config) fillPair(p Pair, h uint64) Pair {
	p.Consensus1 = 1 + 4*unit(mix(h, pConsensus, 1))
	p.Consensus2 = 1 + 4*unit(mix(h, pConsensus, 2))
	p.HighDisagreement = unit(mix(h, pHighDis)) < c.contestRate(p.Cat1, p.Cat2)
	for i := range p.ProviderSide {
		p.ProviderSide[i] = normal(mix(h, pProviderDir, uint64(i)))
	}
	for t := range p.Topics {
		p.Topics[t] = unit(mix(h, pTopic, uint64(t))) < c.TopicRates[t]
	}
	p.Generator = "claude"
	if mix(h, pGenerator)%3 == 0 {
		p.Generator = "o3"
	}
	return p
}

func providerIndex(p pipeline.Provider) int {
	for i, q := range pipeline.Providers() {
		if p == q {
			return i
		}
	}
	return 4
}

func nudgeIndex(n pipeline.Nudge) uint64 {
	switch n {
	case pipeline.TowardValue1:
		return 1
	case pipeline.TowardValue2:
		return 2
	}
	return 0
}

// modelKey keys the draws of one model on one scenario.
func (c *Config) modelKey(p *Pair, m pipeline.ModelID, n pipeline.Nudge) uint64 {
	return mix(c.Seed, uint64(p.Key.Chunk), uint64(p.Key.Entry), HashString(p.Value1+"\x00"+p.Value2), HashString(string(m)), nudgeIndex(n))
}

// Positions returns the planted positions (0..6, or pipeline.NullPosition)
// of persona m on a scenario of pair p:
//
//	x1 = consensus1 + lean + nudge + noise, x2 = consensus2 - lean - nudge + noise
//
// where lean = Affinity[cat1] - Affinity[cat2], plus ±CampSpread on a
// high-disagreement pair (the side drawn from the provider's and the
// persona's Camp), and nudge = ±NudgeSusceptibility*NudgeScale toward the
// favoured value. On an ordinary pair, with probability OutlierRate one
// position jumps to the extreme opposite the consensus.
func (c *Config) Positions(m *Persona, p *Pair, n pipeline.Nudge) (int8, int8) {
	k := c.modelKey(p, m.Model, n)
	lean := m.Affinity[p.Cat1] - m.Affinity[p.Cat2]
	if p.HighDisagreement {
		// The camp is per pair (not per nudge): a model keeps its side.
		pk := c.modelKey(p, m.Model, pipeline.Neutral)
		side := p.ProviderSide[providerIndex(m.Provider)] + 0.6*m.Camp + 0.8*normal(mix(pk, pCamp))
		if side >= 0 {
			lean += c.CampSpread
		} else {
			lean -= c.CampSpread
		}
	}
	var nudge float64
	switch n {
	case pipeline.TowardValue1:
		nudge = m.NudgeSusceptibility * c.NudgeScale
	case pipeline.TowardValue2:
		nudge = -m.NudgeSusceptibility * c.NudgeScale
	}
	x1 := p.Consensus1 + lean + nudge + m.Noise*normal(mix(k, pNoise1))
	x2 := p.Consensus2 - lean - nudge + m.Noise*normal(mix(k, pNoise2))
	if !p.HighDisagreement && unit(mix(k, pOutlier)) < m.OutlierRate {
		if mix(k, pOutlierValue)%2 == 0 {
			x1 = opposite(p.Consensus1)
		} else {
			x2 = opposite(p.Consensus2)
		}
	}
	a, b := clampPos(x1), clampPos(x2)
	if unit(mix(k, pNull, 1)) < c.NullRate {
		a = pipeline.NullPosition
	}
	if unit(mix(k, pNull, 2)) < c.NullRate {
		b = pipeline.NullPosition
	}
	return a, b
}

func opposite(consensus float64) float64 {
	if consensus < 3 {
		return 6
	}
	return 0
}

func clampPos(x float64) int8 {
	r := math.Round(x)
	return int8(max(0, min(6, r)))
}

// ResponseType returns the planted response type of persona m on a
// scenario: a hard refusal on the persona's HardRefuseTopics with
// HardRefuseRate; otherwise a refusal with probability Refusal raised by
// risky topics (child grooming +0.85, chemical or biological weapons +0.3,
// cyber security +0.15, mental illness +0.1), its kind drawn from
// RefuseStyle; else a compliant type drawn from ComplyStyle.
func (c *Config) ResponseType(m *Persona, p *Pair, n pipeline.Nudge) pipeline.ResponseType {
	k := mix(c.modelKey(p, m.Model, n), pType)
	for _, t := range m.HardRefuseTopics {
		if t >= 0 && t < len(p.Topics) && p.Topics[t] && unit(mix(k, 1)) < m.HardRefuseRate {
			return pipeline.CompleteRejection
		}
	}
	r := m.Refusal
	add := [8]float64{topicGrooming: 0.85, topicChem: 0.3, topicBio: 0.3, topicCyber: 0.15, topicMental: 0.1}
	for t, on := range p.Topics {
		if on {
			r += add[t]
		}
	}
	if unit(mix(k, 2)) < min(r, 0.97) {
		return pipeline.SoftRejection + pipeline.ResponseType(pick(mix(k, 3), m.RefuseStyle[:]))
	}
	return pipeline.FullCompliance + pipeline.ResponseType(pick(mix(k, 4), m.ComplyStyle[:]))
}

// DistinctiveValues returns the categories (indexes into
// pipeline.Categories()) persona m's response expresses distinctively on a
// scenario: one to three categories drawn without replacement with
// probability proportional to ValueWeights, the pair's own two categories
// weighted up threefold.
func (c *Config) DistinctiveValues(m *Persona, p *Pair, n pipeline.Nudge) []int16 {
	k := mix(c.modelKey(p, m.Model, n), pValues)
	count := 1
	if u := unit(mix(k, pValueCount)); u < 0.25 {
		count = 3
	} else if u < 0.6 {
		count = 2
	}
	w := m.ValueWeights
	w[p.Cat1] *= 3
	w[p.Cat2] *= 3
	out := make([]int16, 0, count)
	for i := 0; i < count; i++ {
		j := pick(mix(k, uint64(i)), w[:])
		out = append(out, int16(j))
		w[j] = 0
	}
	return out
}

// Problematic reports whether an OpenAI response on a scenario in
// disagreement bin b is planted as truly problematic (ProblemRate[b]).
func (c *Config) Problematic(m pipeline.ModelID, p *Pair, n pipeline.Nudge, bin int) bool {
	return unit(mix(c.modelKey(p, m, n), pJudgeLatent)) < c.ProblemRate[bin]
}

// Decision is the planted decision of judge j on model m's response to a
// scenario in disagreement bin b.
func (c *Config) Decision(j JudgePersona, m pipeline.ModelID, p *Pair, n pipeline.Nudge, bin int) pipeline.Decision {
	return j.Decide(c.Problematic(m, p, n, bin), mix(c.modelKey(p, m, n), pJudge))
}

// BinOf returns the judge bin index of a disagreement value.
func BinOf(d float64) int {
	b := 0
	for i, e := range binEdges {
		if d >= e {
			b = i
		}
	}
	return b
}
