package llm

import (
	"context"
	"sync"
)

// Limiter is a concurrency limit that adapts to throttling: it halves on
// a 429 (down to 1) and grows back by one slot per limit's worth of
// successes (additive increase, multiplicative decrease), never above Max.
// A burst of 429s to requests that were all in flight together halves it
// once, not once per request: only a request admitted after the last
// decrease can decrease it again.
type Limiter struct {
	mu       sync.Mutex
	max      float64
	limit    float64
	inflight int
	gen      uint64 // bumped at each decrease
	waiters  []chan struct{}
}

// Slot is a held unit of concurrency; give it back with Release.
type Slot struct{ gen uint64 }

// NewLimiter returns a limiter starting (and capped) at max slots.
func NewLimiter(max int) *Limiter {
	if max < 1 {
		max = 1
	}
	return &Limiter{max: float64(max), limit: float64(max)}
}

// Limit returns the current number of slots.
func (l *Limiter) Limit() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return int(l.limit)
}

// Acquire waits for a slot or for ctx to end.
func (l *Limiter) Acquire(ctx context.Context) (Slot, error) {
	for {
		l.mu.Lock()
		if l.inflight < int(l.limit) {
			l.inflight++
			s := Slot{l.gen}
			l.mu.Unlock()
			return s, nil
		}
		ch := make(chan struct{})
		l.waiters = append(l.waiters, ch)
		l.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			l.mu.Lock()
			for i, w := range l.waiters {
				if w == ch {
					l.waiters = append(l.waiters[:i], l.waiters[i+1:]...)
					break
				}
			}
			l.mu.Unlock()
			return Slot{}, ctx.Err()
		}
	}
}

// Release frees a slot; throttled says the attempt was answered with a
// rate-limit error, ok that it succeeded.
func (l *Limiter) Release(s Slot, ok, throttled bool) {
	l.mu.Lock()
	l.inflight--
	switch {
	case throttled && s.gen == l.gen:
		l.gen++
		l.limit /= 2
		if l.limit < 1 {
			l.limit = 1
		}
	case ok && l.limit < l.max:
		l.limit += 1 / l.limit
		if l.limit > l.max {
			l.limit = l.max
		}
	}
	// Wake as many waiters as there are free slots; each re-checks.
	free := int(l.limit) - l.inflight
	for free > 0 && len(l.waiters) > 0 {
		close(l.waiters[0])
		l.waiters = l.waiters[1:]
		free--
	}
	l.mu.Unlock()
}
