package llm

import (
	"context"
	"math/rand/v2"
	"time"
)

// RetryPolicy bounds the retry loop. Delays grow exponentially from Base
// to Max with full jitter; a provider's Retry-After (or reset header) is
// honoured up to MaxWait, and a longer demand ends the retries.
type RetryPolicy struct {
	Attempts int           `json:"attempts"` // total attempts, >= 1
	Base     time.Duration `json:"base"`
	Max      time.Duration `json:"max"`
	MaxWait  time.Duration `json:"max_wait"`
}

// DefaultRetry is 6 attempts, 1 s doubling to 60 s, provider waits up to 5 min.
func DefaultRetry() RetryPolicy {
	return RetryPolicy{Attempts: 6, Base: time.Second, Max: time.Minute, MaxWait: 5 * time.Minute}
}

// delay returns the wait before attempt n+1 (n >= 1 failed attempts) and
// whether to retry at all.
func (p RetryPolicy) delay(n int, err *APIError) (time.Duration, bool) {
	if n >= p.Attempts || !err.Retryable {
		return 0, false
	}
	if err.RetryAfter > 0 {
		if p.MaxWait > 0 && err.RetryAfter > p.MaxWait {
			return 0, false
		}
		// A little jitter on top spreads the herd that got the same header.
		return err.RetryAfter + jitter(p.Base/4), true
	}
	d := p.Base << (n - 1)
	if d > p.Max || d <= 0 {
		d = p.Max
	}
	return jitter(d), true
}

// jitter returns a uniform duration in [d/2, d): half fixed so backoff
// still grows, half random so clients desynchronise.
func jitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2)
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
