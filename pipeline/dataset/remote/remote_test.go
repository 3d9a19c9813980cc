package remote_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/specstress/specstress/pipeline/dataset/remote"
	"github.com/specstress/specstress/pipeline/dataset/remote/hubtest"
)

const sampleDir = "../../../notebooks/data/sample"

func newHub(t *testing.T, dir string) *hubtest.Hub {
	t.Helper()
	h, err := hubtest.New(dir, "acme/stress")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	return h
}

func newClient(h *hubtest.Hub, cache string) *remote.Client {
	return &remote.Client{Endpoint: h.Hub.URL, CacheDir: cache, MaxRetryWait: 50 * time.Millisecond}
}

func count(h *hubtest.Hub, server string) int {
	n := 0
	for _, r := range h.Log() {
		if r.Server == server {
			n++
		}
	}
	return n
}

func TestListFollowsPagesAndSecondOpenIsOffline(t *testing.T) {
	h := newHub(t, sampleDir)
	cache := t.TempDir()
	c := newClient(h, cache)
	entries, err := c.List(context.Background(), "hf://datasets/acme/stress")
	if err != nil {
		t.Fatal(err)
	}
	var rels []string
	for _, e := range entries {
		rels = append(rels, e.Rel)
	}
	// 12 parquet files, README.md left out, directories not files.
	if len(entries) != 12 || rels[0] != "complete/train-00000-of-00001.parquet" || !strings.HasPrefix(entries[0].Name, "hf://datasets/acme/stress@main/complete/") {
		t.Fatalf("listing: %v", rels)
	}
	if n := count(h, "hub"); n < 5 {
		t.Errorf("%d tree requests for 16 entries at 3 a page: paging not followed", n)
	}
	want, _ := os.ReadFile(filepath.Join(sampleDir, "data/all_models-00000-of-00001.parquet"))
	f, err := c.Open(context.Background(), "hf://datasets/acme/stress/data/all_models-00000-of-00001.parquet")
	if err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(want))
	if _, err := f.ReadAt(got, 0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if !bytes.Equal(got, want) {
		t.Fatal("bytes read differ from the file")
	}
	// A new process (new client, same cache): no request at all.
	h.Reset()
	c2 := newClient(h, cache)
	if _, err := c2.List(context.Background(), "hf://datasets/acme/stress"); err != nil {
		t.Fatal(err)
	}
	f2, err := c2.Open(context.Background(), "hf://datasets/acme/stress@main/data/all_models-00000-of-00001.parquet")
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	if _, err := f2.ReadAt(got, 0); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("cached read: %v", err)
	}
	if l := h.Log(); len(l) != 0 {
		t.Errorf("second open sent %d requests: %v", len(l), l)
	}
}

func TestFooterIsOneRequestAndRangesResume(t *testing.T) {
	h := newHub(t, sampleDir)
	c := newClient(h, t.TempDir())
	name := "hf://datasets/acme/stress/complete/train-00000-of-00001.parquet"
	f, err := c.Open(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	size := f.Size()
	var ranges []string
	for _, r := range h.Log() {
		if r.Server == "storage" {
			ranges = append(ranges, r.Range)
		}
	}
	if len(ranges) != 1 || ranges[0] != "bytes="+itoa(size-65536)+"-"+itoa(size-1) {
		t.Fatalf("open fetched %v, want the last 64 KiB in one request", ranges)
	}
	h.Reset()
	// Two ranges 1 KiB apart travel in one request; a far one alone.
	if err := f.Prefetch(context.Background(), []remote.Range{{Off: 1000, Len: 5000}, {Off: 7000, Len: 3000}, {Off: 500000, Len: 100}}); err != nil {
		t.Fatal(err)
	}
	if got := count(h, "storage"); got != 2 {
		t.Errorf("%d storage requests, want 2 (coalesced + far)", got)
	}
	if got, want := h.Served(), int64(9000+100); got != want {
		t.Errorf("served %d bytes, want %d: %v", got, want, h.Log())
	}
	// Resume: only the bytes not cached travel.
	h.Reset()
	if err := f.Prefetch(context.Background(), []remote.Range{{Off: 0, Len: 20000}}); err != nil {
		t.Fatal(err)
	}
	if got, want := h.Served(), int64(20000-9000); got != want {
		t.Errorf("resume served %d bytes, want %d", got, want)
	}
	want, _ := os.ReadFile(filepath.Join(sampleDir, "complete/train-00000-of-00001.parquet"))
	got := make([]byte, 20000)
	if _, err := f.ReadAt(got, 0); err != nil || !bytes.Equal(got, want[:20000]) {
		t.Fatalf("read after resume: %v", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestRetriesFaultsAndDetectsChange(t *testing.T) {
	h := newHub(t, sampleDir)
	c := newClient(h, t.TempDir())
	name := "hf://datasets/acme/stress/complete/train-00000-of-00001.parquet"
	want, _ := os.ReadFile(filepath.Join(sampleDir, "complete/train-00000-of-00001.parquet"))
	h.FailTree(hubtest.Fault{Status: 429, RetryAfter: "0"})
	h.Fail(hubtest.Fault{Status: 429, RetryAfter: "0"}, hubtest.Fault{Status: 503}, hubtest.Fault{CutAfter: 1000})
	f, err := c.Open(context.Background(), name)
	if err != nil {
		t.Fatalf("faults not retried: %v", err)
	}
	defer f.Close()
	if n := count(h, "storage"); n != 4 {
		t.Errorf("%d storage requests, want 4 (429, 503, cut, whole)", n)
	}
	got := make([]byte, 65536)
	if _, err := f.ReadAt(got, f.Size()-65536); err != nil || !bytes.Equal(got, want[len(want)-65536:]) {
		t.Fatalf("tail after faults differs: %v", err)
	}
	// The file changes under the reader: an error, not a mix.
	h.Fail(hubtest.Fault{ETag: `"another-version"`})
	err = f.Prefetch(context.Background(), []remote.Range{{Off: 0, Len: 4096}})
	if !errors.Is(err, remote.ErrChanged) {
		t.Fatalf("changed ETag: got %v, want ErrChanged", err)
	}
	// Retries are bounded.
	c.MaxAttempts = 3
	h.Fail(hubtest.Fault{Status: 503}, hubtest.Fault{Status: 503}, hubtest.Fault{Status: 503})
	err = f.Prefetch(context.Background(), []remote.Range{{Off: 0, Len: 4096}})
	if err == nil || !strings.Contains(err.Error(), "giving up after 3 attempts") || !strings.Contains(err.Error(), "503") {
		t.Fatalf("endless 503: got %v", err)
	}
}

func TestServerIgnoringRange(t *testing.T) {
	h := newHub(t, sampleDir)
	h.IgnoreRange = true
	c := newClient(h, t.TempDir())
	small, _ := os.ReadFile(filepath.Join(sampleDir, "data/all_models-00000-of-00001.parquet"))
	f, err := c.Open(context.Background(), "hf://datasets/acme/stress/data/all_models-00000-of-00001.parquet")
	if err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(small))
	if _, err := f.ReadAt(got, 0); err != nil || !bytes.Equal(got, small) {
		t.Fatalf("a 200 answer to a Range request of a small file: %v", err)
	}
	f.Close()
	if n := count(h, "storage"); n != 1 {
		t.Errorf("%d storage requests; the whole body answered all reads", n)
	}
}

func TestTokenGoesToHubOnlyAndIsNeverStored(t *testing.T) {
	h := newHub(t, sampleDir)
	const token = "hf_SECRETtoken123"
	h.Token = token
	cache := t.TempDir()
	c := newClient(h, cache)
	var progress bytes.Buffer
	c.Progress = func(tr remote.Transfer) { progress.WriteString(tr.String() + "\n") }
	// No token: a clear error naming the cause.
	_, err := (&remote.Client{Endpoint: h.Hub.URL, CacheDir: t.TempDir()}).List(context.Background(), "hf://datasets/acme/stress")
	if err == nil || !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "HF_TOKEN") {
		t.Fatalf("gated without a token: %v", err)
	}
	c.Token = token
	f, err := c.Open(context.Background(), "hf://datasets/acme/stress/data/all_models-00000-of-00001.parquet")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, r := range h.Log() {
		if r.Server == "storage" && r.Auth != "" {
			t.Errorf("storage host got Authorization %q", r.Auth)
		}
	}
	// An error after the redirect names the file, not the token.
	h.Fail(hubtest.Fault{Status: 404})
	_, err = c.Open(context.Background(), "hf://datasets/acme/stress/data/claude_models-00000-of-00001.parquet")
	if err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("storage 404: %v", err)
	}
	msgs := progress.String() + err.Error()
	filepath.Walk(cache, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			b, _ := os.ReadFile(p)
			if bytes.Contains(b, []byte(token)) || bytes.Contains(b, []byte("s3cr3t")) {
				t.Errorf("cache file %s holds the token or a signed URL", p)
			}
		}
		return nil
	})
	if strings.Contains(msgs, token) {
		t.Errorf("token in messages: %s", msgs)
	}
}

func TestOffline(t *testing.T) {
	h := newHub(t, sampleDir)
	cache := t.TempDir()
	off := newClient(h, cache)
	off.Offline = true
	name := "hf://datasets/acme/stress/data/all_models-00000-of-00001.parquet"
	_, err := off.Open(context.Background(), name)
	if !errors.Is(err, remote.ErrOffline) || !strings.Contains(err.Error(), "hf://datasets/acme/stress@main/data") {
		t.Fatalf("offline with an empty cache: %v", err)
	}
	f, err := newClient(h, cache).Open(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	h.Reset()
	off = newClient(h, cache)
	off.Offline = true
	f, err = off.Open(context.Background(), name)
	if err != nil {
		t.Fatalf("offline after a warm-up: %v", err)
	}
	defer f.Close()
	buf := make([]byte, 10)
	_, err = f.ReadAt(buf, 0) // the head was never fetched
	if !errors.Is(err, remote.ErrOffline) || !strings.Contains(err.Error(), "bytes 0-") {
		t.Fatalf("offline read of uncached bytes: %v", err)
	}
	if len(h.Log()) != 0 {
		t.Errorf("offline client sent requests: %v", h.Log())
	}
}

func TestPlainURL(t *testing.T) {
	h := newHub(t, sampleDir)
	cache := t.TempDir()
	c := newClient(h, cache)
	want, _ := os.ReadFile(filepath.Join(sampleDir, "data/all_models-00000-of-00001.parquet"))
	// The resolve URL as a plain https URL: redirects followed, size and
	// ETag learnt from the tail request.
	u := h.Hub.URL + "/datasets/acme/stress/resolve/main/data/all_models-00000-of-00001.parquet"
	f, err := c.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	if f.Size() != int64(len(want)) {
		t.Fatalf("size %d, want %d", f.Size(), len(want))
	}
	got := make([]byte, len(want))
	if _, err := f.ReadAt(got, 0); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read: %v", err)
	}
	f.Close()
	h.Reset()
	f, err = newClient(h, cache).Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if len(h.Log()) != 0 {
		t.Errorf("second open of a URL sent %v", h.Log())
	}
	st, err := remote.Stats(cache)
	if err != nil || st.Files != 1 || st.Bytes != int64(len(want)) {
		t.Errorf("stats %+v, %v", st, err)
	}
	if err := remote.Clear(cache); err != nil {
		t.Fatal(err)
	}
	if st, _ := remote.Stats(cache); st.Files != 0 || st.Listings != 0 {
		t.Errorf("after Clear: %+v", st)
	}
	os.WriteFile(filepath.Join(cache, "mine.txt"), []byte("x"), 0o644)
	if err := remote.Clear(cache); err == nil {
		t.Error("Clear emptied a directory holding foreign files")
	}
}

func TestRetryWaitsHonourRetryAfter(t *testing.T) {
	h := newHub(t, sampleDir)
	c := newClient(h, t.TempDir())
	c.MaxRetryWait = 30 * time.Second
	var waits []time.Duration
	remote.SetSleep(c, func(d time.Duration) { waits = append(waits, d) })
	h.Fail(hubtest.Fault{Status: 429, RetryAfter: "7"}, hubtest.Fault{Status: 503}, hubtest.Fault{Status: 502},
		hubtest.Fault{Status: 429, RetryAfter: "3600"})
	f, err := c.Open(context.Background(), "hf://datasets/acme/stress/data/all_models-00000-of-00001.parquet")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	// Retry-After 7 s; then backoff 500 ms, 1 s; an hour capped at 30 s.
	want := []time.Duration{7 * time.Second, 500 * time.Millisecond, time.Second, 30 * time.Second}
	if !reflect.DeepEqual(waits, want) {
		t.Errorf("waits %v, want %v", waits, want)
	}
}

func TestWrongLengthRangeIsAnError(t *testing.T) {
	h := newHub(t, sampleDir)
	c := newClient(h, t.TempDir())
	f, err := c.Open(context.Background(), "hf://datasets/acme/stress/complete/train-00000-of-00001.parquet")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h.Fail(hubtest.Fault{HalfRange: true})
	err = f.Prefetch(context.Background(), []remote.Range{{Off: 0, Len: 1000}})
	if err == nil || !strings.Contains(err.Error(), "asked for bytes 0-999, the server sent 0-499") {
		t.Fatalf("half a range: %v", err)
	}
	if f.Cached() != 65536 {
		t.Errorf("%d bytes cached; the short answer must not be kept", f.Cached())
	}
}

func TestProgressReportsBytes(t *testing.T) {
	h := newHub(t, sampleDir)
	c := newClient(h, t.TempDir())
	var last remote.Transfer
	finals := 0
	c.Progress = func(tr remote.Transfer) {
		last = tr
		if tr.Final {
			finals++
		}
	}
	f, err := c.Open(context.Background(), "hf://datasets/acme/stress/complete/train-00000-of-00001.parquet")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Prefetch(context.Background(), []remote.Range{{Off: 0, Len: 300000}}); err != nil {
		t.Fatal(err)
	}
	if finals != 2 || !last.Final || last.Done != 300000 || last.Total != 300000 {
		t.Errorf("last report %+v after %d finals", last, finals)
	}
	if s := last.String(); !strings.Contains(s, "293.0 KiB of 293.0 KiB") || !strings.Contains(s, "/s") {
		t.Errorf("progress line %q", s)
	}
	var term bytes.Buffer
	p := remote.TerminalProgress(&term)
	p(remote.Transfer{Name: "x", Done: 1 << 20, Total: 4 << 20, Elapsed: time.Second})
	p(remote.Transfer{Name: "x", Done: 4 << 20, Total: 4 << 20, Elapsed: 2 * time.Second, Final: true})
	if got := term.String(); got != "\rfetching x: 1.0 MiB of 4.0 MiB at 1.0 MiB/s \rfetching x: 4.0 MiB of 4.0 MiB at 2.0 MiB/s\n" {
		t.Errorf("terminal progress %q", got)
	}
}

func TestChangedFileReadsNewVersionOnReopen(t *testing.T) {
	h := newHub(t, sampleDir)
	cache := t.TempDir()
	c := newClient(h, cache)
	const rel = "data/all_models-00000-of-00001.parquet"
	f, err := c.Open(context.Background(), "hf://datasets/acme/stress/"+rel)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// A new commit replaces the file: the next range has another ETag.
	other, _ := os.ReadFile(filepath.Join(sampleDir, "data/claude_models-00000-of-00001.parquet"))
	h.Replace(rel, other)
	if err := f.Prefetch(context.Background(), []remote.Range{{Off: 0, Len: 100}}); !errors.Is(err, remote.ErrChanged) {
		t.Fatalf("got %v, want ErrChanged", err)
	}
	g, err := newClient(h, cache).Open(context.Background(), "hf://datasets/acme/stress/"+rel)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	got := make([]byte, len(other))
	if _, err := g.ReadAt(got, 0); err != nil || !bytes.Equal(got, other) {
		t.Fatalf("reopened file is not the new version: %v", err)
	}
}

func TestRequestsInFlightAreBoundedPerHost(t *testing.T) {
	h := newHub(t, sampleDir)
	h.Latency = 20 * time.Millisecond // so requests overlap
	c := newClient(h, t.TempDir())
	c.PerHost = 3
	f, err := c.Open(context.Background(), "hf://datasets/acme/stress/complete/train-00000-of-00001.parquet")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h.Reset()
	var rs []remote.Range
	for off := int64(0); off < 1<<20; off += 100 << 10 { // 11 ranges far apart
		rs = append(rs, remote.Range{Off: off, Len: 1000})
	}
	if err := f.Prefetch(context.Background(), rs); err != nil {
		t.Fatal(err)
	}
	if n := count(h, "storage"); n != len(rs) {
		t.Errorf("%d storage requests for %d separate ranges", n, len(rs))
	}
	if p := h.Peak(); p < 2 || p > 3 {
		t.Errorf("%d requests ran at once, want 2..3 (parallel, at most PerHost)", p)
	}
}
