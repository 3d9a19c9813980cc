package llm

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
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
	Cache      Cache
	CacheMode  CacheMode
	Retry      RetryPolicy   // zero means DefaultRetry
	Timeout    time.Duration // per attempt; zero means 10 minutes
	Prices     PriceTable    // nil means DefaultPrices
	// CostLimit bounds the dollars spent, counting what the cache says
	// earlier runs spent: every call and batch reserves its estimated cost
	// first and is refused (ErrCostLimit) when spent plus reserved would
	// pass the limit; 0 means no limit.
	CostLimit float64
	// AllowUnpriced lets paid models missing from Prices run, at an
	// unknown cost counted as $0; without it their calls fail with a
	// setup error.
	AllowUnpriced bool
	// TruncatedMaxTokens, when above a request's max_tokens, asks once
	// more with this max_tokens after an answer cut off at max_tokens;
	// 0 means a cut-off answer fails with a *TruncatedError.
	TruncatedMaxTokens int
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
	Prior     float64 // dollars earlier runs spent on the same cache
	Reserved  float64 // dollars held for calls and batches in flight
	Wasted    float64 // part of Cost that bought no usable answer (cut off, unrecordable)
	// Failures counts the requests that failed for good, by kind.
	Failures map[FailureKind]int64
}

// String is the one-line summary of the counters the CLI prints.
func (st Stats) String() string {
	s := fmt.Sprintf("calls %d, cached %d, retries %d, throttled %d, failed requests %d, tokens in %d out %d, spent $%.4f, reserved $%.4f, wasted $%.4f",
		st.Calls, st.CacheHits, st.Retries, st.Throttled, st.Errors, st.Input, st.Output, st.Cost, st.Reserved, st.Wasted)
	if st.Prior > 0 {
		s += fmt.Sprintf(" (earlier runs $%.4f)", st.Prior)
	}
	if len(st.Failures) > 0 {
		kinds := make([]string, 0, len(st.Failures))
		for k := range st.Failures {
			kinds = append(kinds, string(k))
		}
		sort.Strings(kinds)
		s += "; failed:"
		for _, k := range kinds {
			s += fmt.Sprintf(" %s %d", k, st.Failures[FailureKind(k)])
		}
	}
	return s
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

	budget   *Budget
	failMu   sync.Mutex
	failures map[FailureKind]int64
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
	s := &Stack{opts: opts, provs: DefaultProviders(), backends: map[string]Client{}, limiters: map[string]*Limiter{},
		failures: map[FailureKind]int64{}}
	for k, v := range opts.Providers {
		s.provs[k] = v
	}
	var prior float64
	if opts.Cache != nil {
		spent, err := opts.Cache.Spent(context.Background())
		if err != nil {
			return nil, fmt.Errorf("llm: read spent cost from cache: %w", err)
		}
		prior = spent
	}
	s.budget = NewBudget(opts.CostLimit, prior)
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
	b := s.budget.State()
	s.failMu.Lock()
	fails := make(map[FailureKind]int64, len(s.failures))
	for k, v := range s.failures {
		fails[k] = v
	}
	s.failMu.Unlock()
	return Stats{Requests: s.requests.Load(), Calls: s.calls.Load(), CacheHits: s.hits.Load(),
		Retries: s.retries.Load(), Throttled: s.throttled.Load(), Errors: s.errs.Load(),
		Input: s.in.Load(), Output: s.out.Load(), Cost: b.Spent, Prior: b.Prior, Reserved: b.Reserved,
		Wasted: b.Wasted, Failures: fails}
}

// Budget returns the stack's spending guard.
func (s *Stack) Budget() *Budget { return s.budget }

// failed counts a request that failed for good.
func (s *Stack) failed(err error) {
	s.errs.Add(1)
	k := Classify(err)
	s.failMu.Lock()
	s.failures[k]++
	s.failMu.Unlock()
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
		known := make([]string, 0, len(s.provs))
		for k := range s.provs {
			known = append(known, k)
		}
		sort.Strings(known)
		return nil, nil, fmt.Errorf("%w: unknown provider %q (known: %s; a run configuration may name more)", ErrSetup, name, strings.Join(known, ", "))
	}
	r, err := resolveProvider(name, cfg, s.opts.Getenv)
	if err != nil {
		return nil, nil, err
	}
	var b Client
	if cfg.Kind == KindSim {
		b = &SimBackend{Persona: s.opts.Persona}
	} else {
		d, err := driverFor(name, cfg.Kind)
		if err != nil {
			return nil, nil, err
		}
		r.HTTPClient = s.opts.HTTPClient
		if b, err = d.New(r); err != nil {
			return nil, nil, fmt.Errorf("%w: provider %s: %w", ErrSetup, name, err)
		}
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
// retries. Errors name the model and the task; Classify tells their kind.
func (s *Stack) Complete(ctx context.Context, req *Request) (*Response, error) {
	s.requests.Add(1)
	resp, err := s.complete(ctx, req)
	if err != nil {
		s.failed(err)
		if req.Task == "" {
			return nil, fmt.Errorf("%s: %w", req.Model, err)
		}
		return nil, fmt.Errorf("%s %s: %w", req.Model, req.Task, err)
	}
	return resp, nil
}

// cacheFor returns the cache that records req's answers (nil: none).
func (s *Stack) cacheFor(req *Request) Cache {
	prov, _, _ := ParseModel(req.Model)
	if s.opts.Cache != nil && !s.opts.CacheSim && s.provs[prov].Kind == KindSim {
		return nil
	}
	return s.opts.Cache
}

// lookup answers req from the cache: ok is false on a miss (in replay
// mode a miss is ErrReplayMiss). A recorded answer that was cut off at
// max_tokens comes back as a *TruncatedError.
func (s *Stack) lookup(ctx context.Context, req *Request) (*Response, bool, error) {
	c := s.cacheFor(req)
	if c != nil && s.opts.CacheMode != Refresh {
		r, ok, err := c.Get(ctx, req.Key())
		if err != nil {
			return nil, false, err
		}
		if ok {
			s.hits.Add(1)
			if r.Truncated || r.Stop == "length" || r.Stop == "max_tokens" {
				r.Truncated = true
				return nil, true, &TruncatedError{Response: r, MaxTokens: s.sentMaxTokens(req)}
			}
			return r, true, nil
		}
	}
	prov, _, _ := ParseModel(req.Model)
	if s.opts.CacheMode == Replay && s.provs[prov].Kind != KindSim { // sim is offline: no network to avoid
		return nil, false, ErrReplayMiss
	}
	return nil, false, nil
}

// sentMaxTokens is the max_tokens req goes out with (0: none sent).
func (s *Stack) sentMaxTokens(req *Request) int64 {
	prov, _, _ := ParseModel(req.Model)
	if d, ok := lookupDriver(s.provs[prov].Kind); ok && d.SentMaxTokens != nil {
		return d.SentMaxTokens(req)
	}
	return int64(req.MaxTokens)
}

// checkPrice refuses a paid model the price table does not know, unless
// the options allow unpriced models.
func (s *Stack) checkPrice(model string) error {
	if s.opts.AllowUnpriced {
		return nil
	}
	return s.opts.Prices.CheckPrices([]string{model})
}

func (s *Stack) complete(ctx context.Context, req *Request) (*Response, error) {
	prov, _, err := ParseModel(req.Model)
	if err != nil {
		return nil, err
	}
	if r, hit, err := s.lookup(ctx, req); hit || err != nil {
		return r, err
	}
	if err := s.checkPrice(req.Model); err != nil {
		return nil, err
	}
	b, l, err := s.backend(prov)
	if err != nil {
		return nil, err
	}
	est := s.Estimate(req)
	if err := s.budget.Reserve(ctx, est); err != nil {
		return nil, err
	}
	resp, err := s.call(ctx, prov, b, l, req)
	if err != nil {
		s.budget.Release(est)
		return nil, err
	}
	resp.Cost = s.opts.Prices.Cost(req.Model, resp.Usage)
	s.in.Add(resp.Usage.Input)
	s.out.Add(resp.Usage.Output)
	s.budget.Settle(est, resp.Cost)
	// The answer is paid for: record it before anything else, even when
	// it is cut off (a re-run then fails the same way for free). A failed
	// write is logged; the caller still gets the answer.
	if c := s.cacheFor(req); c != nil {
		if err := c.Put(ctx, req.Key(), req, resp); err != nil {
			s.logf("llm: %v", err)
		}
	}
	if resp.Truncated {
		s.budget.Waste(resp.Cost)
		terr := &TruncatedError{Response: resp, MaxTokens: s.sentMaxTokens(req)}
		if m := s.opts.TruncatedMaxTokens; int64(m) > terr.MaxTokens && terr.MaxTokens > 0 {
			more := *req
			more.MaxTokens = m
			s.logf("llm: %s %s: %v; asking again with max_tokens %d", req.Model, req.Task, terr, m)
			return s.complete(ctx, &more)
		}
		return nil, terr
	}
	return resp, nil
}

// call makes the attempts of one request. An attempt under way is not
// abandoned when ctx ends because the cost limit was reached (the caller
// cancels with a cause wrapping ErrCostLimit): the provider bills it
// anyway, so its answer is awaited and kept. Any other end of ctx
// (an interrupt, a deadline) abandons it.
func (s *Stack) call(ctx context.Context, prov string, b Client, l *Limiter, req *Request) (*Response, error) {
	timeout := s.opts.Timeout
	if t := time.Duration(s.provs[prov].Timeout); t > 0 {
		timeout = t
	}
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
		actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
		stop := context.AfterFunc(ctx, func() {
			if !errors.Is(context.Cause(ctx), ErrCostLimit) {
				cancel()
			}
		})
		resp, err := b.Complete(actx, send)
		stop()
		cancel()
		if err != nil && ctx.Err() != nil && !errors.Is(context.Cause(ctx), ErrCostLimit) {
			l.Release(slot, false, false)
			return nil, ctx.Err()
		}
		var ae *APIError
		if err != nil && !errors.As(err, &ae) && errors.Is(err, context.DeadlineExceeded) {
			ae = &APIError{Provider: prov, Message: "attempt timed out after " + timeout.String(), Retryable: true, Timeout: true, Err: err}
			err = ae
		}
		l.Release(slot, err == nil, ae != nil && ae.Throttled())
		if err == nil {
			return resp, nil
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
		d, again, why := s.opts.Retry.delay(attempt, ae)
		if !again {
			if why != nil {
				return nil, fmt.Errorf("%w: %w", why, err)
			}
			return nil, fmt.Errorf("after %d attempt(s): %w", attempt, err)
		}
		s.retries.Add(1)
		s.logf("llm: %s %s: attempt %d: %v; retrying in %v", req.Model, req.Task, attempt, err, d.Round(time.Millisecond))
		if err := sleep(ctx, d); err != nil {
			return nil, err
		}
	}
}
