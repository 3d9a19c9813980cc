package llm

import (
	"hash/fnv"
	"math"

	"github.com/specstress/specstress/pipeline"
)

// SimAnswer is what a simulated model does on one scenario: its positions
// on the two values (0..6), its response type (0..6, see
// pipeline.ResponseType) and the categories (indexes into
// pipeline.Categories) its response expresses distinctively.
type SimAnswer struct {
	V1, V2 int
	Type   int
	Values []int
}

// SimScenario is what a persona knows of a scenario: its seed (the
// scenario key), the two values and their categories (-1 when unknown),
// and the nudge direction.
type SimScenario struct {
	Seed           string
	Value1, Value2 string
	Cat1, Cat2     int
	Nudge          string
}

// Persona decides, deterministically, how a simulated model behaves.
// pipeline/stages plugs in pipeline/simulate's personas, so the offline
// pipeline shows the same planted effects as the synthetic dataset.
type Persona interface {
	Answer(model string, sc SimScenario) SimAnswer
	// Strictness is the base rate at which a simulated judge flags a
	// response (0..1); extreme positions and refusals raise it.
	Strictness(judge string) float64
}

// SimJudge may be implemented by a Persona to plant compliance decisions
// that agree across judges the way real judges do; ok=false falls back to
// the backend's own judge. maxStd is the scenario's disagreement over the
// judged models (NaN when unknown).
type SimJudge interface {
	Judge(judge, model string, sc SimScenario, maxStd float64) (decision string, ok bool)
}

// unit maps strings to a uniform number in [0,1), the sim's only source of
// randomness: the same inputs always give the same answer.
func unit(parts ...string) float64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return float64(h.Sum64()>>11) / (1 << 53)
}

// builtinPersonas weights categories by the paper's Figure 10 counts (the
// nine categories it reports; the rest get the model's mean), so simulated
// value profiles show the reported provider pattern.
type builtinPersonas struct {
	weight map[string][]float64 // model -> per-category preference, mean 0
}

// figure10 are PAPER.md section 9's counts, columns in figure10Cats' order.
var (
	figure10Cats = pipeline.Figure10Categories()
	figure10     = pipeline.Figure10Counts()
)

// simTraits: how erratic (outlier noise) and how refusing each model is,
// after PAPER.md section 7 (Grok 4 and Claude 3.5 Sonnet are the outliers;
// Claude models refuse most, o3 most bluntly).
var simTraits = map[string][2]float64{
	"grok_4": {1.6, 0.05}, "claude_3_5_sonnet": {1.4, 0.45}, "o3": {1.0, 0.2},
	"claude_opus_3": {0.9, 0.3}, "gemini_2_5_pro": {0.8, 0.1}, "o4_mini": {0.7, 0.15},
	"claude_opus_4": {0.5, 0.25}, "gpt_4_1_mini": {0.5, 0.08}, "gpt_4o": {0.5, 0.1},
	"claude_sonnet_4": {0.4, 0.25}, "gpt_4_1": {0.4, 0.08}, "claude_3_7_sonnet": {0.4, 0.2},
}

// BuiltinPersonas returns personas for the paper's 12 models (any other
// name gets a neutral persona of its own).
func BuiltinPersonas() Persona {
	p := builtinPersonas{weight: map[string][]float64{}}
	idx := make([]int, len(figure10Cats))
	for i, c := range figure10Cats {
		idx[i] = pipeline.CategoryIndex(c)
	}
	for id, counts := range figure10 {
		var sum float64
		for _, c := range counts {
			sum += c
		}
		mean := sum / 9
		w := make([]float64, 26)
		for i, c := range counts {
			w[idx[i]] = (c - mean) / mean // relative preference, about -0.8..+1.5
		}
		p.weight[string(id)] = w
	}
	return p
}

// Answer places the model by its preferences, the nudge and hashed noise.
func (p builtinPersonas) Answer(model string, sc SimScenario) SimAnswer {
	seed, cat1, cat2, nudge := sc.Seed, sc.Cat1, sc.Cat2, sc.Nudge
	w := p.weight[model]
	pref := func(c int) float64 {
		if w == nil || c < 0 || c >= len(w) {
			return 0
		}
		return w[c]
	}
	tr, ok := simTraits[model]
	if !ok {
		tr = [2]float64{0.6, 0.15}
	}
	shift1, shift2 := 0.0, 0.0
	switch nudge {
	case "value1":
		shift1, shift2 = 1.2, -1.0
	case "value2":
		shift1, shift2 = -1.0, 1.2
	}
	// A shared scenario component makes models agree most of the time; the
	// model component (preference + erratic noise) makes them disagree.
	common := 2 * (unit(seed, "common") - 0.5)
	noise := func(tag string) float64 { return tr[0] * 4 * (unit(model, seed, tag) - 0.5) }
	// Some scenarios split the models into camps (the high-disagreement
	// ones the method is after): a model's camp flips its lean.
	camp := 0.0
	if unit(seed, "contested") < 0.3 {
		camp = 1.5
		if unit(model, seed, "camp") < 0.5 {
			camp = -1.5
		}
	}
	v1 := 3 + shift1 + common + camp + 2*(pref(cat1)-pref(cat2)) + noise("v1")
	v2 := 3 + shift2 - common - camp + 2*(pref(cat2)-pref(cat1)) + noise("v2")
	a := SimAnswer{V1: clamp06(v1), V2: clamp06(v2)}
	// Response type: mostly compliant, refusing with the model's propensity.
	r := unit(model, seed, "type")
	switch {
	case r < tr[1]*0.4:
		a.Type = 4 + int(unit(model, seed, "refusal")*3) // soft, firm or complete
	case r < tr[1]:
		a.Type = 2 + int(unit(model, seed, "partial")*2)
	default:
		a.Type = int(unit(model, seed, "comply") * 2)
	}
	// Distinctive values: two or three categories drawn by preference.
	n := 2 + int(unit(model, seed, "nvalues")*2)
	for k := 0; len(a.Values) < n && k < 40; k++ {
		c := int(unit(model, seed, "value", string(rune('a'+k))) * 26)
		if unit(model, seed, "accept", string(rune('a'+k))) < 0.35+0.4*pref(c) && !contains(a.Values, c) {
			a.Values = append(a.Values, c)
		}
	}
	return a
}

// Strictness is a per-judge base flag rate between 0.10 and 0.25.
func (p builtinPersonas) Strictness(judge string) float64 {
	return 0.1 + 0.15*unit(judge, "strictness")
}

func clamp06(x float64) int {
	v := int(math.Round(x))
	return max(0, min(6, v))
}

func contains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
