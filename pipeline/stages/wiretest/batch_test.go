package wiretest_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/llm/llmtest"
	"github.com/specstress/specstress/pipeline/stages"
)

// openAIRun opens a run in dir whose respondents (and, with mod, other
// roles) are "OpenAI" models served by srv; everything else is sim.
func openAIRun(t *testing.T, srv *llmtest.Server, dir string, mod func(*stages.Config)) (*stages.Run, *llm.Stack, func()) {
	t.Helper()
	cfg := stages.DefaultConfig()
	cfg.Out, cfg.Pairs = dir, 5
	cfg.Respondents = []stages.ModelSpec{{ID: "gpt_4_1", Model: "openai:gpt-4.1"}}
	if mod != nil {
		mod(&cfg)
	}
	vars := map[string]string{"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": srv.URL + "/v1"}
	stack, cache, err := stages.NewStack(cfg, func(k string) string { return vars[k] }, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := stages.Open(cfg, stack)
	if err != nil {
		cache.Close()
		t.Fatal(err)
	}
	r.Stats = stack.Stats
	return r, stack, func() { r.Close(); cache.Close() }
}

func TestBatchedStagesUseTheBatchAPIOnly(t *testing.T) {
	srv := llmtest.NewOpenAI("k")
	defer srv.Close()
	srv.Reply = func(p string) string { return "A considered answer to: " + p }
	r, stack, done := openAIRun(t, srv, t.TempDir(), nil)
	defer done()
	res, err := r.Batched(context.Background(), stack, time.Millisecond, stages.StagePairs, stages.StageScenarios, stages.StageResponses)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(responses(t, r)); got != 15 {
		t.Fatalf("%d responses, want 15; results %v; failures %v", got, res, r.Failures())
	}
	if srv.Count() != 0 || srv.BatchRequests() != 15 {
		t.Errorf("%d direct calls and %d batched requests, want 0 and 15", srv.Count(), srv.BatchRequests())
	}
	if len(r.Failures()) != 0 {
		t.Errorf("failures: %v", r.Failures())
	}
}

// The two rewrites of a pair depend on its neutral query: their batch
// round defers both, and a deferral is no failure.
func TestBatchedDeferralsAreNotFailures(t *testing.T) {
	srv := llmtest.NewOpenAI("k")
	defer srv.Close()
	srv.Reply = func(p string) string {
		return fmt.Sprintf("[User Question] [User Query] A dilemma numbered %x?", sha256.Sum256([]byte(p)))
	}
	r, stack, done := openAIRun(t, srv, t.TempDir(), func(c *stages.Config) {
		c.Generators = []stages.ModelSpec{{ID: "gpt41", Model: "openai:gpt-4.1"}}
	})
	defer done()
	if _, err := r.Batched(context.Background(), stack, time.Millisecond, stages.StagePairs, stages.StageScenarios); err != nil {
		t.Fatal(err)
	}
	if n := len(r.ScenarioList()); n != 15 {
		t.Errorf("%d scenarios, want 15", n)
	}
	if f := r.Failures(); len(f) != 0 {
		t.Errorf("%d failures recorded, want none: %v", len(f), f)
	}
	if srv.Count() != 0 || srv.Batches() != 2 {
		t.Errorf("%d direct calls, %d batches; want 0 and 2 (neutral queries, then rewrites)", srv.Count(), srv.Batches())
	}
}

func TestBatchedRespectsTheCostLimit(t *testing.T) {
	srv := llmtest.NewOpenAI("k")
	defer srv.Close()
	srv.Reply = func(p string) string { return "A considered answer to: " + p }
	const limit = 0.01
	r, stack, done := openAIRun(t, srv, t.TempDir(), func(c *stages.Config) {
		c.Pairs, c.CostLimit = 20, limit
		c.Respondents[0].MaxTokens = 200
	})
	defer done()
	_, err := r.Batched(context.Background(), stack, time.Millisecond, stages.StagePairs, stages.StageScenarios, stages.StageResponses)
	if !errors.Is(err, llm.ErrCostLimit) {
		t.Errorf("err = %v, want the cost limit reported", err)
	}
	bill := srv.BatchBilled()
	billed := bill.Cost(2, 8, llm.BatchDiscount) // gpt-4.1 list price, half for batches
	if billed > limit || bill.Requests == 0 {
		t.Errorf("the server billed $%.5f for %d batched requests; limit $%.2f", billed, bill.Requests, limit)
	}
	// What was paid for is journaled; the rest is neither done nor failed.
	if got := len(responses(t, r)); int64(got) != bill.Requests {
		t.Errorf("%d responses journaled, %d billed", got, bill.Requests)
	}
	if f := r.Failures(); len(f) != 0 {
		t.Errorf("failures %v: requests the budget could not hold are not failures", f)
	}
	if srv.Count() != 0 {
		t.Errorf("%d direct calls in batch mode", srv.Count())
	}
}

func TestBatchedReplayMakesNoNetworkCall(t *testing.T) {
	srv := llmtest.NewOpenAI("k")
	defer srv.Close()
	r, stack, done := openAIRun(t, srv, t.TempDir(), func(c *stages.Config) { c.Replay = true })
	defer done()
	res, err := r.Batched(context.Background(), stack, time.Millisecond, stages.StagePairs, stages.StageScenarios, stages.StageResponses)
	if err != nil {
		t.Fatal(err)
	}
	if srv.Batches() != 0 || srv.Count() != 0 {
		t.Fatalf("replay on an empty cache: %d batches, %d calls", srv.Batches(), srv.Count())
	}
	if len(responses(t, r)) != 0 || res[len(res)-1].Failed != 15 {
		t.Errorf("%d responses, results %v: want every response failed", len(responses(t, r)), res)
	}
	for _, f := range r.Failures() {
		if !strings.Contains(f.Error, llm.ErrReplayMiss.Error()) {
			t.Errorf("failure %+v: want a replay miss", f)
		}
	}
}

func TestBatchedKilledDuringCreationDoesNotPayTwice(t *testing.T) {
	srv := llmtest.NewOpenAI("k")
	defer srv.Close()
	srv.Reply = func(p string) string { return "A considered answer to: " + p }
	dir := t.TempDir()
	r, stack, done := openAIRun(t, srv, dir, nil)
	ctx, kill := context.WithCancel(context.Background())
	srv.BatchCreated = func(rctx context.Context, id string) {
		kill() // the process dies while the provider creates the batch
		<-rctx.Done()
	}
	if _, err := r.Batched(ctx, stack, time.Millisecond, stages.StagePairs, stages.StageScenarios, stages.StageResponses); err == nil {
		t.Fatal("the killed run ended without an error")
	}
	done()
	srv.BatchCreated = nil

	r, stack, done = openAIRun(t, srv, dir, nil)
	defer done()
	if _, err := r.Batched(context.Background(), stack, time.Millisecond, stages.StagePairs, stages.StageScenarios, stages.StageResponses); err != nil {
		t.Fatal(err)
	}
	if len(responses(t, r)) != 15 {
		t.Errorf("%d responses, want 15", len(responses(t, r)))
	}
	if srv.Batches() != 1 || srv.BatchBilled().Requests != 15 {
		t.Errorf("%d batches, %d requests billed; want the one batch, each request billed once", srv.Batches(), srv.BatchBilled().Requests)
	}
	// Its cost is recorded at the model's batch price, not as an unknown model at $0.
	if st := stack.Stats(); st.Cost <= 0 || st.Reserved != 0 {
		t.Errorf("stats after resume: %+v", st)
	}
}
