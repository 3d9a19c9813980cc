package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Client reads remote files through a cache. The zero value is not
// usable; build one with NewClient or use Default.
type Client struct {
	Endpoint string // Hub base URL (HF_ENDPOINT; default https://huggingface.co)
	Token    string // Hub token (HF_TOKEN), sent to the endpoint host only
	Offline  bool   // HF_HUB_OFFLINE=1: cache only
	CacheDir string
	HTTP     *http.Client // its CheckRedirect is replaced to drop the token across hosts

	PerHost      int           // requests in flight per host (default 8)
	MaxAttempts  int           // tries per request on 429, 5xx and cut bodies (default 6)
	MaxRetryWait time.Duration // longest single wait, also caps Retry-After (default 30s)
	// MetadataTTL is how long a listing of a branch (or a URL's size and
	// ETag) is used before it is fetched again; a listing at a commit hash
	// never expires. Default one hour. Offline, cached metadata of any age
	// is used.
	MetadataTTL time.Duration
	// MinFetch is the smallest range fetched for a read the caller did not
	// prefetch (default 64 KiB): parquet readers read pages in small pieces.
	MinFetch int64
	// Progress, when set, receives the transfer state while bytes arrive.
	Progress func(Transfer)

	once    sync.Once
	mu      sync.Mutex
	sems    map[string]chan struct{}
	files   map[string]fileMeta // by file name, from listings
	fetched atomic.Int64
	reqs    atomic.Int64
	prog    progressState
	sleep   func(time.Duration) // tests record the waits instead
}

// NewClient builds a client from the environment: HF_ENDPOINT, HF_TOKEN
// (or HUGGING_FACE_HUB_TOKEN), HF_HUB_OFFLINE and the cache directory of
// CacheDir.
func NewClient() (*Client, error) {
	dir, err := CacheDir()
	if err != nil {
		return nil, err
	}
	c := &Client{Endpoint: os.Getenv("HF_ENDPOINT"), Token: os.Getenv("HF_TOKEN"), CacheDir: dir}
	if c.Token == "" {
		c.Token = os.Getenv("HUGGING_FACE_HUB_TOKEN")
	}
	switch os.Getenv("HF_HUB_OFFLINE") {
	case "1", "true", "TRUE", "True", "yes", "on":
		c.Offline = true
	}
	return c, nil
}

var (
	defaultMu       sync.Mutex
	defaultClient   *Client
	defaultProgress func(Transfer)
)

// SetDefaultProgress sets the Progress function of the process-wide
// client, now and when it is next rebuilt (a command line sets
// TerminalProgress on stderr, a notebook its own display).
func SetDefaultProgress(fn func(Transfer)) {
	defaultMu.Lock()
	defaultProgress = fn
	if defaultClient != nil {
		defaultClient.Progress = fn
	}
	defaultMu.Unlock()
}

// Default returns the process-wide client, built from the environment on
// first use.
func Default() (*Client, error) {
	defaultMu.Lock()
	defer defaultMu.Unlock()
	if defaultClient == nil {
		c, err := NewClient()
		if err != nil {
			return nil, err
		}
		c.Progress = defaultProgress
		defaultClient = c
	}
	return defaultClient, nil
}

// SetDefault replaces the process-wide client (nil: rebuild from the
// environment on next use).
func SetDefault(c *Client) {
	defaultMu.Lock()
	defaultClient = c
	defaultMu.Unlock()
}

// BytesFetched is the number of response body bytes received so far.
func (c *Client) BytesFetched() int64 { return c.fetched.Load() }

// Requests is the number of HTTP requests sent so far (redirects not counted).
func (c *Client) Requests() int64 { return c.reqs.Load() }

func (c *Client) init() {
	c.once.Do(func() {
		if c.Endpoint == "" {
			c.Endpoint = "https://huggingface.co"
		}
		if c.PerHost <= 0 {
			c.PerHost = 8
		}
		if c.MaxAttempts <= 0 {
			c.MaxAttempts = 6
		}
		if c.MaxRetryWait <= 0 {
			c.MaxRetryWait = 30 * time.Second
		}
		if c.MetadataTTL <= 0 {
			c.MetadataTTL = time.Hour
		}
		if c.MinFetch <= 0 {
			c.MinFetch = 64 << 10
		}
		hc := http.Client{}
		if c.HTTP != nil {
			hc = *c.HTTP
		}
		hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return errors.New("stopped after 10 redirects")
			}
			// The token is for the Hub; a storage host gets a signed URL.
			if req.URL.Host != via[0].URL.Host {
				req.Header.Del("Authorization")
			}
			return nil
		}
		c.HTTP = &hc
		c.sems = map[string]chan struct{}{}
		c.files = map[string]fileMeta{}
	})
}

// sem returns the semaphore bounding the requests to a URL's host.
func (c *Client) sem(raw string) chan struct{} {
	host := raw
	if u, err := url.Parse(raw); err == nil {
		host = u.Host
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.sems[host]
	if !ok {
		s = make(chan struct{}, c.PerHost)
		c.sems[host] = s
	}
	return s
}

// statusError is an HTTP answer that is not the one wanted.
type statusError struct {
	URL    string
	Status int
	Text   string
}

func (e *statusError) Error() string {
	msg := fmt.Sprintf("%s: HTTP %d", e.URL, e.Status)
	switch e.Status {
	case http.StatusUnauthorized, http.StatusForbidden:
		msg += " (gated or private dataset? set HF_TOKEN to a token with access)"
	case http.StatusNotFound:
		msg += " (no such repository, revision or file)"
	}
	if e.Text != "" {
		msg += ": " + e.Text
	}
	return msg
}

// retryable reports whether a status is worth another try.
func retryable(code int) bool {
	return code == http.StatusTooManyRequests || code >= 500
}

// retryAfter parses a Retry-After header (seconds or an HTTP date).
func retryAfter(h string) (time.Duration, bool) {
	if h == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(h); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// wait sleeps before attempt n+1: Retry-After when the server gave one,
// else exponential backoff from 250ms, both capped by MaxRetryWait.
func (c *Client) wait(ctx context.Context, n int, after time.Duration, given bool) error {
	d := after
	if !given {
		d = 250 * time.Millisecond << min(n, 8)
	}
	d = min(d, c.MaxRetryWait)
	if c.sleep != nil {
		c.sleep(d)
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// do sends a GET with the Hub token when the URL is on the endpoint host,
// retrying 429 and 5xx (honouring Retry-After). check inspects a response
// that is not retryable and consumes its body; it returns errRetry to ask
// for another try (a body cut short) or any other error to stop.
func (c *Client) do(ctx context.Context, raw string, hdr http.Header, check func(*http.Response) error) error {
	c.init()
	if c.Offline {
		return fmt.Errorf("%s: %w", redact(raw), ErrOffline)
	}
	sem := c.sem(raw)
	var last error
	for n := 0; n < c.MaxAttempts; n++ {
		if n > 0 {
			after, given := retryAfterOf(last)
			if err := c.wait(ctx, n-1, after, given); err != nil {
				return err
			}
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		err := c.once1(ctx, raw, hdr, check)
		<-sem
		if err == nil {
			return nil
		}
		last = err
		if !errors.Is(err, errRetry) {
			var se *statusError
			if !errors.As(err, &se) || !retryable(se.Status) {
				return err
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return fmt.Errorf("giving up after %d attempts: %w", c.MaxAttempts, last)
}

// retryStatus is a retryable status with the server's Retry-After.
type retryStatus struct {
	statusError
	after time.Duration
	given bool
}

func (e *retryStatus) Unwrap() error { return &e.statusError }

func retryAfterOf(err error) (time.Duration, bool) {
	var rs *retryStatus
	if errors.As(err, &rs) {
		return rs.after, rs.given
	}
	return 0, false
}

// errRetry marks a failure another attempt may cure (a body cut short, a
// connection reset).
var errRetry = errors.New("retry")

// ErrOffline is returned for anything HF_HUB_OFFLINE=1 forbids fetching.
var ErrOffline = errors.New("not in the cache and HF_HUB_OFFLINE=1 forbids fetching it")

func (c *Client) once1(ctx context.Context, raw string, hdr http.Header, check func(*http.Response) error) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", redact(raw), err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	if c.Token != "" && sameHost(raw, c.Endpoint) {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	c.reqs.Add(1)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// A refused or reset connection may be transient. net/http's
		// error names the URL, after a redirect a signed one: drop it.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = fmt.Errorf("%s %s: %w", ue.Op, redact(ue.URL), ue.Err)
		}
		return fmt.Errorf("%s: %v: %w", redact(raw), err, errRetry)
	}
	defer resp.Body.Close()
	if retryable(resp.StatusCode) {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		after, given := retryAfter(resp.Header.Get("Retry-After"))
		return &retryStatus{statusError{redact(raw), resp.StatusCode, ""}, after, given}
	}
	return check(resp)
}

// sameHost reports whether two URLs share scheme and host.
func sameHost(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && ua.Host == ub.Host && ua.Scheme == ub.Scheme
}

// bodyText reads a short error body for messages.
func bodyText(r io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(r, 300))
	return string(b)
}
