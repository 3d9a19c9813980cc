package openai_test

import (
	"context"
	"testing"
	"time"

	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/llm/llmtest"
	_ "github.com/specstress/specstress/pipeline/llm/openai"
)

const secret = "sk-test-SECRET-do-not-leak"

var fastRetry = llm.RetryPolicy{Attempts: 4, Base: 5 * time.Millisecond, Max: 20 * time.Millisecond, MaxWait: time.Second}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestOpenAIRequestOnTheWire(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	s, err := llm.New(llm.Options{Retry: fastRetry,
		Getenv: env(map[string]string{"OPENAI_API_KEY": secret, "OPENAI_BASE_URL": srv.URL + "/v1"})})
	if err != nil {
		t.Fatal(err)
	}
	temp := 0.7
	req := &llm.Request{Model: "openai:gpt-4.1", System: "be brief", Temperature: &temp, MaxTokens: 100,
		Reasoning: "high", Messages: []llm.Message{{Role: llm.User, Content: "hello"}},
		Schema: &llm.Schema{Name: "answer", Schema: map[string]any{"type": "object"}}}
	resp, err := s.Complete(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Text != "echo: hello" || resp.Usage.Input == 0 || resp.Usage.Output == 0 {
		t.Fatalf("response = %+v", resp)
	}
	if resp.Cost <= 0 {
		t.Errorf("gpt-4.1 call cost %v, want > 0 from the price table", resp.Cost)
	}
	b := srv.Bodies()[0]
	if b["model"] != "gpt-4.1" || b["temperature"] != 0.7 || b["max_completion_tokens"] != 100.0 || b["reasoning_effort"] != "high" {
		t.Errorf("wire body = %v", b)
	}
	rf, _ := b["response_format"].(map[string]any)
	if rf["type"] != "json_schema" {
		t.Errorf("response_format = %v, want json_schema", rf)
	}
	msgs := b["messages"].([]any)
	if msgs[0].(map[string]any)["role"] != "system" {
		t.Errorf("first message %v, want the system prompt", msgs[0])
	}
}
