package anthropic_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/llm/anthropic"
	"github.com/specstress/specstress/pipeline/llm/llmtest"
)

const secret = "sk-test-SECRET-do-not-leak"

var fastRetry = llm.RetryPolicy{Attempts: 4, Base: 5 * time.Millisecond, Max: 20 * time.Millisecond, MaxWait: time.Second}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestAnthropicRequestOnTheWire(t *testing.T) {
	srv := llmtest.NewAnthropic(secret)
	defer srv.Close()
	s, err := llm.New(llm.Options{Retry: fastRetry,
		Getenv: env(map[string]string{"ANTHROPIC_API_KEY": secret, "ANTHROPIC_BASE_URL": srv.URL})})
	if err != nil {
		t.Fatal(err)
	}
	req := &llm.Request{Model: "anthropic:claude-opus-4-1", System: "sys", ThinkingBudget: 2048,
		Messages: []llm.Message{{Role: llm.User, Content: "weigh these"}},
		Schema:   &llm.Schema{Name: "x", Schema: map[string]any{"type": "object"}}}
	resp, err := s.Complete(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Text != "echo: weigh these" || resp.Thinking != "let me think" || resp.Stop != "end_turn" {
		t.Fatalf("response = %+v", resp)
	}
	b := srv.Bodies()[0]
	th := b["thinking"].(map[string]any)
	if th["type"] != "enabled" || th["budget_tokens"] != 2048.0 {
		t.Errorf("thinking = %v", th)
	}
	if mt := b["max_tokens"].(float64); mt <= 2048 {
		t.Errorf("max_tokens %v must exceed the thinking budget", mt)
	}
	if _, ok := b["output_config"]; !ok {
		t.Errorf("no output_config for the schema: %v", b)
	}
	if _, ok := b["temperature"]; ok {
		t.Errorf("temperature sent with thinking on")
	}
}

// The budget reserves for the max_tokens the backend sends, not the
// request's (Anthropic requires one): a request without max_tokens is
// priced at the default, one with thinking above its budget.
func TestEstimateCountsTheMaxTokensSent(t *testing.T) {
	s, err := llm.New(llm.Options{Prices: llm.PriceTable{"claude-x": {Input: 0, Output: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		req  llm.Request
		want int64
	}{
		{llm.Request{}, 4096},
		{llm.Request{MaxTokens: 100}, 100},
		{llm.Request{ThinkingBudget: 8000}, 8000 + 4096},
		{llm.Request{MaxTokens: 9000, ThinkingBudget: 8000}, 9000},
	} {
		req := c.req
		req.Model = "anthropic:claude-x"
		req.Messages = []llm.Message{{Role: llm.User, Content: "q"}}
		if got := anthropic.MaxTokens(&req); got != c.want {
			t.Errorf("MaxTokens(%+v) = %d, want %d", c.req, got, c.want)
		}
		if est, want := s.Estimate(&req), float64(c.want)/1e6; est != want {
			t.Errorf("Estimate(%+v) = $%v, want $%v (%d output tokens)", c.req, est, want, c.want)
		}
	}
	if !slices.Contains(llm.Kinds(), llm.KindAnthropic) {
		t.Errorf("importing the package did not register its kind: %v", llm.Kinds())
	}
}
