package wiretest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/llm/llmtest"
	"github.com/specstress/specstress/pipeline/llm/sqlitecache"
)

func batchRoundTrip(t *testing.T, srv *llmtest.Server, getenv map[string]string, model string) {
	t.Helper()
	cache, err := sqlitecache.Open(filepath.Join(t.TempDir(), "c.db"))
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

func TestBatchJobResumesAfterRestartAtItsTrueCost(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	srv.BatchPolls = 3
	path := filepath.Join(t.TempDir(), "c.db")
	vars := map[string]string{"OPENAI_API_KEY": secret, "OPENAI_BASE_URL": srv.URL + "/v1"}
	cache, _ := sqlitecache.Open(path)
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
	journaled, _ := json.Marshal(job)

	var back llm.BatchJob
	if err := json.Unmarshal(journaled, &back); err != nil {
		t.Fatal(err)
	}
	cache, _ = sqlitecache.Open(path)
	defer cache.Close()
	s, _ = llm.New(llm.Options{Cache: cache, Getenv: env(vars), CostLimit: 10})
	s.HoldBatch(&back)
	if st := s.Stats(); st.Reserved != job.Reserved || st.Reserved <= 0 {
		t.Errorf("resumed batch holds $%v in the budget, want its reservation $%v", st.Reserved, job.Reserved)
	}
	if err := s.WaitBatch(context.Background(), &back, time.Millisecond, nil); err != nil {
		t.Fatal(err)
	}
	stored, failed, err := s.IngestBatch(context.Background(), &back, nil) // request index lost with the process
	if err != nil || stored != 1 || failed != 0 {
		t.Fatalf("ingest: %d stored, %d failed, %v", stored, failed, err)
	}
	resp, err := s.Complete(context.Background(), req)
	if err != nil || !resp.Cached || resp.Text != "echo: resume me" {
		t.Fatalf("after resume: %+v, %v", resp, err)
	}
	// The answer is costed at gpt-4.1's batch price, as the server billed it.
	billed := srv.BatchBilled().Cost(2, 8, llm.BatchDiscount)
	spent, _ := cache.Spent(context.Background())
	if billed <= 0 || math.Abs(spent-billed) > 1e-12 || math.Abs(s.Stats().Cost-billed) > 1e-12 || s.Stats().Reserved != 0 {
		t.Errorf("server billed $%v; cache records $%v, stack $%v with $%v still reserved", billed, spent, s.Stats().Cost, s.Stats().Reserved)
	}
	rows, _ := cache.Requests(context.Background())
	if len(rows) != 1 || !strings.Contains(string(rows[0]), `"model":"openai:gpt-4.1"`) {
		t.Errorf("cache rows %s: want the batch's model recorded", rows)
	}
}

// killedCreation plans a batch, journals its intent, and dies while the
// provider creates it (the client never hears the batch id). A new
// process must adopt the batch, not submit a second one.
func killedCreation(t *testing.T, srv *llmtest.Server, vars map[string]string, model string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.db")
	cache, _ := sqlitecache.Open(path)
	s, _ := llm.New(llm.Options{Cache: cache, Getenv: env(vars), Retry: fastRetry})
	var reqs []*llm.Request
	for i := range 3 {
		reqs = append(reqs, llm.Text(model, "", fmt.Sprint("question ", i)))
	}
	job, err := s.PlanBatch(reqs)
	if err != nil {
		t.Fatal(err)
	}
	intent, _ := json.Marshal(job) // journaled before the provider hears of it
	ctx, kill := context.WithCancel(context.Background())
	srv.BatchCreated = func(rctx context.Context, id string) {
		kill()
		<-rctx.Done()
	}
	if err := s.StartBatch(ctx, job, reqs); err == nil {
		t.Fatal("creation answered although the client was killed")
	}
	srv.BatchCreated = nil
	// Another batch of the same size, created later and journaled with
	// its id (claimed): the look-up must not take it for the lost one.
	var others []*llm.Request
	for i := range 3 {
		others = append(others, llm.Text(model, "", fmt.Sprint("other question ", i)))
	}
	other, err := s.SubmitBatch(context.Background(), others)
	if err != nil {
		t.Fatal(err)
	}
	cache.Close()

	var again llm.BatchJob
	json.Unmarshal(intent, &again)
	if again.ID != "" || again.Tag == "" {
		t.Fatalf("intent %+v: want a tag and no provider id", again)
	}
	cache, _ = sqlitecache.Open(path)
	defer cache.Close()
	s, _ = llm.New(llm.Options{Cache: cache, Getenv: env(vars), Retry: fastRetry})
	s.HoldBatch(&again)
	adopted, err := s.ResolveBatch(context.Background(), &again, map[string]bool{other.ID: true})
	if err != nil || !adopted || again.ID == "" || again.ID == other.ID {
		t.Fatalf("resolve: adopted %v, id %q, %v", adopted, again.ID, err)
	}
	if err := s.WaitBatch(context.Background(), &again, time.Millisecond, nil); err != nil {
		t.Fatal(err)
	}
	if stored, _, err := s.IngestBatch(context.Background(), &again, nil); err != nil || stored != 3 {
		t.Fatalf("ingest: %d stored, %v", stored, err)
	}
	if srv.Batches() != 2 || srv.BatchRequests() != 6 || srv.BatchBilled().Requests != 6 {
		t.Errorf("server: %d batches, %d requests, %d billed; want the lost batch and the other, each billed once",
			srv.Batches(), srv.BatchRequests(), srv.BatchBilled().Requests)
	}
	for _, r := range reqs {
		if resp, err := s.Complete(context.Background(), r); err != nil || !resp.Cached {
			t.Errorf("%s after adoption: %+v, %v", r.Messages[0].Content, resp, err)
		}
	}

	// An intent the provider never saw is abandoned: its money is freed.
	never, err := s.PlanBatch([]*llm.Request{llm.Text(model, "", "never sent")})
	if err != nil {
		t.Fatal(err)
	}
	adopted, err = s.ResolveBatch(context.Background(), never, map[string]bool{again.ID: true, other.ID: true})
	if err != nil || adopted || !never.Abandoned || s.Stats().Reserved != 0 {
		t.Errorf("unsent intent: adopted %v, %+v, reserved $%v, %v", adopted, never, s.Stats().Reserved, err)
	}
}

func TestOpenAIBatchKilledDuringCreationIsAdoptedNotResubmitted(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	killedCreation(t, srv, map[string]string{"OPENAI_API_KEY": secret, "OPENAI_BASE_URL": srv.URL + "/v1"}, "openai:gpt-4.1")
}

func TestAnthropicBatchKilledDuringCreationIsAdoptedNotResubmitted(t *testing.T) {
	srv := llmtest.NewAnthropic(secret)
	defer srv.Close()
	killedCreation(t, srv, map[string]string{"ANTHROPIC_API_KEY": secret, "ANTHROPIC_BASE_URL": srv.URL}, "anthropic:claude-sonnet-4")
}

func TestOneBatchPerModel(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	cache, _ := sqlitecache.Open(filepath.Join(t.TempDir(), "c.db"))
	defer cache.Close()
	s := openAIStack(t, srv, func(o *llm.Options) { o.Cache = cache })
	reqs := []*llm.Request{llm.Text("openai:gpt-4.1", "", "a"), llm.Text("openai:gpt-4o", "", "b"), llm.Text("openai:gpt-4.1", "", "c")}
	if _, err := s.SubmitBatch(context.Background(), reqs); err == nil || !strings.Contains(err.Error(), "one model per batch") {
		t.Errorf("mixed models in one batch: err = %v", err)
	}
	var jobs []*llm.BatchJob
	if _, err := s.RunBatch(context.Background(), reqs, time.Millisecond, func(j *llm.BatchJob) {
		if j.State == "submitted" {
			jobs = append(jobs, j)
		}
	}); err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 2 || jobs[0].Model != "openai:gpt-4.1" || len(jobs[0].Keys) != 2 || jobs[1].Model != "openai:gpt-4o" {
		t.Errorf("jobs %+v: want one for gpt-4.1 (2 requests) and one for gpt-4o", jobs)
	}
}

// A job journaled by an older version has no model: its answers are
// priced by the model the provider reports, not at $0.
func TestLegacyBatchJobIsPricedByTheReportedModel(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	cache, _ := sqlitecache.Open(filepath.Join(t.TempDir(), "c.db"))
	defer cache.Close()
	s := openAIStack(t, srv, func(o *llm.Options) { o.Cache = cache })
	job, err := s.SubmitBatch(context.Background(), []*llm.Request{llm.Text("openai:gpt-4.1", "", "old job")})
	if err != nil {
		t.Fatal(err)
	}
	legacy := &llm.BatchJob{Provider: job.Provider, ID: job.ID, Keys: job.Keys, State: job.State}
	s2 := openAIStack(t, srv, func(o *llm.Options) { o.Cache = cache })
	if err := s2.WaitBatch(context.Background(), legacy, time.Millisecond, nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s2.IngestBatch(context.Background(), legacy, nil); err != nil {
		t.Fatal(err)
	}
	billed := srv.BatchBilled().Cost(2, 8, llm.BatchDiscount)
	if got := s2.Stats().Cost; billed <= 0 || math.Abs(got-billed) > 1e-12 {
		t.Errorf("legacy job costed $%v, server billed $%v", got, billed)
	}
}

// A batched answer cut off at max_tokens is kept (it is paid) but never
// handed out as an answer: the stage that asks gets a *TruncatedError.
func TestBatchedTruncatedAnswerIsAFailureNotAnAnswer(t *testing.T) {
	srv := llmtest.NewAnthropic(secret)
	defer srv.Close()
	srv.BatchTruncate = func(p string) bool { return p == "long one" }
	cache, _ := sqlitecache.Open(filepath.Join(t.TempDir(), "c.db"))
	defer cache.Close()
	s, _ := llm.New(llm.Options{Cache: cache, Retry: fastRetry,
		Getenv: env(map[string]string{"ANTHROPIC_API_KEY": secret, "ANTHROPIC_BASE_URL": srv.URL})})
	reqs := []*llm.Request{llm.Text("anthropic:claude-sonnet-4", "", "short one"), llm.Text("anthropic:claude-sonnet-4", "", "long one")}
	if _, err := s.RunBatch(context.Background(), reqs, time.Millisecond, nil); err != nil {
		t.Fatal(err)
	}
	if resp, err := s.Complete(context.Background(), reqs[0]); err != nil || resp.Text != "echo: short one" {
		t.Errorf("whole answer: %+v, %v", resp, err)
	}
	col := &llm.Collector{Stack: s}
	for _, c := range []llm.Client{s, col} {
		resp, err := c.Complete(context.Background(), reqs[1])
		if resp != nil || !errors.Is(err, llm.ErrTruncated) {
			t.Errorf("%T: cut-off batched answer came back as %+v, %v", c, resp, err)
		}
	}
	if st := s.Stats(); st.Wasted <= 0 || st.Wasted >= st.Cost || st.Calls != 0 {
		t.Errorf("stats %+v: the cut-off answer's share of the cost is wasted, no direct call", st)
	}
}
