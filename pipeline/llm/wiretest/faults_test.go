package wiretest_test

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/llm/llmtest"
	"github.com/specstress/specstress/pipeline/llm/sqlitecache"
)

func TestMalformedBaseURLFailsFastAsSetup(t *testing.T) {
	for _, base := range []string{"localhost:8080/v1", "http//localhost:8080/v1", "ftp://host/v1", "http:///v1", "https://api.example.com:99999/v1"} {
		s, _ := llm.New(llm.Options{Retry: fastRetry,
			Getenv: env(map[string]string{"OPENAI_API_KEY": secret, "OPENAI_BASE_URL": base})})
		_, err := s.Complete(context.Background(), llm.Text("openai:gpt-4.1", "", "hi"))
		if !errors.Is(err, llm.ErrSetup) || !llm.Fatal(err) || !strings.Contains(err.Error(), base) ||
			!strings.Contains(err.Error(), "OPENAI_BASE_URL") {
			t.Errorf("base URL %q: err = %v; want a setup error naming the variable and the value", base, err)
		}
		if st := s.Stats(); st.Calls != 0 || st.Retries != 0 || st.Failures[llm.FailSetup] != 1 {
			t.Errorf("base URL %q: %d attempts, %d retries, failures %v; want none sent, one setup failure", base, st.Calls, st.Retries, st.Failures)
		}
	}
}

func TestConnectionRefusedIsRetriedBoundedThenUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now: every connection is refused
	s, _ := llm.New(llm.Options{Retry: fastRetry,
		Getenv: env(map[string]string{"OPENAI_API_KEY": secret, "OPENAI_BASE_URL": "http://" + addr + "/v1"})})
	_, err = s.Complete(context.Background(), llm.Text("openai:gpt-4.1", "", "hi"))
	// A failure of this item (the stages record it and exit non-zero),
	// not a stop of the stage: the server may be back for the next one.
	if llm.Classify(err) != llm.FailUnreachable || !errors.Is(err, llm.ErrRetriesExhausted) || llm.Fatal(err) ||
		!strings.Contains(err.Error(), "no server answered") {
		t.Fatalf("err = %v (kind %s); want unreachable after the retries, not fatal", err, llm.Classify(err))
	}
	if st := s.Stats(); st.Calls != int64(fastRetry.Attempts) || st.Failures[llm.FailUnreachable] != 1 {
		t.Errorf("%d attempts, failures %v; want %d attempts and one unreachable", st.Calls, st.Failures, fastRetry.Attempts)
	}
}

func TestAll429EndAsRateLimitedFailures(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	srv.Faults = func(int64) llmtest.Fault {
		return llmtest.Fault{Status: 429, Header: map[string]string{"Retry-After-Ms": "1"}}
	}
	s := openAIStack(t, srv, nil)
	_, err := s.Complete(context.Background(), llm.Text("openai:gpt-4.1", "", "hi"))
	if llm.Classify(err) != llm.FailRateLimited || !errors.Is(err, llm.ErrRetriesExhausted) ||
		!strings.Contains(err.Error(), "after 4 attempt(s)") || !strings.Contains(err.Error(), "429") {
		t.Fatalf("err = %v (kind %s); want rate_limited, naming the attempts and the status", err, llm.Classify(err))
	}
	if srv.Count() != int64(fastRetry.Attempts) || s.Stats().Failures[llm.FailRateLimited] != 1 {
		t.Errorf("%d attempts, failures %v", srv.Count(), s.Stats().Failures)
	}
}

func TestRetryAfterBeyondFiveMinutesEndsWithTheReason(t *testing.T) {
	srv := llmtest.NewAnthropic(secret)
	defer srv.Close()
	srv.Faults = func(int64) llmtest.Fault {
		return llmtest.Fault{Status: 429, Header: map[string]string{"Retry-After": "301"}}
	}
	retry := fastRetry
	retry.MaxWait = llm.DefaultRetry().MaxWait
	s, _ := llm.New(llm.Options{Retry: retry,
		Getenv: env(map[string]string{"ANTHROPIC_API_KEY": secret, "ANTHROPIC_BASE_URL": srv.URL})})
	_, err := s.Complete(context.Background(), llm.Text("anthropic:claude-sonnet-4", "", "x"))
	if !errors.Is(err, llm.ErrWaitTooLong) || llm.Classify(err) != llm.FailWaitTooLong ||
		!strings.Contains(err.Error(), "5m1s asked for, 5m0s allowed") {
		t.Fatalf("err = %v; want the wait asked for and the maximum", err)
	}
	if srv.Count() != 1 || s.Stats().Failures[llm.FailWaitTooLong] != 1 {
		t.Errorf("%d attempts, failures %v; want one attempt", srv.Count(), s.Stats().Failures)
	}
}

// truncation runs one request against a server that cuts every answer
// off at max_tokens, for either protocol.
func truncation(t *testing.T, srv *llmtest.Server, vars map[string]string, model, stop string) {
	t.Helper()
	srv.Reply = func(string) string { return "Should I pick the job near my family or the one I trained for?" }
	srv.Faults = func(int64) llmtest.Fault { return llmtest.Fault{Truncate: true} }
	cache, _ := sqlitecache.Open(filepath.Join(t.TempDir(), "c.db"))
	defer cache.Close()
	prices := llm.PriceTable{"gpt-4.1": gpt41, "claude-sonnet-4": {Input: 3, Output: 15}}
	s, _ := llm.New(llm.Options{Retry: fastRetry, Cache: cache, Prices: prices, Getenv: env(vars)})
	req := llm.Text(model, "", "write a dilemma")
	req.MaxTokens = 64
	for i := range 2 { // the second is answered by the cache, and fails alike
		resp, err := s.Complete(context.Background(), req)
		var te *llm.TruncatedError
		if resp != nil || !errors.As(err, &te) || !errors.Is(err, llm.ErrTruncated) || llm.Classify(err) != llm.FailTruncated {
			t.Fatalf("call %d: resp %+v, err %v; want a *TruncatedError and no response", i, resp, err)
		}
		if te.Response.Stop != stop || !te.Response.Truncated || te.MaxTokens != 64 || !strings.Contains(err.Error(), "max_tokens 64") {
			t.Errorf("call %d: truncated error %v with %+v", i, err, te.Response)
		}
	}
	if srv.Count() != 1 {
		t.Errorf("%d calls: the paid cut-off answer must be cached, not bought again", srv.Count())
	}
	if st := s.Stats(); st.Wasted <= 0 || st.Wasted != st.Cost || st.Failures[llm.FailTruncated] != 2 {
		t.Errorf("stats %+v: the cut-off answer's cost is wasted, both requests failed as truncated", st)
	}

	// With a larger max_tokens configured, the request is asked once more.
	srv.Faults = func(n int64) llmtest.Fault { return llmtest.Fault{Truncate: n == 2} }
	s2, _ := llm.New(llm.Options{Retry: fastRetry, Prices: prices, Getenv: env(vars), TruncatedMaxTokens: 512})
	resp, err := s2.Complete(context.Background(), llm.Text(model, "", "another dilemma"))
	if err == nil {
		t.Fatalf("%s: a request whose max_tokens is not below 512 (none for OpenAI, the 4096 default for Anthropic) is not re-asked: resp %+v", model, resp)
	}
	req2 := llm.Text(model, "", "a third dilemma")
	req2.MaxTokens = 64
	srv.Faults = func(n int64) llmtest.Fault { return llmtest.Fault{Truncate: n == 3} }
	resp, err = s2.Complete(context.Background(), req2)
	if err != nil || resp.Truncated || !strings.HasSuffix(resp.Text, "trained for?") {
		t.Fatalf("re-asked with max_tokens 512: %+v, %v", resp, err)
	}
	bodies := srv.Bodies()
	last := bodies[len(bodies)-1]
	mt := last["max_tokens"]
	if mt == nil {
		mt = last["max_completion_tokens"]
	}
	if mt != 512.0 {
		t.Errorf("re-ask sent max tokens %v, want 512", mt)
	}
}

func TestOpenAILengthFinishIsNeverAnAnswer(t *testing.T) {
	srv := llmtest.NewOpenAI(secret)
	defer srv.Close()
	truncation(t, srv, map[string]string{"OPENAI_API_KEY": secret, "OPENAI_BASE_URL": srv.URL + "/v1"}, "openai:gpt-4.1", "length")
}

func TestAnthropicMaxTokensStopIsNeverAnAnswer(t *testing.T) {
	srv := llmtest.NewAnthropic(secret)
	defer srv.Close()
	truncation(t, srv, map[string]string{"ANTHROPIC_API_KEY": secret, "ANTHROPIC_BASE_URL": srv.URL}, "anthropic:claude-sonnet-4", "max_tokens")
}
