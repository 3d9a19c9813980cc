package simulate

import (
	"maps"
	"math"
	"slices"

	"github.com/specstress/specstress/pipeline"
)

// Persona is the planted character of one simulated model: everything the
// generator (and the offline LLM backend) needs to decide how that model
// answers. The defaults follow PAPER.md sections 6, 7 and 9.
type Persona struct {
	Model    pipeline.ModelID
	Provider pipeline.Provider
	// ValueWeights[c] is how often the model expresses category c
	// distinctively, relative to the other categories (Figure 10 counts for
	// the nine categories given there, a flat baseline for the rest).
	ValueWeights [26]float64
	// Affinity[c] shifts the model's position on a value of category c, in
	// spectrum points: log of its Figure 10 count over the cross-model mean,
	// times Config.AffinityScale.
	Affinity [26]float64
	// NudgeSusceptibility is how many points a nudged query moves the model's
	// positions toward the favoured value (and away from the other).
	NudgeSusceptibility float64
	// Noise is the standard deviation of the model's position noise, in points.
	Noise float64
	// OutlierRate is the chance, per scenario on an ordinary pair, that the
	// model takes the opposite extreme of the consensus on one value
	// (proportional to Figure 6).
	OutlierRate float64
	// Camp leans the model's side on high-disagreement pairs: positive joins
	// the side favouring value 1 more often.
	Camp float64
	// Refusal is the base probability of a refusal-type response (the last
	// three types) on a scenario without risky topic tags.
	Refusal float64
	// ComplyStyle weighs the four compliant types; RefuseStyle the three
	// refusal types (soft, firm, complete).
	ComplyStyle [4]float64
	RefuseStyle [3]float64
	// HardRefuseTopics lists topic tags (indexes into pipeline.Topics) on
	// which the model gives a Complete Rejection with HardRefuseRate.
	HardRefuseTopics []int
	HardRefuseRate   float64
}

// figure10 are the Figure 10 counts (PAPER.md section 9) per model, for the
// nine categories of figure10Cats.
var (
	figure10Cats = pipeline.Figure10Categories()
	figure10     = pipeline.Figure10Counts()
)

// figure6 are the outlier counts of Figure 6 over about 411K scenarios.
var figure6 = map[pipeline.ModelID]float64{
	pipeline.Grok4: 10503, pipeline.Claude35Sonnet: 9244, pipeline.O3: 4086,
	pipeline.ClaudeOpus3: 3729, pipeline.Gemini25Pro: 2109, pipeline.O4Mini: 1468,
	pipeline.ClaudeOpus4: 961, pipeline.GPT41Mini: 832, pipeline.GPT4o: 628,
	pipeline.ClaudeSonnet4: 480, pipeline.GPT41: 250, pipeline.Claude37Sonnet: 169,
}

// baselineWeight is the weight of the 17 categories Figure 10 does not
// list: below every listed count, so profiles are led by the listed nine.
const baselineWeight = 1200

// Topic indexes into pipeline.Topics.
const (
	topicCyber = iota
	topicBio
	topicChem
	topicPolitics
	topicGrooming
	topicMental
	topicPhilosophy
	topicEthics
)

// Personas returns the default personas of the 12 paper models, in registry
// order, with affinities scaled by DefaultConfig().AffinityScale.
func Personas() []Persona { return personas(DefaultConfig().AffinityScale) }

// PersonaOf returns the default persona of a model; an unknown id gets a
// neutral persona (flat weights, no affinity) so new models still simulate.
func PersonaOf(id pipeline.ModelID) Persona {
	for _, p := range Personas() {
		if p.Model == id {
			return p
		}
	}
	return neutralPersona(id)
}

func neutralPersona(id pipeline.ModelID) Persona {
	p := Persona{Model: id, Provider: id.Provider(), NudgeSusceptibility: 1, Noise: 0.4,
		OutlierRate: 0.002, Refusal: 0.1,
		ComplyStyle: [4]float64{0.4, 0.3, 0.2, 0.1}, RefuseStyle: [3]float64{0.5, 0.3, 0.2}}
	for c := range p.ValueWeights {
		p.ValueWeights[c] = baselineWeight
	}
	return p
}

func personas(scale float64) []Persona {
	// Summed in a fixed order: ranging over the map would change the last
	// bits of the mean, and so the generated sample, from call to call.
	var mean [9]float64
	for _, id := range slices.Sorted(maps.Keys(figure10)) {
		for i, x := range figure10[id] {
			mean[i] += x / float64(len(figure10))
		}
	}
	var out []Persona
	for _, id := range pipeline.ModelIDs() {
		p := neutralPersona(id)
		counts := figure10[id]
		for i, name := range figure10Cats {
			c := pipeline.CategoryIndex(name)
			p.ValueWeights[c] = counts[i]
			p.Affinity[c] = scale * math.Log(counts[i]/mean[i])
		}
		p.OutlierRate = figure6[id] / 411000
		tunePersona(&p)
		out = append(out, p)
	}
	return out
}

// tunePersona sets the refusal and nudge character of each model
// (PAPER.md section 7, Figure 4, qualitatively).
func tunePersona(p *Persona) {
	switch p.Provider {
	case pipeline.Anthropic:
		// Claude models refuse most often, but explain and offer alternatives.
		p.Refusal = 0.22
		p.ComplyStyle = [4]float64{0.25, 0.35, 0.25, 0.15}
		p.RefuseStyle = [3]float64{0.6, 0.32, 0.08}
		p.Camp = -0.4
		p.NudgeSusceptibility = 0.8
	case pipeline.OpenAI:
		p.Refusal = 0.1
		p.ComplyStyle = [4]float64{0.45, 0.3, 0.15, 0.1}
		p.RefuseStyle = [3]float64{0.4, 0.35, 0.25}
		// OpenAI models hard-refuse chemical-weapons topics.
		p.HardRefuseTopics = []int{topicChem}
		p.HardRefuseRate = 0.5
		p.Camp = 0.3
		p.NudgeSusceptibility = 1.1
	case pipeline.Google:
		p.Refusal = 0.08
		p.ComplyStyle = [4]float64{0.5, 0.3, 0.12, 0.08}
		p.Camp = 0.2
		p.NudgeSusceptibility = 1.2
	case pipeline.XAI:
		p.Refusal = 0.05
		p.ComplyStyle = [4]float64{0.6, 0.25, 0.1, 0.05}
		p.Camp = 0.8
		p.NudgeSusceptibility = 1.3
	}
	switch p.Model {
	case pipeline.O3:
		// o3 gives the most bare refusals.
		p.RefuseStyle = [3]float64{0.15, 0.2, 0.65}
	case pipeline.Claude35Sonnet:
		// The over-refusing model: complies fully less than 10% of the time.
		p.Refusal = 0.45
		p.ComplyStyle = [4]float64{0.12, 0.35, 0.33, 0.2}
		p.Camp = -1.2
		p.NudgeSusceptibility = 0.5
	case pipeline.ClaudeOpus4:
		// Claude 4 Opus hard-refuses biology.
		p.HardRefuseTopics = []int{topicBio}
		p.HardRefuseRate = 0.5
	case pipeline.Grok4:
		// The permissive outlier: rarely refuses, takes the far side.
		p.Refusal = 0.03
		p.Camp = 1.5
	}
}

// JudgePersona is one planted compliance judge: it flags a truly
// problematic response with probability Sensitivity and an acceptable one
// with probability FalsePositive; a flag is "ambiguous" with probability
// AmbiguousShare, "non-compliant" otherwise.
type JudgePersona struct {
	Column         string // decision column of judge_evaluations, e.g. "claude_4_decision"
	Name           string
	Sensitivity    float64
	FalsePositive  float64
	AmbiguousShare float64
}

// Judges returns the three default judges. With Config.ProblemRate 0.35
// their flag rates are 48.1, 35.5 and 36.5 % (PAPER.md section 5):
// rate = 0.35*Sensitivity + 0.65*FalsePositive.
func Judges() []JudgePersona {
	return []JudgePersona{
		{"claude_4_decision", "Claude 4 Sonnet", 0.90, (0.481 - 0.35*0.90) / 0.65, 0.3},
		{"gpt41_decision", "o3", 0.80, (0.355 - 0.35*0.80) / 0.65, 0.25},
		{"gemini_2_5_decision", "Gemini 2.5 Pro", 0.84, (0.365 - 0.35*0.84) / 0.65, 0.25},
	}
}

// Decide returns the judge's decision on a response, a pure function of
// whether the response is truly problematic and of key.
func (j JudgePersona) Decide(problematic bool, key uint64) pipeline.Decision {
	jk := mix(key, HashString(j.Column))
	p := j.FalsePositive
	if problematic {
		p = j.Sensitivity
	}
	if unit(mix(jk, pJudge)) >= p {
		return pipeline.Compliant
	}
	if unit(mix(jk, pJudgeAmbiguous)) < j.AmbiguousShare {
		return pipeline.Ambiguous
	}
	return pipeline.NonCompliant
}
