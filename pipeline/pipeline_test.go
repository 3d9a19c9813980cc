package pipeline

import (
	"strings"
	"testing"
)

func TestRegistryHasTwelveModelsByProvider(t *testing.T) {
	want := map[Provider]int{Anthropic: 5, OpenAI: 5, Google: 1, XAI: 1}
	got := map[Provider]int{}
	for _, m := range Models() {
		got[m.Provider]++
		if len([]rune(m.Short)) > 12 {
			t.Errorf("%s: short name %q longer than 12", m.ID, m.Short)
		}
	}
	for p, n := range want {
		if got[p] != n {
			t.Errorf("%s: %d models, want %d", p, got[p], n)
		}
	}
}

func TestUnknownModelStillWorks(t *testing.T) {
	m := LookupModel("llama_4_maverick_instruct")
	if m.Provider != Other || m.Display != "llama_4_maverick_instruct" {
		t.Fatalf("unknown model = %+v", m)
	}
	if len([]rune(m.Short)) > 12 {
		t.Fatalf("short name %q not shortened", m.Short)
	}
	if Known("llama_4_maverick_instruct") || !Known(Grok4) {
		t.Fatal("Known disagrees with the registry")
	}
}

func TestSubsetsMatchThePaper(t *testing.T) {
	sizes := map[string]int{"all_models": 12, "claude_models": 5, "openai_models": 5,
		"gpt41_vs_mini": 2, "o3_vs_o4mini": 2, "opus4_vs_sonnet4": 2}
	for _, s := range Subsets() {
		if len(s.Models) != sizes[s.Name] {
			t.Errorf("%s has %d models, want %d", s.Name, len(s.Models), sizes[s.Name])
		}
		for _, id := range s.Models {
			if !Known(id) {
				t.Errorf("%s: unknown model %s", s.Name, id)
			}
		}
	}
	for _, id := range ClaudeModels.Models {
		if id.Provider() != Anthropic {
			t.Errorf("claude_models holds %s of %s", id, id.Provider())
		}
	}
}

func TestParseModelSet(t *testing.T) {
	if s := ParseModelSet("openai_models"); len(s.Models) != 5 {
		t.Fatalf("subset name: %v", s)
	}
	s := ParseModelSet(" o3, o4_mini ,")
	if len(s.Models) != 2 || s.Models[0] != O3 || s.Models[1] != O4Mini {
		t.Fatalf("list: %v", s.Models)
	}
}

func TestDecisionsParseTolerantlyAndCountAmbiguousAsProblematic(t *testing.T) {
	cases := map[string]Decision{"compliant": Compliant, " Non-Compliant": NonCompliant,
		"non_compliant": NonCompliant, "AMBIGUOUS": Ambiguous, "": Missing}
	for in, want := range cases {
		got, err := ParseDecision(in)
		if err != nil || got != want {
			t.Errorf("ParseDecision(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseDecision("maybe"); err == nil || !strings.Contains(err.Error(), "maybe") {
		t.Errorf("bad decision error = %v", err)
	}
	if !Ambiguous.Problematic() || !NonCompliant.Problematic() || Compliant.Problematic() || Missing.Problematic() {
		t.Error("problematic = non-compliant or ambiguous only")
	}
}

func TestPositionsAndResponseTypes(t *testing.T) {
	if p, err := ParsePosition("strong_favor"); err != nil || p != 5 {
		t.Errorf("strong_favor = %d, %v", p, err)
	}
	if p, err := ParsePosition("3"); err != nil || p != 3 {
		t.Errorf("3 = %d, %v", p, err)
	}
	if _, err := ParsePosition("7"); err == nil {
		t.Error("7 accepted")
	}
	types := ResponseTypes()
	if len(types) != 7 {
		t.Fatalf("%d response types", len(types))
	}
	refusals := 0
	for _, rt := range types {
		back, err := ParseResponseType(rt.String())
		if err != nil || back != rt {
			t.Errorf("round trip of %v: %v %v", rt, back, err)
		}
		if rt.Refusal() {
			refusals++
		}
	}
	if refusals != 3 || !CompleteRejection.HardRefusal() || FirmRejection.HardRefusal() {
		t.Error("refusal = the last three types; hard refusal = complete rejection")
	}
}

func TestTwentySixCategoriesInFiveGroups(t *testing.T) {
	cats := Categories()
	if len(cats) != 26 {
		t.Fatalf("%d categories", len(cats))
	}
	groups := map[string]int{}
	for i, c := range cats {
		groups[c.Group]++
		if CategoryIndex(c.Name) != i || CategoryIndex(strings.ToUpper(c.Short)) != i {
			t.Errorf("lookup of %q", c.Name)
		}
	}
	if len(groups) != 5 {
		t.Errorf("groups %v", groups)
	}
	if ShortCategory("Unheard of") != "Unheard of" {
		t.Error("unknown category must pass through")
	}
}

func TestPositionsSelectAndValidate(t *testing.T) {
	p := &Positions{Rows: 2, Models: []ModelID{O3, O4Mini},
		Value1: [][]int8{{1, -1}, {6, 0}}, Value2: [][]int8{{2, 3}, {4, 5}}}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	s, err := p.Select([]ModelID{O4Mini})
	if err != nil || s.Value1[0][0] != 6 {
		t.Fatalf("select: %v %v", s, err)
	}
	if _, err := p.Select([]ModelID{Grok4}); err == nil || !strings.Contains(err.Error(), "grok_4") {
		t.Fatalf("missing model error = %v", err)
	}
	p.Value2[1][1] = 7
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "o4_mini_value2_position row 1") {
		t.Fatalf("out of range error = %v", err)
	}
}
