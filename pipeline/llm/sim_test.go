package llm_test

import (
	"context"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline/llm"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func simStack(t *testing.T) *llm.Stack {
	s, err := llm.New(llm.Options{Getenv: env(nil)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSimIsDeterministicAndNeedsNoKey(t *testing.T) {
	s := simStack(t)
	meta := map[string]string{llm.MetaValue1: "Honesty", llm.MetaValue2: "Kindness", llm.MetaCat1: "3", llm.MetaCat2: "19",
		llm.MetaNudge: "value1", llm.MetaSeed: "0/1/value1"}
	ask := func(model string) string {
		req := llm.Text(model, "", "Should I tell her?")
		req.Task, req.Meta = llm.TaskRespond, meta
		resp, err := s.Complete(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		return resp.Text
	}
	a, b := ask("sim:o3"), ask("sim:o3")
	if a != b || !strings.Contains(a, "[sim model=o3 ") {
		t.Fatalf("sim answers differ or lack the marker:\n%s\n%s", a, b)
	}
	if s.Stats().Cost != 0 {
		t.Error("sim calls cost money")
	}
}

func TestSimClassifierReadsTheMarkers(t *testing.T) {
	s := simStack(t)
	prompt := `<response model="o3">text [sim model=o3 v1=5 v2=1 type=0 values=3,11]</response>
<response model="grok_4">text [sim model=grok_4 v1=0 v2=6 type=6 values=]</response>`
	req := llm.Text("sim:judge", "", prompt)
	req.Task = llm.TaskClassify
	resp, err := s.Complete(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"o3":{`, `"value1_position":5`, `"value2_position":6`} {
		if !strings.Contains(resp.Text, want) {
			t.Errorf("classification %s lacks %s", resp.Text, want)
		}
	}
}

func TestPersonasFollowTheNudge(t *testing.T) {
	p := llm.BuiltinPersonas()
	var up, down int
	for i := 0; i < 200; i++ {
		seed := string(rune('a'+i%26)) + string(rune('a'+i/26))
		sc := llm.SimScenario{Seed: seed, Cat1: 7, Cat2: 11, Nudge: "value1"}
		a := p.Answer("gpt_4_1", sc)
		sc.Nudge = "value2"
		if a.V1 > p.Answer("gpt_4_1", sc).V1 {
			up++
		} else {
			down++
		}
	}
	if up <= 2*down {
		t.Errorf("value1 nudge raised value1 in %d of 200 scenarios", up)
	}
}
