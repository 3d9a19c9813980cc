package wiretest_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/llm/llmtest"
	"github.com/specstress/specstress/pipeline/llm/sqlitecache"
)

// gpt41 is the list price the money tests bill at, in dollars per million
// tokens; the server's bill is priced independently of the client.
var gpt41 = llm.Price{Input: 2, Output: 8}

// workers runs n requests on k goroutines the way the stages do: the
// first fatal error cancels the rest with itself as the cause. It returns
// how many requests got an answer.
func workers(s llm.Client, k int, reqs []*llm.Request) int64 {
	ctx, stop := context.WithCancelCause(context.Background())
	defer stop(nil)
	work := make(chan *llm.Request)
	var answered atomic.Int64
	var wg sync.WaitGroup
	for range k {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range work {
				_, err := s.Complete(ctx, r)
				if err == nil {
					answered.Add(1)
				} else if llm.Fatal(err) {
					stop(err)
				}
			}
		}()
	}
feed:
	for _, r := range reqs {
		select {
		case work <- r:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	return answered.Load()
}

// limitAt64 runs 2000 requests on 64 workers against a $0.05 limit and
// checks the limit on what the server billed.
func limitAt64(t *testing.T, srv *llmtest.Server, vars map[string]string, model string, price llm.Price) {
	t.Helper()
	// Every answer takes a while after the server has billed it, so 64
	// calls are in flight together when the limit comes near.
	srv.Faults = func(int64) llmtest.Fault { return llmtest.Fault{Think: 20 * time.Millisecond} }
	cache, err := sqlitecache.Open(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer cache.Close()
	const limit = 0.05
	prov, name, _ := llm.ParseModel(model)
	cfg := llm.DefaultProviders()[prov]
	cfg.MaxConcurrency = 64
	s, err := llm.New(llm.Options{Getenv: env(vars), Retry: fastRetry, Cache: cache, CostLimit: limit,
		Prices: llm.PriceTable{name: price}, Providers: map[string]llm.ProviderConfig{prov: cfg}})
	if err != nil {
		t.Fatal(err)
	}
	var reqs []*llm.Request
	for i := range 2000 {
		r := llm.Text(model, "", fmt.Sprintf("question %d: which value weighs more here?", i))
		r.MaxTokens = 100
		reqs = append(reqs, r)
	}
	answered := workers(s, 64, reqs)

	bill := srv.Billed()
	billed := bill.Cost(price.Input, price.Output, 1)
	if billed > limit {
		t.Errorf("the server billed $%.5f for %d requests: over the $%.2f limit", billed, bill.Requests, limit)
	}
	if billed < limit/2 {
		t.Errorf("the server billed only $%.5f of the $%.2f limit: the guard stopped far too early", billed, limit)
	}
	// Every answer the server billed reached the caller and the cache:
	// answers in flight when the limit was hit are kept, not thrown away.
	n, _ := cache.Len(context.Background())
	if answered != bill.Requests || int64(n) != bill.Requests {
		t.Errorf("server billed %d answers, caller got %d, cache holds %d", bill.Requests, answered, n)
	}
	st := s.Stats()
	if math.Abs(st.Cost-billed) > 1e-9 || st.Reserved != 0 {
		t.Errorf("stack says spent $%.6f, reserved $%.6f; server billed $%.6f", st.Cost, st.Reserved, billed)
	}
	if st.Failures[llm.FailCostLimit] == 0 {
		t.Errorf("failures by kind %v: want cost_limit counted", st.Failures)
	}
}

func TestCostLimitHoldsAt64ConcurrentCallsAndKeepsEveryPaidAnswer(t *testing.T) {
	t.Run("openai", func(t *testing.T) {
		srv := llmtest.NewOpenAI(secret)
		defer srv.Close()
		limitAt64(t, srv, map[string]string{"OPENAI_API_KEY": secret, "OPENAI_BASE_URL": srv.URL + "/v1"}, "openai:gpt-4.1", gpt41)
	})
	t.Run("anthropic", func(t *testing.T) {
		srv := llmtest.NewAnthropic(secret)
		defer srv.Close()
		limitAt64(t, srv, map[string]string{"ANTHROPIC_API_KEY": secret, "ANTHROPIC_BASE_URL": srv.URL},
			"anthropic:claude-haiku-4", llm.Price{Input: 1, Output: 5})
	})
}

func TestUnpricedModelIsASetupErrorUnlessAllowed(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	s := openAIStack(t, srv, nil)
	_, err := s.Complete(context.Background(), llm.Text("openai:my-finetune-7", "", "hi"))
	if !errors.Is(err, llm.ErrSetup) || !llm.Fatal(err) || !strings.Contains(err.Error(), "openai:my-finetune-7") ||
		!strings.Contains(err.Error(), "allow_unpriced") {
		t.Fatalf("err = %v: want a setup error naming the model and how to price or allow it", err)
	}
	if srv.Count() != 0 {
		t.Fatalf("%d calls reached the server for a model of unknown price", srv.Count())
	}
	if err := llm.DefaultPrices().CheckPrices([]string{"sim:o3", "openai:gpt-4.1", "xai:grok-5x", "vllm:local"}); err == nil ||
		!strings.Contains(err.Error(), "xai:grok-5x") || strings.Contains(err.Error(), "gpt-4.1") {
		t.Errorf("CheckPrices = %v, want only xai:grok-5x named", err)
	}
	ok := openAIStack(t, srv, func(o *llm.Options) { o.AllowUnpriced = true })
	if _, err := ok.Complete(context.Background(), llm.Text("openai:my-finetune-7", "", "hi")); err != nil {
		t.Fatalf("allowed unpriced model: %v", err)
	}
	// A price set by the user is a price.
	priced := openAIStack(t, srv, func(o *llm.Options) { o.Prices = llm.PriceTable{"my-finetune": {Input: 1, Output: 1}} })
	if _, err := priced.Complete(context.Background(), llm.Text("openai:my-finetune-7", "", "hi")); err != nil {
		t.Fatalf("priced model: %v", err)
	}
}

func TestBudgetNeverLetsReservationsPassTheLimit(t *testing.T) {
	b := llm.NewBudget(1, 0.25)
	ctx := context.Background()
	if err := b.Reserve(ctx, 0.5); err != nil {
		t.Fatal(err)
	}
	if err := b.ReserveBatch(0.3); !errors.Is(err, llm.ErrCostLimit) {
		t.Fatalf("0.25 spent + 0.5 reserved + 0.3: err = %v, want ErrCostLimit", err)
	}
	// Reserve waits for the call in flight: it may settle below its estimate.
	got := make(chan error)
	go func() { got <- b.Reserve(ctx, 0.3) }()
	b.Settle(0.5, 0.1)
	if err := <-got; err != nil {
		t.Fatalf("after settling at 0.1: %v", err)
	}
	// With nothing in flight, what is spent decides at once.
	if err := b.Reserve(ctx, 0.7); !errors.Is(err, llm.ErrCostLimit) {
		t.Fatalf("0.35 spent, 0.3 reserved, 0.7 more: err = %v", err)
	}
	b.Release(0.3)
	if err := b.Reserve(ctx, 0.66); !errors.Is(err, llm.ErrCostLimit) {
		t.Fatalf("0.35 spent + 0.66 > 1: err = %v, want ErrCostLimit without waiting", err)
	}
	// A batch's hold is not waited for: it may take a day.
	b.Hold(0.5)
	if err := b.Reserve(ctx, 0.2); !errors.Is(err, llm.ErrCostLimit) {
		t.Fatalf("0.35 spent + 0.5 held + 0.2 with nothing in flight: err = %v", err)
	}
	b.SettleBatch(0.5, 0.25)
	b.Waste(0.1)
	// This process spent 0.1 on the call and 0.25 on the batch.
	if st := b.State(); math.Abs(st.Spent-0.35) > 1e-12 || st.Reserved != 0 || st.Wasted != 0.1 || st.Prior != 0.25 {
		t.Errorf("state %+v", st)
	}
}

func TestReplayMakesNoBatch(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	cache, _ := sqlitecache.Open(filepath.Join(t.TempDir(), "c.db"))
	defer cache.Close()
	s := openAIStack(t, srv, func(o *llm.Options) { o.Cache, o.CacheMode = cache, llm.Replay })
	col := &llm.Collector{Stack: s}
	req := llm.Text("openai:gpt-4.1", "", "not cached")
	if _, err := col.Complete(context.Background(), req); !errors.Is(err, llm.ErrReplayMiss) {
		t.Errorf("collector in replay: err = %v, want ErrReplayMiss (not a deferral)", err)
	}
	if len(col.Requests()) != 0 {
		t.Errorf("collector set %d requests aside in replay mode", len(col.Requests()))
	}
	if _, err := s.RunBatch(context.Background(), []*llm.Request{req}, time.Millisecond, nil); !errors.Is(err, llm.ErrReplayMiss) {
		t.Errorf("RunBatch in replay: err = %v, want ErrReplayMiss", err)
	}
	if _, err := s.SubmitBatch(context.Background(), []*llm.Request{req}); !errors.Is(err, llm.ErrReplayMiss) {
		t.Errorf("SubmitBatch in replay: err = %v, want ErrReplayMiss", err)
	}
	if srv.Batches() != 0 || srv.Count() != 0 {
		t.Errorf("replay reached the server: %d batches, %d calls", srv.Batches(), srv.Count())
	}
}

func TestBatchRespectsCostLimit(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	cache, _ := sqlitecache.Open(filepath.Join(t.TempDir(), "c.db"))
	defer cache.Close()
	const limit = 0.01
	s := openAIStack(t, srv, func(o *llm.Options) {
		o.Cache, o.CostLimit, o.Prices = cache, limit, llm.PriceTable{"gpt-4.1": gpt41}
	})
	var reqs []*llm.Request
	for i := range 200 {
		r := llm.Text("openai:gpt-4.1", "", fmt.Sprintf("scenario %d", i))
		r.MaxTokens = 100 // about $0.0004 a request at batch price
		reqs = append(reqs, r)
	}
	_, err := s.RunBatch(context.Background(), reqs, time.Millisecond, nil)
	if !errors.Is(err, llm.ErrCostLimit) {
		t.Errorf("err = %v, want ErrCostLimit for the requests the budget could not hold", err)
	}
	bill := srv.BatchBilled()
	billed := bill.Cost(gpt41.Input, gpt41.Output, llm.BatchDiscount)
	if billed > limit || bill.Requests == 0 || bill.Requests >= 200 {
		t.Errorf("server billed $%.5f for %d of 200 batched requests; limit $%.2f", billed, bill.Requests, limit)
	}
	if st := s.Stats(); math.Abs(st.Cost-billed) > 1e-9 || st.Reserved != 0 {
		t.Errorf("stack: spent $%.6f reserved $%.6f; server billed $%.6f", st.Cost, st.Reserved, billed)
	}
}
