package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ErrCostLimit is returned (wrapped) once the run has spent its cost limit.
var ErrCostLimit = errors.New("cost limit reached")

// ErrReplayMiss is returned in replay-only mode for a request the cache
// does not hold.
var ErrReplayMiss = errors.New("not in the cache (replay-only mode)")

// ErrSetup marks errors of the run's setup rather than of one request: no
// API key, an unknown provider, a rejected key. Every request would fail
// the same way, so a stage stops instead of recording each as a failure.
var ErrSetup = errors.New("setup")

// Fatal reports whether err should stop a whole stage: the cost limit, a
// replay miss, a setup error, or a 401/403 from a provider.
func Fatal(err error) bool {
	if errors.Is(err, ErrCostLimit) || errors.Is(err, ErrReplayMiss) || errors.Is(err, ErrSetup) {
		return true
	}
	var ae *APIError
	return errors.As(err, &ae) && (ae.Status == 401 || ae.Status == 403)
}

// APIError is a failed attempt, classified for the retry loop. The message
// never contains the request's credentials.
type APIError struct {
	Provider   string
	Status     int           // HTTP status, 0 for transport errors
	Message    string        // the provider's message or the transport error
	RetryAfter time.Duration // from Retry-After or the rate-limit reset headers; 0 if none
	Retryable  bool
}

// Error names the provider, the status and the provider's message.
func (e *APIError) Error() string {
	if e.Status == 0 {
		return fmt.Sprintf("%s: %s", e.Provider, e.Message)
	}
	return fmt.Sprintf("%s: HTTP %d: %s", e.Provider, e.Status, e.Message)
}

// Throttled reports whether the provider asked us to slow down.
func (e *APIError) Throttled() bool { return e.Status == http.StatusTooManyRequests || e.Status == 529 }

// retryableStatus: rate limits, timeouts, conflicts and server errors.
// 4xx other than these mean the request itself is wrong: retrying wastes money.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusConflict, http.StatusTooManyRequests:
		return true
	}
	return code >= 500
}

// httpError builds an APIError from a status, headers and message.
func httpError(provider string, status int, h http.Header, msg string, now time.Time) *APIError {
	if len(msg) > 500 {
		msg = msg[:500] + "…"
	}
	return &APIError{Provider: provider, Status: status, Message: msg,
		RetryAfter: retryAfter(h, now), Retryable: retryableStatus(status)}
}

// transportError classifies a failure without an HTTP status: timeouts,
// dropped connections and malformed or truncated bodies are retryable
// (bounded by the policy); only the caller's cancellation is not.
func transportError(ctx context.Context, provider string, err error) error {
	if ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return ctx.Err()
	}
	msg := err.Error()
	if errors.Is(err, context.DeadlineExceeded) {
		msg = "attempt timed out"
	}
	return &APIError{Provider: provider, Message: msg, Retryable: true}
}

// retryAfter reads how long the provider wants us to wait: Retry-After
// (seconds or an HTTP date), retry-after-ms, Anthropic's
// anthropic-ratelimit-*-reset (RFC 3339 instants) and OpenAI's
// x-ratelimit-reset-* ("1s", "6m0s", "20ms"). With several, the longest
// wins: every exhausted limit must have reset before a retry can succeed.
func retryAfter(h http.Header, now time.Time) time.Duration {
	if h == nil {
		return 0
	}
	var best time.Duration
	take := func(d time.Duration) {
		if d > best {
			best = d
		}
	}
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms > 0 {
			take(time.Duration(ms * float64(time.Millisecond)))
		}
	}
	if v := h.Get("Retry-After"); v != "" {
		if s, err := strconv.ParseFloat(v, 64); err == nil && s > 0 {
			take(time.Duration(s * float64(time.Second)))
		} else if t, err := http.ParseTime(v); err == nil {
			take(t.Sub(now))
		}
	}
	for _, k := range []string{"Anthropic-Ratelimit-Requests-Reset", "Anthropic-Ratelimit-Tokens-Reset",
		"Anthropic-Ratelimit-Input-Tokens-Reset", "Anthropic-Ratelimit-Output-Tokens-Reset"} {
		// Only a limit that is used up matters; the reset of a limit with
		// room left would make us wait for nothing.
		rem := h.Get(strings.Replace(k, "-Reset", "-Remaining", 1))
		if v := h.Get(k); v != "" && rem == "0" {
			if t, err := time.Parse(time.RFC3339, v); err == nil {
				take(t.Sub(now))
			}
		}
	}
	for _, k := range []string{"X-Ratelimit-Reset-Requests", "X-Ratelimit-Reset-Tokens"} {
		rem := h.Get(strings.Replace(k, "Reset-", "Remaining-", 1))
		if v := h.Get(k); v != "" && rem == "0" {
			if d, err := time.ParseDuration(v); err == nil {
				take(d)
			}
		}
	}
	return best
}
