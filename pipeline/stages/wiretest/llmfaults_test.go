package wiretest_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/llm/llmtest"
	"github.com/specstress/specstress/pipeline/stages"
)

// At the stages' default concurrency of 64, the cost limit holds on what
// the provider bills, and every answer it billed is journaled.
func TestCostLimitHoldsAtConcurrency64AndPaidAnswersAreJournaled(t *testing.T) {
	srv := llmtest.NewOpenAI("k")
	defer srv.Close()
	srv.Reply = func(p string) string { return "A considered answer to: " + p }
	srv.Faults = func(int64) llmtest.Fault { return llmtest.Fault{Think: 20 * time.Millisecond} }
	const limit = 0.02
	r, stack, done := openAIRun(t, srv, t.TempDir(), func(c *stages.Config) {
		c.Pairs, c.CostLimit, c.Concurrency = 100, limit, 64
		c.Respondents[0].MaxTokens = 100
		c.Providers = map[string]llm.ProviderConfig{"openai": {Kind: llm.KindOpenAI, BaseURLEnv: "OPENAI_BASE_URL",
			APIKeyEnv: "OPENAI_API_KEY", MaxConcurrency: 64}}
	})
	defer done()
	if _, err := r.Stages(context.Background(), stages.StagePairs, stages.StageScenarios); err != nil {
		t.Fatal(err)
	}
	_, err := r.Responses(context.Background())
	if !errors.Is(err, llm.ErrCostLimit) {
		t.Fatalf("err = %v, want the stage stopped by the cost limit", err)
	}
	bill := srv.Billed()
	billed := bill.Cost(2, 8, 1)
	if billed > limit || bill.Requests < 10 {
		t.Errorf("the server billed $%.5f for %d requests; limit $%.2f", billed, bill.Requests, limit)
	}
	if got := len(responses(t, r)); int64(got) != bill.Requests {
		t.Errorf("%d responses journaled, %d answers billed: paid answers were thrown away", got, bill.Requests)
	}
	if st := stack.Stats(); st.Reserved != 0 {
		t.Errorf("$%v still reserved after the stage", st.Reserved)
	}
}

// A response cut off at max_tokens is never stored as a response: the item
// fails with the reason, and a re-run can try it again.
func TestTruncatedResponsesAreFailuresNotResponses(t *testing.T) {
	srv := llmtest.NewOpenAI("k")
	defer srv.Close()
	srv.Reply = func(p string) string {
		return "Should I pick the offer abroad, or stay near my parents who need me? " + p
	}
	srv.Faults = func(n int64) llmtest.Fault { return llmtest.Fault{Truncate: n%3 == 0} }
	r, _, done := openAIRun(t, srv, t.TempDir(), func(c *stages.Config) { c.Concurrency = 1 })
	defer done()
	if _, err := r.Stages(context.Background(), stages.StagePairs, stages.StageScenarios); err != nil {
		t.Fatal(err)
	}
	res, err := r.Responses(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Done != 10 || res.Failed != 5 || len(responses(t, r)) != 10 {
		t.Errorf("result %v, %d journaled: want 10 done and the 5 cut-off ones failed", res, len(responses(t, r)))
	}
	for _, rec := range responses(t, r) {
		if rec.Stop == "length" || !strings.HasPrefix(rec.Text, "Should I pick the offer abroad, or stay near my parents who need me?") {
			t.Errorf("journaled a cut-off response: %+v", rec)
		}
	}
	for _, f := range r.OpenFailures() {
		if !strings.Contains(f.Error, "cut off at max_tokens") {
			t.Errorf("failure %+v: want the reason", f)
		}
	}
	if len(r.OpenFailures()) != 5 {
		t.Errorf("%d open failures, want 5", len(r.OpenFailures()))
	}
}

func TestUnpricedModelIsRefusedBeforeAnyCall(t *testing.T) {
	srv := llmtest.NewOpenAI("k")
	defer srv.Close()
	cfg := stages.DefaultConfig()
	cfg.Out = t.TempDir()
	cfg.Respondents = []stages.ModelSpec{{ID: "ft", Model: "openai:ft-my-model"}}
	cfg.Spectrum = stages.ModelSpec{} // a role left out is no model to price
	vars := map[string]string{"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": srv.URL + "/v1"}
	_, _, err := stages.NewStack(cfg, func(k string) string { return vars[k] }, nil)
	if !errors.Is(err, llm.ErrSetup) || !strings.Contains(err.Error(), "openai:ft-my-model") || strings.Contains(err.Error(), `""`) {
		t.Fatalf("err = %v, want the unpriced model named before any call", err)
	}
	for _, allow := range []func(*stages.Config){
		func(c *stages.Config) { c.AllowUnpriced = true },
		func(c *stages.Config) { c.Prices = llm.PriceTable{"ft-my-model": {Input: 3, Output: 12}} },
	} {
		c := cfg
		allow(&c)
		_, cache, err := stages.NewStack(c, func(k string) string { return vars[k] }, nil)
		if err != nil {
			t.Fatalf("allowed or priced: %v", err)
		}
		cache.Close()
	}
	if srv.Count() != 0 {
		t.Errorf("%d calls", srv.Count())
	}
}
