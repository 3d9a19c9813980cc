package wiretest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/llm/llmtest"
	"github.com/specstress/specstress/pipeline/llm/sqlitecache"
)

const secret = "sk-test-SECRET-do-not-leak"

// fastRetry keeps fault tests quick: real policies wait seconds.
var fastRetry = llm.RetryPolicy{Attempts: 4, Base: 5 * time.Millisecond, Max: 20 * time.Millisecond, MaxWait: time.Second}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func openAIStack(t *testing.T, srv *llmtest.Server, mod func(*llm.Options)) *llm.Stack {
	t.Helper()
	o := llm.Options{
		Getenv: env(map[string]string{"OPENAI_API_KEY": secret, "OPENAI_BASE_URL": srv.URL + "/v1"}),
		Retry:  fastRetry,
	}
	if mod != nil {
		mod(&o)
	}
	s, err := llm.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRetriesHonourRetryAfterAndSDKDoesNotRetry(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	srv.Faults = func(n int64) llmtest.Fault {
		switch n {
		case 1:
			return llmtest.Fault{Status: 429, Header: map[string]string{"Retry-After-Ms": "30"}}
		case 2:
			return llmtest.Fault{Status: 503}
		}
		return llmtest.Fault{}
	}
	var logs []string
	s := openAIStack(t, srv, func(o *llm.Options) {
		o.Log = func(f string, a ...any) { logs = append(logs, f) }
	})
	start := time.Now()
	if _, err := s.Complete(context.Background(), llm.Text("openai:gpt-4o", "", "hi")); err != nil {
		t.Fatal(err)
	}
	if time.Since(start) < 30*time.Millisecond {
		t.Errorf("retried before the Retry-After of 30ms")
	}
	st := s.Stats()
	if srv.Count() != 3 || st.Calls != 3 || st.Retries != 2 || st.Throttled != 1 {
		t.Errorf("server saw %d, stats %+v; want 3 calls, 2 retries, 1 throttled", srv.Count(), st)
	}
}

func TestNonRetryableAndExhausted(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	srv.Faults = func(n int64) llmtest.Fault { return llmtest.Fault{Status: 400} }
	s := openAIStack(t, srv, nil)
	_, err := s.Complete(context.Background(), llm.Text("openai:gpt-4o", "", "bad"))
	var ae *llm.APIError
	if !errors.As(err, &ae) || ae.Status != 400 || srv.Count() != 1 {
		t.Fatalf("err = %v after %d calls; want one HTTP 400", err, srv.Count())
	}
	srv.Faults = func(n int64) llmtest.Fault { return llmtest.Fault{Status: 500} }
	_, err = s.Complete(context.Background(), llm.Text("openai:gpt-4o", "", "again"))
	if err == nil || srv.Count() != 1+int64(fastRetry.Attempts) {
		t.Fatalf("err = %v after %d calls; want failure after %d attempts", err, srv.Count()-1, fastRetry.Attempts)
	}
	if s.Stats().Errors != 2 {
		t.Errorf("errors = %d, want 2", s.Stats().Errors)
	}
}

func TestRetryAfterBeyondMaxWaitGivesUp(t *testing.T) {
	srv := llmtest.NewAnthropic(secret)
	defer srv.Close()
	srv.Faults = func(n int64) llmtest.Fault {
		return llmtest.Fault{Status: 429, Header: map[string]string{"Retry-After": "3600"}}
	}
	s, _ := llm.New(llm.Options{Retry: fastRetry,
		Getenv: env(map[string]string{"ANTHROPIC_API_KEY": secret, "ANTHROPIC_BASE_URL": srv.URL})})
	_, err := s.Complete(context.Background(), llm.Text("anthropic:claude-sonnet-4", "", "x"))
	if err == nil || srv.Count() != 1 {
		t.Fatalf("err = %v, calls %d: a one-hour Retry-After beyond MaxWait must end the retries", err, srv.Count())
	}
}

func TestTimeoutsSlowAndMalformedResponses(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	srv.Faults = func(n int64) llmtest.Fault {
		switch n {
		case 1:
			return llmtest.Fault{Delay: 2 * time.Second} // beyond the attempt timeout
		case 2:
			return llmtest.Fault{Body: `{"id":"x","choices":[{"message":{"content":"trunc`} // truncated JSON
		case 3:
			return llmtest.Fault{Body: `not json at all`}
		}
		return llmtest.Fault{Delay: 10 * time.Millisecond} // slow but in time
	}
	s := openAIStack(t, srv, func(o *llm.Options) { o.Timeout = 200 * time.Millisecond })
	resp, err := s.Complete(context.Background(), llm.Text("openai:gpt-4o", "", "slow"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Text != "echo: slow" || srv.Count() != 4 {
		t.Fatalf("resp %+v after %d calls, want success on the 4th", resp, srv.Count())
	}
}

func TestCancelStopsWaiting(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	srv.Faults = func(n int64) llmtest.Fault { return llmtest.Fault{Delay: 5 * time.Second} }
	s := openAIStack(t, srv, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := s.Complete(ctx, llm.Text("openai:gpt-4o", "", "x"))
	if !errors.Is(err, context.DeadlineExceeded) || srv.Count() != 1 {
		t.Fatalf("err = %v after %d calls, want the caller's deadline and no retry", err, srv.Count())
	}
}

func TestCacheRecordReplayWithoutKey(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "cache.db")
	cache, err := sqlitecache.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s := openAIStack(t, srv, func(o *llm.Options) { o.Cache = cache })
	for i := 0; i < 2; i++ { // the second is a hit
		if _, err := s.Complete(context.Background(), llm.Text("openai:gpt-4.1", "", "record me")); err != nil {
			t.Fatal(err)
		}
	}
	if srv.Count() != 1 || s.Stats().CacheHits != 1 {
		t.Fatalf("calls %d, stats %+v: want 1 call and 1 hit", srv.Count(), s.Stats())
	}
	cache.Close()

	// A re-run elsewhere: same cache file, no API key, replay-only.
	cache, err = sqlitecache.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer cache.Close()
	r, err := llm.New(llm.Options{Cache: cache, CacheMode: llm.Replay, Getenv: env(nil)})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := r.Complete(context.Background(), llm.Text("openai:gpt-4.1", "", "record me"))
	if err != nil || resp.Text != "echo: record me" || !resp.Cached {
		t.Fatalf("replay: %+v, %v", resp, err)
	}
	if _, err := r.Complete(context.Background(), llm.Text("openai:gpt-4.1", "", "never seen")); !errors.Is(err, llm.ErrReplayMiss) {
		t.Errorf("replay miss: err = %v, want ErrReplayMiss", err)
	}
	// Without replay-only, a miss with no key says which variable to set.
	r2, _ := llm.New(llm.Options{Cache: cache, Getenv: env(nil)})
	_, err = r2.Complete(context.Background(), llm.Text("openai:gpt-4.1", "", "never seen"))
	if err == nil || !strings.Contains(err.Error(), "OPENAI_API_KEY") {
		t.Errorf("miss without key: err = %v, want it to name OPENAI_API_KEY", err)
	}
	if srv.Count() != 1 {
		t.Errorf("replay made %d calls", srv.Count()-1)
	}
}

func TestKeysNeverReachCacheOrLogs(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	dir := t.TempDir()
	cache, err := sqlitecache.Open(filepath.Join(dir, "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	srv.Faults = func(n int64) llmtest.Fault {
		if n == 1 {
			return llmtest.Fault{Status: 500}
		}
		return llmtest.Fault{}
	}
	var logs strings.Builder
	var mu sync.Mutex
	s := openAIStack(t, srv, func(o *llm.Options) {
		o.Cache = cache
		o.Log = func(f string, a ...any) {
			mu.Lock()
			defer mu.Unlock()
			logs.WriteString(strings.TrimSpace(strings.ReplaceAll(f, "%v", "")))
			for _, x := range a {
				logs.WriteString(" " + strings.TrimSpace(toString(x)))
			}
		}
	})
	if _, err := s.Complete(context.Background(), llm.Text("openai:gpt-4.1", "", "hello")); err != nil {
		t.Fatal(err)
	}
	cache.Close()
	if logs.Len() == 0 {
		t.Fatal("expected a retry log line")
	}
	if strings.Contains(logs.String(), secret) {
		t.Errorf("key in logs: %s", logs.String())
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if strings.Contains(string(b), secret) {
			t.Errorf("key found in %s", f)
		}
	}
}

func toString(x any) string {
	if e, ok := x.(error); ok {
		return e.Error()
	}
	if s, ok := x.(string); ok {
		return s
	}
	return ""
}

func TestCostLimitSurvivesRestart(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "cache.db")
	cache, _ := sqlitecache.Open(path)
	// $1 per thousand tokens: a call reserves about $0.04 (its prompt and
	// 20 tokens of max_tokens) and costs about $0.014.
	prices := llm.PriceTable{"gpt-4.1": {Input: 1000, Output: 1000}}
	ask := func(s *llm.Stack, q string) error {
		req := llm.Text("openai:gpt-4.1", "", q)
		req.MaxTokens = 20
		_, err := s.Complete(context.Background(), req)
		return err
	}
	s := openAIStack(t, srv, func(o *llm.Options) { o.Cache, o.Prices, o.CostLimit = cache, prices, 0.05 })
	if err := ask(s, "first"); err != nil {
		t.Fatal(err)
	}
	if err := ask(s, "second"); !errors.Is(err, llm.ErrCostLimit) {
		t.Fatalf("err = %v, want ErrCostLimit: spent plus the next reservation passes the limit", err)
	}
	// Cached answers stay free and available past the limit.
	if err := ask(s, "first"); err != nil {
		t.Fatalf("cached answer past the limit: %v", err)
	}
	cache.Close()
	cache, _ = sqlitecache.Open(path)
	defer cache.Close()
	s2 := openAIStack(t, srv, func(o *llm.Options) { o.Cache, o.Prices, o.CostLimit = cache, prices, 0.05 })
	if err := ask(s2, "third"); !errors.Is(err, llm.ErrCostLimit) {
		t.Fatalf("after restart err = %v, want ErrCostLimit from the recorded spend", err)
	}
	if srv.Count() != 1 {
		t.Errorf("server saw %d calls, want 1", srv.Count())
	}
}

func TestConcurrencyShrinksOn429(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	srv.Faults = func(n int64) llmtest.Fault {
		if n <= 4 {
			return llmtest.Fault{Status: 429, Header: map[string]string{"Retry-After-Ms": "1"}}
		}
		return llmtest.Fault{}
	}
	s := openAIStack(t, srv, func(o *llm.Options) {
		o.Providers = map[string]llm.ProviderConfig{"openai": {Kind: llm.KindOpenAI, BaseURLEnv: "OPENAI_BASE_URL", APIKeyEnv: "OPENAI_API_KEY", MaxConcurrency: 16}}
		o.Retry.Attempts = 10
	})
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if _, err := s.Complete(context.Background(), llm.Text("openai:gpt-4o", "", string(rune('a'+i)))); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	if l := s.Limit("openai"); l >= 16 {
		t.Errorf("limit %d after four 429s, want it shrunk below 16", l)
	}
}

func TestCompatibleServerReasoningContent(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	srv.Faults = func(n int64) llmtest.Fault {
		return llmtest.Fault{Body: `{"id":"x","object":"chat.completion","created":1,"model":"deepseek-r1","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"42","reasoning_content":"think \"hard\"\nthen answer"}}],"usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8}}`}
	}
	s, _ := llm.New(llm.Options{Retry: fastRetry, Getenv: env(map[string]string{"VLLM_BASE_URL": srv.URL + "/v1", "VLLM_API_KEY": secret})})
	resp, err := s.Complete(context.Background(), llm.Text("vllm:deepseek-r1", "", "q"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Text != "42" || resp.Thinking != "think \"hard\"\nthen answer" || resp.Cost != 0 {
		t.Errorf("resp = %+v", resp)
	}
}

func TestSchemaRejectedFallsBackToPlainText(t *testing.T) {
	srv := llmtest.NewAnthropic(secret)
	defer srv.Close()
	srv.Faults = func(n int64) llmtest.Fault {
		b := srv.Bodies()
		if _, ok := b[len(b)-1]["output_config"]; ok {
			return llmtest.Fault{Status: 400} // this model has no structured output
		}
		return llmtest.Fault{}
	}
	s, _ := llm.New(llm.Options{Retry: fastRetry,
		Getenv: env(map[string]string{"ANTHROPIC_API_KEY": secret, "ANTHROPIC_BASE_URL": srv.URL})})
	for i := 0; i < 2; i++ {
		req := llm.Text("anthropic:claude-3-opus", "", fmt.Sprint("classify ", i))
		req.Schema = &llm.Schema{Name: "x", Schema: map[string]any{"type": "object"}}
		resp, err := s.Complete(context.Background(), req)
		if err != nil || resp.Text != fmt.Sprint("echo: classify ", i) {
			t.Fatalf("request %d: %+v, %v", i, resp, err)
		}
	}
	// One rejected attempt, then plain text from the start for this model.
	if srv.Count() != 3 {
		t.Errorf("%d calls, want 3", srv.Count())
	}
}

func TestLongSystemPromptIsMarkedForPromptCaching(t *testing.T) {
	srv := llmtest.NewAnthropic(secret)
	defer srv.Close()
	s, _ := llm.New(llm.Options{Retry: fastRetry,
		Getenv: env(map[string]string{"ANTHROPIC_API_KEY": secret, "ANTHROPIC_BASE_URL": srv.URL})})
	for _, sys := range []string{"short", strings.Repeat("spec rule. ", 500)} {
		if _, err := s.Complete(context.Background(), llm.Text("anthropic:claude-sonnet-4", sys, "q")); err != nil {
			t.Fatal(err)
		}
	}
	b := srv.Bodies()
	cc := func(body map[string]any) any { return body["system"].([]any)[0].(map[string]any)["cache_control"] }
	if cc(b[0]) != nil || cc(b[1]) == nil {
		t.Errorf("cache_control short=%v long=%v, want only the long system prompt marked", cc(b[0]), cc(b[1]))
	}
}
