package llm_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/llm/llmtest"
)

func batchRoundTrip(t *testing.T, srv *llmtest.Server, getenv map[string]string, model string) {
	t.Helper()
	cache, err := llm.OpenCache(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer cache.Close()
	s, _ := llm.New(llm.Options{Cache: cache, Getenv: env(getenv), Retry: fastRetry,
		Prices: llm.PriceTable{"gpt-4.1": {Input: 2, Output: 8}, "claude-sonnet-4": {Input: 3, Output: 15}}})
	var reqs []*llm.Request
	for i := 0; i < 5; i++ {
		reqs = append(reqs, llm.Text(model, "sys", fmt.Sprint("question ", i)))
	}
	var states []string
	direct, err := s.RunBatch(context.Background(), append(reqs, llm.Text("sim:o3", "", "x")), time.Millisecond,
		func(j *llm.BatchJob) { states = append(states, j.State) })
	if err != nil {
		t.Fatal(err)
	}
	if len(direct) != 1 || direct[0].Model != "sim:o3" {
		t.Errorf("direct = %v, want the sim request back", direct)
	}
	if srv.BatchRequests() != 5 || srv.Count() != 0 {
		t.Fatalf("server: %d batched, %d direct calls", srv.BatchRequests(), srv.Count())
	}
	if len(states) < 2 {
		t.Errorf("job states %v: want submitted, then polled", states)
	}
	batchCost := s.Stats().Cost
	// Every answer is now a cache hit: the stage run that follows makes no call.
	for i, r := range reqs {
		resp, err := s.Complete(context.Background(), r)
		if err != nil || !resp.Cached || resp.Text != fmt.Sprint("echo: question ", i) {
			t.Fatalf("request %d after ingest: %+v, %v", i, resp, err)
		}
	}
	if srv.Count() != 0 {
		t.Errorf("%d direct calls after the batch", srv.Count())
	}
	// Half price: the same five calls made directly cost twice as much.
	s2, _ := llm.New(llm.Options{Getenv: env(getenv), Retry: fastRetry,
		Prices: llm.PriceTable{"gpt-4.1": {Input: 2, Output: 8}, "claude-sonnet-4": {Input: 3, Output: 15}}})
	for _, r := range reqs {
		if _, err := s2.Complete(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	if d := s2.Stats().Cost; batchCost <= 0 || d < 1.99*batchCost || d > 2.01*batchCost {
		t.Errorf("batch cost %v, direct cost %v: want half", batchCost, d)
	}
}

func TestOpenAIBatchSubmitPollIngest(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	batchRoundTrip(t, srv, map[string]string{"OPENAI_API_KEY": secret, "OPENAI_BASE_URL": srv.URL + "/v1"}, "openai:gpt-4.1")
}

func TestAnthropicMessageBatchSubmitPollIngest(t *testing.T) {
	srv := llmtest.NewAnthropic(secret)
	defer srv.Close()
	batchRoundTrip(t, srv, map[string]string{"ANTHROPIC_API_KEY": secret, "ANTHROPIC_BASE_URL": srv.URL}, "anthropic:claude-sonnet-4")
}

func TestBatchJobResumesAfterRestart(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	srv.BatchPolls = 3
	path := filepath.Join(t.TempDir(), "c.db")
	vars := map[string]string{"OPENAI_API_KEY": secret, "OPENAI_BASE_URL": srv.URL + "/v1"}
	cache, _ := llm.OpenCache(path)
	s, _ := llm.New(llm.Options{Cache: cache, Getenv: env(vars)})
	req := llm.Text("openai:gpt-4.1", "", "resume me")
	job, err := s.SubmitBatch(context.Background(), []*llm.Request{req})
	if err != nil {
		t.Fatal(err)
	}
	if done, _ := s.PollBatch(context.Background(), job); done {
		t.Fatal("batch ended on the first poll")
	}
	cache.Close() // the process dies; the job (plain data) was journaled

	cache, _ = llm.OpenCache(path)
	defer cache.Close()
	s, _ = llm.New(llm.Options{Cache: cache, Getenv: env(vars)})
	if err := s.WaitBatch(context.Background(), job, time.Millisecond, nil); err != nil {
		t.Fatal(err)
	}
	stored, failed, err := s.IngestBatch(context.Background(), job, nil) // request index lost with the process
	if err != nil || stored != 1 || failed != 0 {
		t.Fatalf("ingest: %d stored, %d failed, %v", stored, failed, err)
	}
	resp, err := s.Complete(context.Background(), req)
	if err != nil || !resp.Cached || resp.Text != "echo: resume me" {
		t.Fatalf("after resume: %+v, %v", resp, err)
	}
}
