package llm

import (
	"context"
	"encoding/json"
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
// flight may still free room, and is refused once spent and the batches
// held leave none.
// It is safe for concurrent use.
type Budget struct {
	mu       sync.Mutex
	changed  chan struct{} // closed and replaced whenever reservations shrink
	limit    float64       // 0: none
	prior    float64       // spent by earlier runs (the cache's record)
	spent    float64       // spent by this process
	reserved float64       // estimates of calls in flight
	held     float64       // estimates of batches submitted and not yet ingested
	wasted   float64       // paid for answers that could not be used
}

// NewBudget returns a budget of limit dollars (0: no limit) of which prior
// were spent before.
func NewBudget(limit, prior float64) *Budget {
	return &Budget{limit: limit, prior: prior, changed: make(chan struct{})}
}

// Reserve sets est dollars aside for a call about to be made. When spent
// plus reserved plus est would pass the limit it waits while calls in
// flight may still free room (they often cost less than their estimate),
// or until ctx ends; it fails with ErrCostLimit once spent and the batches
// held leave no room for est. A successful Reserve must be followed by
// Settle or Release.
func (b *Budget) Reserve(ctx context.Context, est float64) error {
	for {
		b.mu.Lock()
		err := b.fits(est)
		if err == nil {
			b.reserved += est
		}
		if err == nil || b.reserved == 0 || b.prior+b.spent+b.held+est > b.limit {
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

// ReserveBatch sets est aside for a batch about to be submitted, without
// waiting: it fails at once with ErrCostLimit when est does not fit beside
// what is spent, reserved and held. Settle it with SettleBatch.
func (b *Budget) ReserveBatch(est float64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	err := b.fits(est)
	if err == nil {
		b.held += est
	}
	return err
}

func (b *Budget) fits(est float64) error {
	if b.limit > 0 && b.prior+b.spent+b.reserved+b.held+est > b.limit {
		return fmt.Errorf("%w: $%.4f spent, $%.4f reserved by calls and batches in flight, next needs about $%.4f, limit $%.4f",
			ErrCostLimit, b.prior+b.spent, b.reserved+b.held, est, b.limit)
	}
	return nil
}

// Hold sets est aside for a batch without checking the limit: the money
// of a batch an earlier run submitted is committed already, whatever the
// limit says now.
func (b *Budget) Hold(est float64) {
	b.mu.Lock()
	b.held += est
	b.mu.Unlock()
}

// Settle replaces a call's reservation by the true cost of its answer.
func (b *Budget) Settle(est, cost float64) {
	b.mu.Lock()
	b.reserved = unresidue(b.reserved - est)
	b.spent += cost
	if est > 0 {
		close(b.changed) // wake the reservations waiting for room
		b.changed = make(chan struct{})
	}
	b.mu.Unlock()
}

// Release gives a call's reservation back (it failed without an answer).
func (b *Budget) Release(est float64) { b.Settle(est, 0) }

// SettleBatch replaces a batch's hold by the true cost of its answers
// (est 0 adds cost without releasing anything).
func (b *Budget) SettleBatch(est, cost float64) {
	b.mu.Lock()
	b.held = unresidue(b.held - est)
	b.spent += cost
	b.mu.Unlock()
}

// unresidue clears the float residue of many adds and subtracts.
func unresidue(x float64) float64 {
	if x < 1e-12 {
		return 0
	}
	return x
}

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
	Reserved float64 // set aside for calls and batches still in flight
	Wasted   float64 // part of Spent that bought nothing usable
}

// State returns a snapshot.
func (b *Budget) State() BudgetState {
	b.mu.Lock()
	defer b.mu.Unlock()
	return BudgetState{Limit: b.limit, Prior: b.prior, Spent: b.spent, Reserved: b.reserved + b.held, Wasted: b.wasted}
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
		b, _ := json.Marshal(req.Schema.Schema) // a schema decoded from JSON always encodes
		n += len(b) + len(req.Schema.Name)
	}
	return int64(n)/3 + 8
}

// estimateOutputTokens is the most output tokens the request can be billed
// for: its max_tokens as the backend sends it.
func (s *Stack) estimateOutputTokens(req *Request) int64 {
	if n := s.sentMaxTokens(req); n > 0 {
		return n
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
