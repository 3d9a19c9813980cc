package stages

import (
	"context"
	"testing"
	"time"

	"github.com/specstress/specstress/pipeline/llm/llmtest"
)

func TestBatchedStagesUseTheBatchAPIOnly(t *testing.T) {
	srv := llmtest.NewOpenAI("k")
	defer srv.Close()
	srv.Reply = func(p string) string { return "A considered answer to: " + p }
	cfg := DefaultConfig()
	cfg.Out, cfg.Pairs = t.TempDir(), 5
	cfg.Respondents = []ModelSpec{{ID: "gpt_4_1", Model: "openai:gpt-4.1"}}
	vars := map[string]string{"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": srv.URL + "/v1"}
	stack, cache, err := NewStack(cfg, func(k string) string { return vars[k] }, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cache.Close()
	r, err := Open(cfg, stack)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	res, err := r.Batched(context.Background(), stack, time.Millisecond, StagePairs, StageScenarios, StageResponses)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.responses.Len(); got != 15 {
		t.Fatalf("%d responses, want 15; results %v; failures %v", got, res, r.Failures())
	}
	if srv.Count() != 0 || srv.BatchRequests() != 15 {
		t.Errorf("%d direct calls and %d batched requests, want 0 and 15", srv.Count(), srv.BatchRequests())
	}
	if len(r.Failures()) != 0 {
		t.Errorf("failures: %v", r.Failures())
	}
}
