package llm

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// DefaultOutputEstimate is the number of output tokens a reservation
// assumes for a request without max_tokens on a provider that sets no
// default of its own (OpenAI). Set max_tokens to make the bound exact.
const DefaultOutputEstimate = 8192

// Budget is the spending guard shared by direct calls and batches. A call
// reserves its estimated cost before it is sent and settles with its true
// cost when the answer arrives; spent plus reserved never passes the
// limit, so no number of concurrent calls can overspend (as long as
// answers cost no more than their estimates, which holds whenever
// max_tokens is set). A reservation that does not fit waits while calls in
// flight may still free room, and is refused once spent alone leaves none.
// It is safe for concurrent use.
type Budget struct {
	mu       sync.Mutex
	changed  chan struct{} // closed and replaced whenever reservations shrink
	limit    float64       // 0: none
	prior    float64       // spent by earlier runs (the cache's record)
	spent    float64       // spent by this process
	reserved float64       // estimates of calls and batches in flight
	wasted   float64       // paid for answers that could not be used
}

// NewBudget returns a budget of limit dollars (0: no limit) of which prior
// were spent before.
func NewBudget(limit, prior float64) *Budget {
	return &Budget{limit: limit, prior: prior, changed: make(chan struct{})}
}

// Reserve sets est dollars aside for a call about to be made. When spent
// plus reserved plus est would pass the limit it waits for calls in
// flight to settle (or ctx to end), and fails with ErrCostLimit once what
// is spent leaves no room for est. A successful Reserve must be followed
// by Settle or Release.
func (b *Budget) Reserve(ctx context.Context, est float64) error {
	for {
		b.mu.Lock()
		err := b.tryLocked(est)
		if err == nil || b.prior+b.spent+est > b.limit {
			b.mu.Unlock()
			return err
		}
		ch := b.changed
		b.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// TryReserve is Reserve without waiting: it fails at once with
// ErrCostLimit when est does not fit beside what is spent and reserved.
func (b *Budget) TryReserve(est float64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.tryLocked(est)
}

func (b *Budget) tryLocked(est float64) error {
	if b.limit > 0 && b.prior+b.spent+b.reserved+est > b.limit {
		return fmt.Errorf("%w: $%.4f spent, $%.4f reserved by calls in flight, next call needs about $%.4f, limit $%.4f",
			ErrCostLimit, b.prior+b.spent, b.reserved, est, b.limit)
	}
	b.reserved += est
	return nil
}

// Hold sets est aside without checking the limit: the money of a batch an
// earlier run submitted is committed already, whatever the limit says now.
func (b *Budget) Hold(est float64) {
	b.mu.Lock()
	b.reserved += est
	b.mu.Unlock()
}

// Settle replaces a reservation by the true cost of the answer.
func (b *Budget) Settle(est, cost float64) {
	b.mu.Lock()
	b.reserved -= est
	if b.reserved < 1e-12 { // float residue of many adds and subtracts
		b.reserved = 0
	}
	b.spent += cost
	if est > 0 {
		close(b.changed) // wake the reservations waiting for room
		b.changed = make(chan struct{})
	}
	b.mu.Unlock()
}

// Release gives a reservation back (the call failed without an answer).
func (b *Budget) Release(est float64) { b.Settle(est, 0) }

// Waste records that cost dollars (already settled) bought nothing usable,
// e.g. an answer cut off at max_tokens.
func (b *Budget) Waste(cost float64) {
	b.mu.Lock()
	b.wasted += cost
	b.mu.Unlock()
}

// Spent returns the dollars spent by this process.
func (b *Budget) Spent() float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.spent
}

// BudgetState is a snapshot of a budget.
type BudgetState struct {
	Limit    float64 // 0: none
	Prior    float64 // spent by earlier runs on the same cache
	Spent    float64 // spent by this process
	Reserved float64 // held for calls and batches still in flight
	Wasted   float64 // part of Spent that bought nothing usable
}

// State returns a snapshot.
func (b *Budget) State() BudgetState {
	b.mu.Lock()
	defer b.mu.Unlock()
	return BudgetState{Limit: b.limit, Prior: b.prior, Spent: b.spent, Reserved: b.reserved, Wasted: b.wasted}
}

// estimateInputTokens over-approximates the prompt tokens of a request:
// a byte count over 3 (tokenizers average about 4 bytes per token on
// English text) plus a per-message overhead.
func estimateInputTokens(req *Request) int64 {
	n := len(req.System) + 16
	for _, m := range req.Messages {
		n += len(m.Content) + 16
	}
	if req.Schema != nil {
		n += len(fmt.Sprint(req.Schema.Schema)) + len(req.Schema.Name)
	}
	return int64(n)/3 + 8
}

// estimateOutputTokens is the most output tokens the request can be billed
// for: its max_tokens as the backend sends it.
func (s *Stack) estimateOutputTokens(req *Request) int64 {
	prov, _, _ := ParseModel(req.Model)
	if s.provs[prov].Kind == KindAnthropic {
		return anthropicMaxTokens(req)
	}
	if req.MaxTokens > 0 {
		return int64(req.MaxTokens)
	}
	return DefaultOutputEstimate
}

// Estimate returns the most a request is expected to cost at list price:
// its estimated prompt and its max_tokens of output at the price table.
func (s *Stack) Estimate(req *Request) float64 {
	return s.opts.Prices.Cost(req.Model, Usage{Input: estimateInputTokens(req), Output: s.estimateOutputTokens(req)})
}

// CheckPrices returns an error naming every paid model of models that the
// price table does not price. A run must know what its calls cost: such a
// model needs a price in the configuration ("prices") or an explicit
// permission to run at an unknown cost (Options.AllowUnpriced).
func (t PriceTable) CheckPrices(models []string) error {
	var missing []string
	seen := map[string]bool{}
	for _, m := range models {
		if seen[m] {
			continue
		}
		seen[m] = true
		if _, ok := t.Lookup(m); !ok {
			missing = append(missing, m)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	return fmt.Errorf("%w: no price for %s: add it to \"prices\" in the run configuration (dollars per million input and output tokens) or set \"allow_unpriced\" to run at an unknown cost",
		ErrSetup, strings.Join(missing, ", "))
}
