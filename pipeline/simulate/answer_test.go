package simulate

import (
	"reflect"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

// Answer agrees with what Generate wrote for the same pair and nudge: the
// offline backend and the files tell one story.
func TestAnswerMatchesGenerated(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Scenarios = 300
	d := generate(t, cfg)
	for _, r := range []int{0, 1, 2, 77, 299} {
		p := cfg.Pair(PairKeyOf(r / 3))
		for mi, id := range d.Positions.Models {
			a := cfg.Answer(id, &p, d.Scenarios.Nudge[r])
			if a.V1 != d.Positions.Value1[mi][r] || a.V2 != d.Positions.Value2[mi][r] || a.Type != d.Types.Types[mi][r] {
				t.Fatalf("row %d %s: Answer %+v disagrees with generated data", r, id, a)
			}
		}
	}
}

func TestPairOfSeedIsStable(t *testing.T) {
	cfg := DefaultConfig()
	a, b := cfg.PairOfSeed("some query", 7, -1), cfg.PairOfSeed("some query", 7, -1)
	if !reflect.DeepEqual(a, b) || a.Cat1 != 7 || a.Cat2 < 0 {
		t.Errorf("PairOfSeed not stable or ignores categories: %+v %+v", a, b)
	}
	if c := cfg.PairOfSeed("another query", 7, -1); reflect.DeepEqual(a, c) {
		t.Errorf("different seeds gave the same pair")
	}
}

func TestJudgeLookup(t *testing.T) {
	cfg := DefaultConfig()
	for in, want := range map[string]string{"claude_4_decision": "claude_4_decision", "claude_4": "claude_4_decision",
		"Gemini 2.5 Pro": "gemini_2_5_decision", "o3": "gpt41_decision", "gpt41": "gpt41_decision"} {
		j, ok := cfg.Judge(in)
		if !ok || j.Column != want {
			t.Errorf("Judge(%q) = %q, %v; want %q", in, j.Column, ok, want)
		}
	}
	if _, ok := cfg.Judge("nobody"); ok {
		t.Errorf("Judge(nobody) found one")
	}
	j, _ := cfg.Judge("claude_4")
	if r := j.FlagRate(0.35); r < 0.4805 || r > 0.4815 {
		t.Errorf("Claude judge flag rate at 0.35 = %.4f, want 0.481", r)
	}
	_ = pipeline.Compliant
}
