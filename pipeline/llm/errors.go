package llm

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
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

// ErrTruncated is wrapped by a *TruncatedError: the provider stopped the
// answer at max_tokens.
var ErrTruncated = errors.New("answer cut off at max_tokens")

// ErrWaitTooLong ends the retries of a request whose provider asked for a
// wait (Retry-After or a rate-limit reset) beyond the policy's MaxWait.
var ErrWaitTooLong = errors.New("provider asked to wait longer than the maximum")

// ErrRetriesExhausted ends the retries of a request that failed on every
// attempt the policy allows.
var ErrRetriesExhausted = errors.New("retries exhausted")

// TruncatedError is returned for an answer the provider cut off at
// max_tokens. The (paid) response is kept in the cache and here, so a
// caller may look at it, but it is never a valid answer.
type TruncatedError struct {
	Response  *Response
	MaxTokens int64 // the max_tokens the request was sent with
}

// Error names the limit and how much text came back.
func (e *TruncatedError) Error() string {
	limit := fmt.Sprintf("max_tokens %d", e.MaxTokens)
	if e.MaxTokens == 0 {
		limit = "no max_tokens sent: the provider's own limit"
	}
	return fmt.Sprintf("%v (%s, stop reason %q, %d characters of text)",
		ErrTruncated, limit, e.Response.Stop, len(e.Response.Text))
}

// Unwrap makes errors.Is(err, ErrTruncated) hold.
func (e *TruncatedError) Unwrap() error { return ErrTruncated }

// Fatal reports whether err should stop a whole stage because every
// other request would fail alike: the cost limit, a setup error (a
// malformed base URL among them), or a 401/403 from a provider. A replay
// miss, an unreachable server or exhausted retries are not fatal: they
// fail that one item, and the run reports it.
func Fatal(err error) bool {
	if errors.Is(err, ErrCostLimit) || errors.Is(err, ErrSetup) {
		return true
	}
	var ae *APIError
	return errors.As(err, &ae) && (ae.Status == 401 || ae.Status == 403)
}

// FailureKind names why a request failed, for counters and reports.
type FailureKind string

// The kinds of failure Classify tells apart.
const (
	FailCostLimit   FailureKind = "cost_limit"    // the budget refused the call
	FailReplayMiss  FailureKind = "replay_miss"   // not in the cache in replay mode
	FailSetup       FailureKind = "setup"         // configuration: key, provider, base URL, price
	FailAuth        FailureKind = "auth"          // 401/403
	FailRateLimited FailureKind = "rate_limited"  // 429/529 on every attempt
	FailWaitTooLong FailureKind = "wait_too_long" // Retry-After beyond the maximum wait
	FailUnreachable FailureKind = "unreachable"   // connection refused, DNS, TLS: no server answered
	FailTimeout     FailureKind = "timeout"       // attempts timed out
	FailServer      FailureKind = "server"        // 5xx and malformed answers on every attempt
	FailBadRequest  FailureKind = "bad_request"   // other 4xx: the request itself is wrong
	FailTruncated   FailureKind = "truncated"     // answer cut off at max_tokens
	FailCanceled    FailureKind = "canceled"      // the caller gave up
	FailOther       FailureKind = "other"
)

// Classify returns the kind of a failed request's error.
func Classify(err error) FailureKind {
	var ae *APIError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrCostLimit):
		return FailCostLimit
	case errors.Is(err, ErrReplayMiss):
		return FailReplayMiss
	case errors.Is(err, ErrSetup):
		return FailSetup
	case errors.Is(err, ErrTruncated):
		return FailTruncated
	case errors.Is(err, ErrWaitTooLong):
		return FailWaitTooLong
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) && !errors.As(err, &ae):
		return FailCanceled
	case errors.As(err, &ae):
		switch {
		case ae.Status == 401 || ae.Status == 403:
			return FailAuth
		case ae.Throttled():
			return FailRateLimited
		case ae.Status >= 500:
			return FailServer
		case ae.Status == http.StatusRequestTimeout || ae.Timeout:
			return FailTimeout
		case ae.Status >= 400:
			return FailBadRequest
		case ae.Unreachable():
			return FailUnreachable
		}
		return FailServer
	}
	return FailOther
}

// APIError is a failed attempt, classified for the retry loop. The message
// never contains the request's credentials.
type APIError struct {
	Provider   string
	Status     int           // HTTP status, 0 for transport errors
	Message    string        // the provider's message or the transport error
	RetryAfter time.Duration // from Retry-After or the rate-limit reset headers; 0 if none
	Retryable  bool
	Timeout    bool  // the attempt timed out
	Err        error // the transport error, for errors.Is (nil for HTTP answers)
}

// Unwrap returns the transport error.
func (e *APIError) Unwrap() error { return e.Err }

// Unreachable reports whether no server answered at all: connection
// refused or reset before an answer, an unknown host, a failed TLS
// handshake.
func (e *APIError) Unreachable() bool {
	if e.Status != 0 || e.Err == nil {
		return false
	}
	var dns *net.DNSError
	var op *net.OpError
	return errors.Is(e.Err, syscall.ECONNREFUSED) || errors.As(e.Err, &dns) || errors.As(e.Err, &op) && op.Op == "dial"
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

// StatusError builds the APIError of an HTTP answer from its status,
// headers and the provider's message; backends call it for every
// non-2xx answer, so the retry loop sees one classification.
func StatusError(provider string, status int, h http.Header, msg string, now time.Time) *APIError {
	if len(msg) > 500 {
		msg = msg[:500] + "…"
	}
	return &APIError{Provider: provider, Status: status, Message: msg,
		RetryAfter: retryAfter(h, now), Retryable: retryableStatus(status)}
}

// TransportError classifies a failure without an HTTP status: timeouts,
// dropped connections and malformed or truncated bodies are retryable
// (bounded by the policy); only the caller's cancellation is not.
func TransportError(ctx context.Context, provider string, err error) error {
	if ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return ctx.Err()
	}
	ae := &APIError{Provider: provider, Message: err.Error(), Retryable: true, Err: err}
	if errors.Is(err, context.DeadlineExceeded) {
		ae.Message, ae.Timeout = "attempt timed out", true
	}
	if ae.Unreachable() {
		ae.Message = "no server answered: " + ae.Message
	}
	return ae
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
