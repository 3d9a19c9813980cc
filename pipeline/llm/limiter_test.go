package llm

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestLimiterHalvesOnThrottleAndGrowsBack(t *testing.T) {
	l := NewLimiter(8)
	ctx := context.Background()
	for range 4 {
		s, _ := l.Acquire(ctx)
		l.Release(s, false, true)
	}
	if l.Limit() != 1 {
		t.Fatalf("limit %d after four throttles, want 1", l.Limit())
	}
	for i := 0; i < 200 && l.Limit() < 8; i++ {
		s, _ := l.Acquire(ctx)
		l.Release(s, true, false)
	}
	if l.Limit() != 8 {
		t.Fatalf("limit %d after many successes, want back to 8", l.Limit())
	}
}

func TestLimiterHalvesOncePerBurst(t *testing.T) {
	l := NewLimiter(16)
	var slots []Slot
	for range 8 {
		s, _ := l.Acquire(context.Background())
		slots = append(slots, s)
	}
	for _, s := range slots { // eight 429s to requests sent together
		l.Release(s, false, true)
	}
	if l.Limit() != 8 {
		t.Errorf("limit %d after one burst of 429s, want 8 (halved once)", l.Limit())
	}
}

func TestLimiterBlocksAtLimitAndHonoursContext(t *testing.T) {
	l := NewLimiter(1)
	ctx := context.Background()
	s, err := l.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := l.Acquire(c); err == nil {
		t.Fatal("second acquire at limit 1 succeeded")
	}
	done := make(chan struct{})
	go func() { l.Acquire(ctx); close(done) }()
	l.Release(s, true, false)
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("release did not wake the waiter")
	}
}

func TestRetryAfterHeaders(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		h    map[string]string
		want time.Duration
	}{
		{map[string]string{"Retry-After": "7"}, 7 * time.Second},
		{map[string]string{"Retry-After": now.Add(30 * time.Second).Format(http.TimeFormat)}, 30 * time.Second},
		{map[string]string{"Retry-After-Ms": "250"}, 250 * time.Millisecond},
		{map[string]string{"X-Ratelimit-Remaining-Tokens": "0", "X-Ratelimit-Reset-Tokens": "6m0s"}, 6 * time.Minute},
		{map[string]string{"X-Ratelimit-Remaining-Tokens": "500", "X-Ratelimit-Reset-Tokens": "6m0s"}, 0},
		{map[string]string{"Anthropic-Ratelimit-Requests-Remaining": "0",
			"Anthropic-Ratelimit-Requests-Reset": now.Add(12 * time.Second).Format(time.RFC3339)}, 12 * time.Second},
		{map[string]string{"Retry-After": "2", "X-Ratelimit-Remaining-Requests": "0", "X-Ratelimit-Reset-Requests": "5s"}, 5 * time.Second},
		{map[string]string{"Retry-After": "soon"}, 0},
	}
	for _, c := range cases {
		h := http.Header{}
		for k, v := range c.h {
			h.Set(k, v)
		}
		if got := retryAfter(h, now); got != c.want {
			t.Errorf("retryAfter(%v) = %v, want %v", c.h, got, c.want)
		}
	}
}

func TestBackoffGrowsWithJitterAndIsBounded(t *testing.T) {
	p := RetryPolicy{Attempts: 5, Base: 100 * time.Millisecond, Max: 300 * time.Millisecond}
	e := &APIError{Retryable: true}
	for n, lo := range []time.Duration{50, 100, 150, 150} {
		d, ok, _ := p.delay(n+1, e)
		if !ok || d < lo*time.Millisecond || d >= 2*lo*time.Millisecond {
			t.Errorf("delay after %d failures = %v (retry %v), want in [%v, %v)", n+1, d, ok, lo*time.Millisecond, 2*lo*time.Millisecond)
		}
	}
	if _, ok, why := p.delay(5, e); ok || !errors.Is(why, ErrRetriesExhausted) {
		t.Errorf("after the last attempt: retry %v, reason %v; want no retry, ErrRetriesExhausted", ok, why)
	}
	if _, ok, why := p.delay(1, &APIError{Status: 400}); ok || why != nil {
		t.Errorf("a 400: retry %v, reason %v; want no retry and no retry reason", ok, why)
	}
	p.MaxWait = time.Minute
	_, ok, why := p.delay(1, &APIError{Status: 429, Retryable: true, RetryAfter: time.Hour})
	if ok || !errors.Is(why, ErrWaitTooLong) || !strings.Contains(why.Error(), "1h0m0s asked for, 1m0s allowed") {
		t.Errorf("Retry-After 1h over a 1m maximum: retry %v, reason %v", ok, why)
	}
}
