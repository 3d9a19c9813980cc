package simulate

import (
	"fmt"

	"github.com/specstress/specstress/pipeline"
)

// Config holds every planted parameter of a simulation. Start from
// DefaultConfig and change fields; the zero Config is not valid.
type Config struct {
	Seed uint64
	// Scenarios is the number of rows of the complete config: pairs times
	// the three nudge directions (rounded up to a multiple of 3).
	Scenarios int
	// Personas are the simulated models, one per model column set.
	Personas []Persona
	// HighDisagreement is the share of value pairs planted with split camps,
	// which makes most of their scenarios high-disagreement (D >= 1.5).
	HighDisagreement float64
	// Contests, optional, plant disagreement by category pair (see
	// Contest); nil leaves HighDisagreement for every pair.
	Contests []Contest
	// Citations, optional, plant the spec clauses judges cite (see
	// SpecCitations): judge_evaluations then carries the extension columns
	// <judge>_clauses and <judge>_violated. The default cites the synthetic
	// sample spec; nil writes no citation columns.
	Citations *SpecCitations
	// CampSpread is how far (points) each camp sits from the consensus on a
	// high-disagreement pair.
	CampSpread float64
	// AffinityScale multiplies the log Figure 10 ratios into position shifts.
	AffinityScale float64
	// NudgeScale multiplies every persona's NudgeSusceptibility.
	NudgeScale float64
	// NullRate is the share of position cells left null (classification
	// failures), to exercise null handling.
	NullRate float64
	// SplitThreshold is the disagreement D at or above which a scenario goes
	// into a default-config split of a model subset.
	SplitThreshold float64
	// TopicRates are the chances that a pair carries each topic tag of
	// pipeline.Topics.
	TopicRates [8]float64
	// Judges and judge_evaluations: ProblemRate[b] is the share of truly
	// problematic OpenAI responses in disagreement bin b (bins of
	// JudgeBins); JudgePerBin scenarios per bin are judged (5 rows each).
	Judges      []JudgePersona
	ProblemRate [5]float64
	JudgePerBin int
	// ResponseChars is the approximate length of each synthetic response;
	// 0 gives one short sentence.
	ResponseChars int
	// Shards and RowGroupRows shape the written files.
	Shards       int
	RowGroupRows int
}

// JudgeBins are the judge_evaluations split names: bins of the disagreement
// over the five OpenAI models (max_pop_std_openai).
var JudgeBins = []string{"std_0.0_to_1.0", "std_1.0_to_1.5", "std_1.5_to_2.0", "std_2.0_to_2.5", "std_2.5_to_3.0"}

// binEdges are the lower edges of JudgeBins.
var binEdges = []float64{0, 1, 1.5, 2, 2.5}

// DefaultConfig returns the documented defaults: the 12 paper personas,
// 12% high-disagreement pairs, judges planted at 48.1/35.5/36.5 % flag
// rates, seed 1 and 6,000 scenarios (the embedded sample's size).
func DefaultConfig() Config {
	return Config{
		Seed:             1,
		Scenarios:        6000,
		Personas:         personas(1.5),
		HighDisagreement: 0.12,
		CampSpread:       2.2,
		AffinityScale:    1.5,
		NudgeScale:       1,
		NullRate:         0.002,
		SplitThreshold:   1.5,
		TopicRates:       [8]float64{0.04, 0.015, 0.015, 0.08, 0.006, 0.05, 0.10, 0.20},
		Judges:           Judges(),
		// Mean 0.35 over the first four bins, rising with disagreement (the
		// direction of Figure 2).
		ProblemRate:   [5]float64{0.2, 0.3, 0.4, 0.5, 0.6},
		JudgePerBin:   100,
		Citations:     SampleSpecCitations(),
		ResponseChars: 0,
		Shards:        1,
		RowGroupRows:  50_000,
	}
}

// Validate checks the configuration.
func (c *Config) Validate() error {
	switch {
	case c.Scenarios <= 0:
		return fmt.Errorf("simulate: Scenarios = %d, want > 0", c.Scenarios)
	case len(c.Personas) == 0:
		return fmt.Errorf("simulate: no personas")
	case c.HighDisagreement < 0 || c.HighDisagreement > 1:
		return fmt.Errorf("simulate: HighDisagreement = %v, want 0..1", c.HighDisagreement)
	case c.NullRate < 0 || c.NullRate > 1:
		return fmt.Errorf("simulate: NullRate = %v, want 0..1", c.NullRate)
	case len(c.Judges) != 3:
		return fmt.Errorf("simulate: %d judges, want 3 (the judge_evaluations columns)", len(c.Judges))
	case c.JudgePerBin < 0 || c.ResponseChars < 0:
		return fmt.Errorf("simulate: negative JudgePerBin or ResponseChars")
	}
	if err := c.validateContests(); err != nil {
		return err
	}
	seen := map[pipeline.ModelID]bool{}
	for _, p := range c.Personas {
		if p.Model == "" || seen[p.Model] {
			return fmt.Errorf("simulate: persona model %q empty or repeated", p.Model)
		}
		seen[p.Model] = true
	}
	return nil
}

// Models returns the persona model ids in order.
func (c *Config) Models() []pipeline.ModelID {
	out := make([]pipeline.ModelID, len(c.Personas))
	for i, p := range c.Personas {
		out[i] = p.Model
	}
	return out
}

// Pairs returns the number of value pairs (Scenarios / 3, rounded up).
func (c *Config) Pairs() int { return (c.Scenarios + 2) / 3 }
