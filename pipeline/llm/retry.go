package llm

import (
	"context"
	"fmt"
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

// delay returns the wait before attempt n+1 (n >= 1 failed attempts), or
// why not to retry: nil for an error that no retry can fix, else
// ErrWaitTooLong or ErrRetriesExhausted with the numbers.
func (p RetryPolicy) delay(n int, err *APIError) (time.Duration, bool, error) {
	if !err.Retryable {
		return 0, false, nil
	}
	if err.RetryAfter > 0 && p.MaxWait > 0 && err.RetryAfter > p.MaxWait {
		return 0, false, fmt.Errorf("%w: %v asked for, %v allowed", ErrWaitTooLong, err.RetryAfter.Round(time.Second), p.MaxWait)
	}
	if n >= p.Attempts {
		return 0, false, fmt.Errorf("%w after %d attempt(s)", ErrRetriesExhausted, n)
	}
	if err.RetryAfter > 0 {
		// A little jitter on top spreads the herd that got the same header.
		return err.RetryAfter + jitter(p.Base/4), true, nil
	}
	d := p.Base << (n - 1)
	if d > p.Max || d <= 0 {
		d = p.Max
	}
	return jitter(d), true, nil
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
