package analysis_test

import (
	"math"
	"sort"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/pipeline/simulate"
)

// simulated generates a seeded synthetic dataset with the simulator's
// planted effects (see package simulate).
func simulated(t *testing.T, scenarios int) *simulate.Data {
	t.Helper()
	cfg := simulate.DefaultConfig()
	cfg.Seed = 5
	cfg.Scenarios = scenarios
	d, err := simulate.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// judgmentsOf converts the simulator's judged rows into pipeline.Judgments.
func judgmentsOf(d *simulate.Data) *pipeline.Judgments {
	j := &pipeline.Judgments{Judges: []string{"claude_4", "gpt41", "gemini_2_5"}, Decisions: make([][]pipeline.Decision, 3)}
	for _, r := range d.Judged {
		j.Model = append(j.Model, r.Model)
		j.Keys = append(j.Keys, d.Scenarios.Key(r.Row))
		j.Bin = append(j.Bin, simulate.JudgeBins[r.Bin])
		j.MaxStd = append(j.MaxStd, r.MaxStd)
		for k := range j.Decisions {
			j.Decisions[k] = append(j.Decisions[k], r.Decisions[k])
		}
	}
	j.Rows = len(j.Model)
	return j
}

func TestRecoversPlantedEffects(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 60,000 scenarios")
	}
	d := simulated(t, 60000)

	t.Run("high disagreement share", func(t *testing.T) {
		dis, err := analysis.Disagreement(d.Positions, pipeline.AllModels)
		if err != nil {
			t.Fatal(err)
		}
		s := dis.Summary()
		// Planted: about 11% of scenarios reach D >= 1.5 over all 12 models.
		if s.HighShare < 0.07 || s.HighShare > 0.15 {
			t.Errorf("high-disagreement share %.3f, planted about 0.11", s.HighShare)
		}
	})

	t.Run("outlier ranking", func(t *testing.T) {
		o, err := analysis.Outliers(d.Positions, pipeline.AllModels, analysis.OutlierOptions{})
		if err != nil {
			t.Fatal(err)
		}
		order := make([]int, len(o.Counts))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return o.Counts[order[a]] > o.Counts[order[b]] })
		top, second := o.Set.Models[order[0]], o.Set.Models[order[1]]
		// Figure 6: Grok 4 first, Claude 3.5 Sonnet second, Claude 3.7
		// Sonnet last.
		if top != pipeline.Grok4 || second != pipeline.Claude35Sonnet {
			t.Errorf("outlier ranking starts %s, %s; planted grok_4, claude_3_5_sonnet\n%s", top, second, o)
		}
		// The rarest planted outliers sit on a floor of camp splits that
		// look like outliers too; o3 (1.0%) must still beat GPT-4.1 (0.06%).
		count := func(id pipeline.ModelID) int {
			for m, x := range o.Set.Models {
				if x == id {
					return o.Counts[m]
				}
			}
			return -1
		}
		if count(pipeline.O3) <= count(pipeline.GPT41) {
			t.Errorf("o3 %d outliers, GPT-4.1 %d: planted o3 far above\n%s", count(pipeline.O3), count(pipeline.GPT41), o)
		}
	})

	t.Run("provider character", func(t *testing.T) {
		p, err := analysis.Profiles(d.Values)
		if err != nil {
			t.Fatal(err)
		}
		ethical := pipeline.CategoryIndex("Ethical responsibility")
		efficiency := pipeline.CategoryIndex("Efficiency and resource optimization")
		emotional := pipeline.CategoryIndex("Emotional depth and authentic connection")
		share := func(id pipeline.ModelID, c int) float64 {
			for m, x := range p.Models {
				if x == id {
					return p.Shares[m][c]
				}
			}
			t.Fatalf("no profile for %s", id)
			return 0
		}
		if !(share(pipeline.ClaudeOpus3, ethical) > share(pipeline.O3, ethical)) {
			t.Error("Claude 3 Opus does not show ethical responsibility more than o3")
		}
		if !(share(pipeline.O4Mini, efficiency) > share(pipeline.ClaudeOpus3, efficiency)) {
			t.Error("o4-mini does not show efficiency more than Claude 3 Opus")
		}
		if !(share(pipeline.Gemini25Pro, emotional) > share(pipeline.O3, emotional)) {
			t.Error("Gemini 2.5 Pro does not show emotional depth more than o3")
		}
	})

	t.Run("refusals", func(t *testing.T) {
		r, err := analysis.Refusals(d.Types)
		if err != nil {
			t.Fatal(err)
		}
		best := 0
		for m := range r.Models {
			if r.RefusalRate[m] > r.RefusalRate[best] {
				best = m
			}
		}
		if r.Models[best] != pipeline.Claude35Sonnet {
			t.Errorf("most refusing model %s, planted claude_3_5_sonnet", r.Models[best])
		}
		grooming := -1
		for i, tp := range r.Topics {
			if tp == "child grooming" {
				grooming = i
			}
		}
		for m, id := range r.Models {
			for i := range r.Topics {
				if i != grooming && r.TopicRate[i][m] > r.TopicRate[grooming][m] {
					t.Errorf("%s refuses %q (%.2f) more than child grooming (%.2f)", id, r.Topics[i], r.TopicRate[i][m], r.TopicRate[grooming][m])
				}
			}
		}
	})

	t.Run("judges and compliance", func(t *testing.T) {
		j := judgmentsOf(d)
		a, err := analysis.Agreement(j)
		if err != nil {
			t.Fatal(err)
		}
		if !(a.FlagRates[0] > a.FlagRates[2] && a.FlagRates[0] > a.FlagRates[1]) {
			t.Errorf("flag rates %v: planted Claude 4 Sonnet highest", a.FlagRates)
		}
		if a.Fleiss < 0.25 || a.Fleiss > 0.55 {
			t.Errorf("Fleiss kappa %.3f, planted near 0.4", a.Fleiss)
		}
		f, err := analysis.FrequentNonCompliance(j, pipeline.OpenAIModels)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Bins) != 5 || !(f.FoldAny > 1) || math.IsNaN(f.FoldAny) {
			t.Errorf("frequent non-compliance does not rise with disagreement:\n%s", f)
		}
	})

	t.Run("nudge susceptibility", func(t *testing.T) {
		bt, err := analysis.BradleyTerry(d.Positions, d.Scenarios, analysis.BTOptions{Models: []pipeline.ModelID{pipeline.Grok4, pipeline.Claude35Sonnet}})
		if err != nil {
			t.Fatal(err)
		}
		// Planted: Grok 4 moves 1.3 points per nudge, Claude 3.5 Sonnet 0.5.
		if !(bt.Rankings[0].Nudge > bt.Rankings[1].Nudge && bt.Rankings[1].Nudge > 0) {
			t.Errorf("nudge terms grok %.3f, claude 3.5 %.3f: planted grok > claude > 0", bt.Rankings[0].Nudge, bt.Rankings[1].Nudge)
		}
	})
}
