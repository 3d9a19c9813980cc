package llm_test

import (
	"context"
	"errors"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/specstress/specstress/pipeline/llm"
)

// echoKind is a backend kind registered by these tests only: it answers
// with the prompt and reports the endpoint it was built with.
const echoKind = "echo-test"

var (
	echoMu        sync.Mutex
	echoEndpoints []llm.Endpoint
)

func init() {
	llm.Register(echoKind, llm.Driver{
		New: func(e llm.Endpoint) (llm.Client, error) {
			echoMu.Lock()
			echoEndpoints = append(echoEndpoints, e)
			echoMu.Unlock()
			return llm.ClientFunc(func(_ context.Context, req *llm.Request) (*llm.Response, error) {
				return &llm.Response{Text: req.Messages[0].Content, Usage: llm.Usage{Input: 10, Output: 20}}, nil
			}), nil
		},
		// Like Anthropic's: a request without max_tokens goes out with 1000.
		SentMaxTokens: func(req *llm.Request) int64 {
			if req.MaxTokens > 0 {
				return int64(req.MaxTokens)
			}
			return 1000
		},
	})
	llm.RegisterCache(memCacheName, func(path string) (llm.Cache, error) {
		if path == "" {
			return nil, errors.New("memory cache: empty path")
		}
		return &memCache{m: map[string]*llm.Response{}}, nil
	})
}

func TestWithoutItsBackendARealProviderIsASetupErrorNamingTheImport(t *testing.T) {
	// This test binary imports no backend package: "openai" has no driver.
	s, err := llm.New(llm.Options{Getenv: env(map[string]string{"OPENAI_API_KEY": "k"})})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Complete(context.Background(), llm.Text("openai:gpt-4.1", "", "hi"))
	if !errors.Is(err, llm.ErrSetup) || !llm.Fatal(err) || llm.Classify(err) != llm.FailSetup {
		t.Fatalf("err = %v, want a fatal setup error", err)
	}
	for _, want := range []string{`kind "openai"`, "provider openai", "sim", echoKind,
		`import _ "github.com/specstress/specstress/pipeline/llm/openai"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	// A kind this module does not provide (a typo in a run configuration)
	// still says how backends get in.
	s, _ = llm.New(llm.Options{Providers: map[string]llm.ProviderConfig{"mine": {Kind: "opneai", NoKey: true, BaseURL: "http://h/v1"}}, AllowUnpriced: true})
	_, err = s.Complete(context.Background(), llm.Text("mine:m", "", "hi"))
	if !errors.Is(err, llm.ErrSetup) || !strings.Contains(err.Error(), `kind "opneai"`) || !strings.Contains(err.Error(), "importing their package") {
		t.Errorf("unknown kind: %v", err)
	}
	// Sim needs no registration.
	if _, err := s.Complete(context.Background(), llm.Text("sim:o3", "", "hi")); err != nil {
		t.Errorf("sim: %v", err)
	}
}

func TestRegisteredBackendGetsTheResolvedEndpoint(t *testing.T) {
	hc := &http.Client{}
	s, err := llm.New(llm.Options{
		Providers: map[string]llm.ProviderConfig{"echo": {Kind: echoKind, BaseURL: "http://default/v1", BaseURLEnv: "ECHO_URL", APIKeyEnv: "ECHO_KEY"}},
		Getenv:    env(map[string]string{"ECHO_URL": "http://from-env:8080/v1", "ECHO_KEY": "sk-echo"}),
		// Priced so that the estimate shows which max_tokens the stack assumed.
		Prices:     llm.PriceTable{"m": {Input: 0, Output: 1}},
		HTTPClient: hc,
	})
	if err != nil {
		t.Fatal(err)
	}
	echoMu.Lock()
	before := len(echoEndpoints)
	echoMu.Unlock()
	resp, err := s.Complete(context.Background(), llm.Text("echo:m", "", "hello"))
	if err != nil || resp.Text != "hello" {
		t.Fatalf("resp %+v, err %v", resp, err)
	}
	if _, err := s.Complete(context.Background(), llm.Text("echo:m", "", "again")); err != nil {
		t.Fatal(err)
	}
	echoMu.Lock()
	got := echoEndpoints[before:]
	echoMu.Unlock()
	if len(got) != 1 {
		t.Fatalf("backend built %d times for two calls, want once", len(got))
	}
	e := got[0]
	if e.Name != "echo" || e.BaseURL != "http://from-env:8080/v1" || e.APIKey != "sk-echo" || e.HTTPClient != hc || e.Config.Kind != echoKind {
		t.Errorf("endpoint = %+v", e)
	}
	// Output tokens are estimated at the max_tokens the driver sends.
	if est := s.Estimate(llm.Text("echo:m", "", "x")); math.Abs(est-1000.0/1e6) > 1e-12 {
		t.Errorf("estimate $%v, want the cost of 1000 output tokens", est)
	}
	if !slices.Contains(llm.Kinds(), echoKind) || !slices.Contains(llm.Kinds(), llm.KindSim) {
		t.Errorf("Kinds() = %v", llm.Kinds())
	}
}

func TestRegisterRefusesDuplicatesAndSim(t *testing.T) {
	for _, kind := range []string{echoKind, llm.KindSim, ""} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Register(%q) did not panic", kind)
				}
			}()
			llm.Register(kind, llm.Driver{New: func(llm.Endpoint) (llm.Client, error) { return nil, nil }})
		}()
	}
	defer func() {
		if recover() == nil {
			t.Error("RegisterCache twice did not panic")
		}
	}()
	llm.RegisterCache(memCacheName, func(string) (llm.Cache, error) { return nil, nil })
}

func TestOpenCacheByName(t *testing.T) {
	// This test binary does not import pipeline/llm/sqlitecache.
	_, err := llm.OpenCache(llm.DefaultCache, "runs/x/cache.db")
	if !errors.Is(err, llm.ErrSetup) {
		t.Fatalf("err = %v, want a setup error", err)
	}
	for _, want := range []string{"runs/x/cache.db", `"sqlite"`, memCacheName, `import _ "github.com/specstress/specstress/pipeline/llm/sqlitecache"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if _, err := llm.OpenCache(memCacheName, ""); err == nil || errors.Is(err, llm.ErrSetup) {
		t.Errorf("the backend's own error: %v", err)
	}

	// The stack records through the interface and answers from it.
	c, err := llm.OpenCache(memCacheName, "mem")
	if err != nil {
		t.Fatal(err)
	}
	mc := c.(*memCache)
	mc.spent = 2.5 // what earlier runs paid
	s, err := llm.New(llm.Options{Cache: c, CacheSim: true, CostLimit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if st := s.Stats(); st.Prior != 2.5 {
		t.Errorf("prior spend %v, want the cache's 2.5", st.Prior)
	}
	req := llm.Text("sim:o3", "", "remember me")
	first, err := s.Complete(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if mc.puts != 1 || mc.m[req.Key()] == nil {
		t.Fatalf("puts %d, entry %v", mc.puts, mc.m[req.Key()])
	}
	again, err := s.Complete(context.Background(), llm.Text("sim:o3", "", "remember me"))
	if err != nil || !again.Cached || again.Text != first.Text || s.Stats().CacheHits != 1 {
		t.Errorf("second call: %+v, %v, stats %+v", again, err, s.Stats())
	}
}

const memCacheName = "memory-test"

// memCache is an in-memory llm.Cache for these tests.
type memCache struct {
	mu    sync.Mutex
	m     map[string]*llm.Response
	puts  int
	spent float64
}

func (c *memCache) Get(_ context.Context, key string) (*llm.Response, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[key]
	if !ok {
		return nil, false, nil
	}
	cp := *r
	cp.Cached = true
	return &cp, true, nil
}

func (c *memCache) Put(_ context.Context, key string, _ *llm.Request, resp *llm.Response) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	cp := *resp
	c.m[key] = &cp
	c.puts++
	c.spent += resp.Cost
	return nil
}

func (c *memCache) Spent(context.Context) (float64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.spent, nil
}

func (c *memCache) Close() error { return nil }
