package wiretest_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/llm/llmtest"
	"github.com/specstress/specstress/pipeline/llm/sqlitecache"
)

// The client-stack benchmarks run 64 concurrent callers against a local
// OpenAI-compatible server in the same process (so the figures include the
// server's own cost on the shared CPUs). Three layers side by side:
// raw net/http, the bare official SDK, and the full Stack (limiter, retry
// loop, timeout, accounting).

const conc = 64

func benchServer(b *testing.B) *llmtest.Server {
	srv := llmtest.NewOpenAI("k")
	srv.Keep = false
	srv.Reply = func(string) string { return "ok" }
	b.Cleanup(srv.Close)
	return srv
}

func parallel64(b *testing.B, fn func(i int64) error) {
	var n atomic.Int64
	cpu0 := cpuTime()
	b.SetParallelism((conc + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := fn(n.Add(1)); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	// CPU time per request (client and in-process server together): unlike
	// req/s it does not depend on what else the machine is running.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e3, "cpu-us/op")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heapMB")
}

// cpuTime is the process's user+system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func httpClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256}}
}

func BenchmarkRawHTTP64(b *testing.B) {
	srv := benchServer(b)
	hc := httpClient()
	body := []byte(`{"model":"gpt-4.1","messages":[{"role":"user","content":"hello"}]}`)
	parallel64(b, func(int64) error {
		req, _ := http.NewRequest("POST", srv.URL+"/v1/chat/completions", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer k")
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		return resp.Body.Close()
	})
}

func BenchmarkBareSDK64(b *testing.B) {
	srv := benchServer(b)
	c := sdk.NewClient(option.WithAPIKey("k"), option.WithBaseURL(srv.URL+"/v1"), option.WithMaxRetries(0), option.WithHTTPClient(httpClient()))
	parallel64(b, func(int64) error {
		_, err := c.Chat.Completions.New(context.Background(), sdk.ChatCompletionNewParams{
			Model: "gpt-4.1", Messages: []sdk.ChatCompletionMessageParamUnion{sdk.UserMessage("hello")}})
		return err
	})
}

func stackFor(b *testing.B, srv *llmtest.Server, cache llm.Cache) *llm.Stack {
	s, err := llm.New(llm.Options{Cache: cache, HTTPClient: httpClient(),
		Getenv: env(map[string]string{"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": srv.URL + "/v1"}),
		Providers: map[string]llm.ProviderConfig{"openai": {Kind: llm.KindOpenAI, BaseURLEnv: "OPENAI_BASE_URL",
			APIKeyEnv: "OPENAI_API_KEY", MaxConcurrency: conc}}})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkStack64(b *testing.B) {
	s := stackFor(b, benchServer(b), nil)
	parallel64(b, func(int64) error {
		_, err := s.Complete(context.Background(), llm.Text("openai:gpt-4.1", "", "hello"))
		return err
	})
}

// BenchmarkStackCacheMiss64 records every call in SQLite (unique prompts).
func BenchmarkStackCacheMiss64(b *testing.B) {
	cache, err := sqlitecache.Open(filepath.Join(b.TempDir(), "c.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer cache.Close()
	s := stackFor(b, benchServer(b), cache)
	parallel64(b, func(i int64) error {
		_, err := s.Complete(context.Background(), llm.Text("openai:gpt-4.1", "", fmt.Sprint("miss ", i)))
		return err
	})
}

// BenchmarkCacheHit64 answers from a cache of 10,000 recorded calls.
func BenchmarkCacheHit64(b *testing.B) {
	cache, err := sqlitecache.Open(filepath.Join(b.TempDir(), "c.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer cache.Close()
	const n = 10000
	for i := 0; i < n; i++ {
		req := llm.Text("openai:gpt-4.1", "", fmt.Sprint("prompt ", i))
		if err := cache.Put(context.Background(), req.Key(), req, &llm.Response{Text: "cached answer"}); err != nil {
			b.Fatal(err)
		}
	}
	s, _ := llm.New(llm.Options{Cache: cache, CacheMode: llm.Replay, Getenv: env(nil)})
	parallel64(b, func(i int64) error {
		_, err := s.Complete(context.Background(), llm.Text("openai:gpt-4.1", "", fmt.Sprint("prompt ", i%n)))
		return err
	})
}

// BenchmarkSim64 is the offline backend through the stack.
func BenchmarkSim64(b *testing.B) {
	s, _ := llm.New(llm.Options{Getenv: env(nil)})
	meta := map[string]string{llm.MetaValue1: "Honesty", llm.MetaValue2: "Kindness", llm.MetaCat1: "3", llm.MetaCat2: "19", llm.MetaNudge: "neutral"}
	parallel64(b, func(i int64) error {
		req := llm.Text("sim:o3", "", "q")
		req.Task, req.Meta = llm.TaskRespond, meta
		_, err := s.Complete(context.Background(), req)
		return err
	})
}
