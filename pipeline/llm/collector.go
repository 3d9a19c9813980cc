package llm

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrDeferred is returned by a Collector for a request it set aside for a
// batch; stages treat it as "not yet", neither done nor failed.
var ErrDeferred = errors.New("deferred to a provider batch")

// CanBatch reports whether model's provider has a batch API (its
// configuration says Batch; the built-in openai and anthropic do).
func (s *Stack) CanBatch(model string) bool {
	prov, _, err := ParseModel(model)
	if err != nil {
		return false
	}
	return s.provs[prov].Batch
}

// Collector is a Client for batch mode: it answers from the cache (and
// calls providers without a batch API directly), and sets every other
// request aside, returning ErrDeferred. Submit the collected requests
// with RunBatch, then run the stage again on the Stack. In replay mode a
// miss is ErrReplayMiss, as for the Stack: nothing is set aside.
type Collector struct {
	Stack *Stack
	mu    sync.Mutex
	reqs  map[string]*Request
	order []string
}

// Complete answers from the cache or defers.
func (c *Collector) Complete(ctx context.Context, req *Request) (*Response, error) {
	if !c.Stack.CanBatch(req.Model) {
		return c.Stack.Complete(ctx, req)
	}
	if r, hit, err := c.Stack.lookup(ctx, req); hit || err != nil {
		if err != nil {
			c.Stack.failed(err)
			return nil, fmt.Errorf("%s %s: %w", req.Model, req.Task, err)
		}
		return r, nil
	}
	k := req.Key()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reqs == nil {
		c.reqs = map[string]*Request{}
	}
	if _, dup := c.reqs[k]; !dup {
		cp := *req
		c.reqs[k] = &cp
		c.order = append(c.order, k)
	}
	return nil, ErrDeferred
}

// Requests returns the deferred requests in the order they came.
func (c *Collector) Requests() []*Request {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]*Request, len(c.order))
	for i, k := range c.order {
		out[i] = c.reqs[k]
	}
	return out
}
