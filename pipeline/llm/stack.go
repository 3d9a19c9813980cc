package llm

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure a Stack. The zero value works: default providers with
// keys from the environment, no cache, default retries, 10 minute timeout.
type Options struct {
	// Providers overrides or extends DefaultProviders by name.
	Providers map[string]ProviderConfig
	// Getenv looks up keys and base URLs; nil means os.Getenv.
	Getenv func(string) string
	// HTTPClient is shared by all backends; nil means a client tuned for
	// many concurrent connections per host.
	HTTPClient *http.Client
	Cache      *Cache
	CacheMode  CacheMode
	Retry      RetryPolicy   // zero means DefaultRetry
	Timeout    time.Duration // per attempt; zero means 10 minutes
	Prices     PriceTable    // nil means DefaultPrices
	// CostLimit stops new calls once this many dollars are spent (counting
	// what the cache says earlier runs spent); 0 means no limit.
	CostLimit float64
	// Persona answers sim requests; nil means the built-in personas.
	Persona Persona
	// CacheSim also records sim answers; by default they are not cached,
	// as recomputing one is cheaper than reading it back.
	CacheSim bool
	// Log receives one line per retry and failure; nil means silent.
	Log func(format string, args ...any)
}

// Stats are the stack's counters since it was created.
type Stats struct {
	Requests  int64   // Complete calls
	Calls     int64   // attempts sent to a backend
	CacheHits int64   // answered from the cache
	Retries   int64   // attempts repeated after a retryable failure
	Throttled int64   // 429/529 answers
	Errors    int64   // requests that failed for good
	Input     int64   // tokens
	Output    int64   // tokens
	Cost      float64 // dollars spent by this stack (cache hits are free)
}

// Stack is the Client the stages use: cache, cost limit, per-provider
// adaptive concurrency, timeouts, retries and accounting around one
// backend per provider. It is safe for concurrent use.
type Stack struct {
	opts     Options
	provs    map[string]ProviderConfig
	mu       sync.Mutex
	backends map[string]Client
	limiters map[string]*Limiter

	noSchema sync.Map // model name -> true: rejected structured output once

	requests, calls, hits, retries, throttled, errs, in, out atomic.Int64
	costMu                                                   sync.Mutex
	cost, prior                                              float64
}

// New builds a stack. Backends are created on first use, so a run whose
// every answer is cached needs no API key.
func New(opts Options) (*Stack, error) {
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = defaultHTTPClient()
	}
	if opts.Retry.Attempts == 0 {
		opts.Retry = DefaultRetry()
	}
	if opts.Timeout == 0 {
		opts.Timeout = 10 * time.Minute
	}
	if opts.Prices == nil {
		opts.Prices = DefaultPrices()
	}
	if opts.Persona == nil {
		opts.Persona = BuiltinPersonas()
	}
	s := &Stack{opts: opts, provs: DefaultProviders(), backends: map[string]Client{}, limiters: map[string]*Limiter{}}
	for k, v := range opts.Providers {
		s.provs[k] = v
	}
	if opts.Cache != nil && opts.CostLimit > 0 {
		spent, err := opts.Cache.Spent(context.Background())
		if err != nil {
			return nil, fmt.Errorf("llm: read spent cost from cache: %w", err)
		}
		s.prior = spent
	}
	return s, nil
}

func defaultHTTPClient() *http.Client {
	tr := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:   true,
		MaxIdleConns:        512,
		MaxIdleConnsPerHost: 256,
		IdleConnTimeout:     90 * time.Second,
		TLSHandshakeTimeout: 10 * time.Second,
	}
	return &http.Client{Transport: tr}
}

// Stats returns a snapshot of the counters.
func (s *Stack) Stats() Stats {
	s.costMu.Lock()
	cost := s.cost
	s.costMu.Unlock()
	return Stats{Requests: s.requests.Load(), Calls: s.calls.Load(), CacheHits: s.hits.Load(),
		Retries: s.retries.Load(), Throttled: s.throttled.Load(), Errors: s.errs.Load(),
		Input: s.in.Load(), Output: s.out.Load(), Cost: cost}
}

// Prices returns the stack's price table.
func (s *Stack) Prices() PriceTable { return s.opts.Prices }

// Limit returns the current concurrency limit of a provider (0 if unused).
func (s *Stack) Limit(provider string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l := s.limiters[provider]; l != nil {
		return l.Limit()
	}
	return 0
}

// backend returns (creating once) the backend and limiter of a provider.
func (s *Stack) backend(name string) (Client, *Limiter, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.backends[name]; b != nil {
		return b, s.limiters[name], nil
	}
	cfg, ok := s.provs[name]
	if !ok {
		return nil, nil, fmt.Errorf("%w: unknown provider %q (known: openai, anthropic, xai, gemini-compatible, openrouter, ollama, vllm, openai-compatible, sim, or one named in the run configuration)", ErrSetup, name)
	}
	r, err := resolveProvider(name, cfg, s.opts.Getenv)
	if err != nil {
		return nil, nil, err
	}
	var b Client
	switch cfg.Kind {
	case KindOpenAI:
		b = newOpenAI(r, s.opts.HTTPClient)
	case KindAnthropic:
		b = newAnthropic(r, s.opts.HTTPClient)
	case KindSim:
		b = &SimBackend{Persona: s.opts.Persona}
	}
	n := cfg.MaxConcurrency
	if n == 0 {
		n = 16
	}
	s.backends[name], s.limiters[name] = b, NewLimiter(n)
	return b, s.limiters[name], nil
}

func (s *Stack) schemaRejected(model string) bool {
	_, ok := s.noSchema.Load(model)
	return ok
}

func (s *Stack) logf(format string, args ...any) {
	if s.opts.Log != nil {
		s.opts.Log(format, args...)
	}
}

// Complete answers req from the cache or by calling its provider with
// retries. Errors name the model and the task.
func (s *Stack) Complete(ctx context.Context, req *Request) (*Response, error) {
	s.requests.Add(1)
	resp, err := s.complete(ctx, req)
	if err != nil {
		s.errs.Add(1)
		if req.Task == "" {
			return nil, fmt.Errorf("%s: %w", req.Model, err)
		}
		return nil, fmt.Errorf("%s %s: %w", req.Model, req.Task, err)
	}
	return resp, nil
}

func (s *Stack) complete(ctx context.Context, req *Request) (*Response, error) {
	prov, _, err := ParseModel(req.Model)
	if err != nil {
		return nil, err
	}
	c := s.opts.Cache
	if c != nil && !s.opts.CacheSim && s.provs[prov].Kind == KindSim {
		c = nil
	}
	if c != nil && s.opts.CacheMode != Refresh {
		if r, ok, err := c.Get(ctx, req.Key()); err != nil {
			return nil, err
		} else if ok {
			s.hits.Add(1)
			return r, nil
		}
		if s.opts.CacheMode == Replay {
			return nil, ErrReplayMiss
		}
	}
	if lim := s.opts.CostLimit; lim > 0 {
		s.costMu.Lock()
		spent := s.cost + s.prior
		s.costMu.Unlock()
		if spent >= lim {
			return nil, fmt.Errorf("%w: $%.4f of $%.4f", ErrCostLimit, spent, lim)
		}
	}
	b, l, err := s.backend(prov)
	if err != nil {
		return nil, err
	}
	timeout := s.opts.Timeout
	if t := time.Duration(s.provs[prov].Timeout); t > 0 {
		timeout = t
	}
	var resp *Response
	// send is what goes on the wire: req itself, or a copy without its
	// schema for a model that rejected structured output (older models,
	// some compatible servers). The answer is still recorded under req.
	send := req
	if req.Schema != nil && s.schemaRejected(req.Model) {
		plain := *req
		plain.Schema = nil
		send = &plain
	}
	for attempt := 1; ; attempt++ {
		slot, err := l.Acquire(ctx)
		if err != nil {
			return nil, err
		}
		s.calls.Add(1)
		actx, cancel := context.WithTimeout(ctx, timeout)
		resp, err = b.Complete(actx, send)
		cancel()
		var ae *APIError
		if err != nil && !errors.As(err, &ae) && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			ae = &APIError{Provider: prov, Message: "attempt timed out after " + timeout.String(), Retryable: true}
			err = ae
		}
		l.Release(slot, err == nil, ae != nil && ae.Throttled())
		if err == nil {
			break
		}
		if ae == nil {
			return nil, err
		}
		if ae.Throttled() {
			s.throttled.Add(1)
		}
		if ae.Status == 400 && send.Schema != nil {
			// Structured output refused: ask again in plain text; the
			// stages extract and validate the JSON either way.
			s.noSchema.Store(req.Model, true)
			s.logf("llm: %s rejected the JSON schema (%s); asking without it", req.Model, ae.Message)
			plain := *send
			plain.Schema = nil
			send = &plain
			continue
		}
		d, again := s.opts.Retry.delay(attempt, ae)
		if !again {
			return nil, fmt.Errorf("after %d attempt(s): %w", attempt, err)
		}
		s.retries.Add(1)
		s.logf("llm: %s %s: attempt %d: %v; retrying in %v", req.Model, req.Task, attempt, err, d.Round(time.Millisecond))
		if err := sleep(ctx, d); err != nil {
			return nil, err
		}
	}
	resp.Cost = s.opts.Prices.Cost(req.Model, resp.Usage)
	s.in.Add(resp.Usage.Input)
	s.out.Add(resp.Usage.Output)
	s.costMu.Lock()
	s.cost += resp.Cost
	s.costMu.Unlock()
	if c != nil {
		if err := c.Put(ctx, req, resp); err != nil {
			// The answer is paid for: hand it out, but say that it is not recorded.
			s.logf("llm: %v", err)
		}
	}
	return resp, nil
}
