// Package hubtest runs a local HTTP server that behaves like the Hugging
// Face Hub for one dataset repository: the tree API (recursive, paged with
// Link rel="next"), resolve URLs that redirect to a second "storage"
// server with signed URLs, and a storage server answering Range requests
// (single and multi-range, through net/http's ServeContent) with ETags.
// Faults can be injected: statuses with Retry-After, bodies cut short,
// changed ETags, Range ignored.
package hubtest

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault is an injected misbehaviour of one storage (or tree) response.
type Fault struct {
	Status     int    // answer this status with an empty body (e.g. 429, 503)
	RetryAfter string // Retry-After header of a Status answer
	CutAfter   int    // send this many body bytes, then drop the connection
	ETag       string // answer normally but with this ETag
	// HalfRange answers a Range request with 206 and only the first half
	// of the range, its Content-Range saying so.
	HalfRange bool
}

// Request is one logged request.
type Request struct {
	Server string // "hub" or "storage"
	Path   string
	Range  string
	Auth   string // the Authorization header received
}

// Hub is the fake Hub and its storage server.
type Hub struct {
	Hub, Storage *httptest.Server
	Repo         string // OWNER/NAME
	Rev          string // the branch served ("main"); its commit hash also resolves
	Token        string // when set, the Hub answers 401 without "Bearer Token"
	PageSize     int    // tree entries per page (default 3)
	IgnoreRange  bool   // storage answers every request 200 with the whole file
	// Rate, when positive, limits the storage server's body bytes per
	// second, shared by all connections (one link).
	Rate int64
	// Latency, when positive, delays every response of both servers (a
	// round trip to a distant host).
	Latency time.Duration

	mu      sync.Mutex
	files   map[string][]byte // repository path -> content
	sums    map[string]string // repository path -> sha256 (LFS oid), hex
	gits    map[string]string // repository path -> git blob id
	byOID   map[string][]byte // sha256 -> content, for the storage server
	faults  []Fault           // storage faults, consumed in order
	tfaults []Fault           // tree API faults
	log     []Request
	served  int64          // body bytes the storage server wrote
	busy    sync.WaitGroup // handlers running: counters settle when they return
	active  int            // storage requests running
	peak    int            // the most storage requests running at once
	linkMu  sync.Mutex
	linkAt  time.Time // when the shared link is next free
}

// throttle waits until n more bytes may pass the shared link.
func (h *Hub) throttle(n int) {
	if h.Rate <= 0 {
		return
	}
	h.linkMu.Lock()
	now := time.Now()
	if h.linkAt.Before(now) {
		h.linkAt = now
	}
	h.linkAt = h.linkAt.Add(time.Duration(float64(n) / float64(h.Rate) * float64(time.Second)))
	until := h.linkAt
	h.linkMu.Unlock()
	time.Sleep(time.Until(until))
}

// New serves the files below dir (every regular file, paths relative to
// dir) as dataset repo.
func New(dir, repo string) (*Hub, error) {
	h := &Hub{Repo: repo, Rev: "main", PageSize: 3, files: map[string][]byte{},
		sums: map[string]string{}, gits: map[string]string{}, byOID: map[string][]byte{}}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		h.put(filepath.ToSlash(rel), b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("hubtest: %w", err)
	}
	h.Storage = httptest.NewServer(http.HandlerFunc(h.serveStorage))
	h.Hub = httptest.NewServer(http.HandlerFunc(h.serveHub))
	return h, nil
}

// Close stops both servers.
func (h *Hub) Close() { h.Hub.Close(); h.Storage.Close() }

// Commit is the fake commit hash of the served revision.
func (h *Hub) Commit() string { return strings.Repeat("ab", 20) }

// Fail queues faults for the next storage responses.
func (h *Hub) Fail(f ...Fault) { h.mu.Lock(); h.faults = append(h.faults, f...); h.mu.Unlock() }

// FailTree queues faults for the next tree API responses.
func (h *Hub) FailTree(f ...Fault) { h.mu.Lock(); h.tfaults = append(h.tfaults, f...); h.mu.Unlock() }

// Replace changes a file's content (a new commit on the branch).
func (h *Hub) Replace(path string, b []byte) { h.mu.Lock(); h.put(path, b); h.mu.Unlock() }

// put stores a file with its hashes (computed once: the servers answer
// many requests for large files).
func (h *Hub) put(path string, b []byte) {
	h.files[path] = b
	h.sums[path] = sha(b)
	git := sha1.Sum([]byte(fmt.Sprintf("blob %d\x00", len(b)) + string(b)))
	h.gits[path] = hex.EncodeToString(git[:])
	h.byOID[h.sums[path]] = b
}

// Log returns the requests received so far, once running requests end.
func (h *Hub) Log() []Request {
	h.busy.Wait()
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Request(nil), h.log...)
}

// Served returns the body bytes the storage server sent, once running
// requests end (a client may have all its bytes before the handler returns).
func (h *Hub) Served() int64 { h.busy.Wait(); h.mu.Lock(); defer h.mu.Unlock(); return h.served }

// Peak returns the most storage requests that ran at the same time.
func (h *Hub) Peak() int { h.busy.Wait(); h.mu.Lock(); defer h.mu.Unlock(); return h.peak }

// Reset clears the log and the byte counter once running requests end.
func (h *Hub) Reset() { h.busy.Wait(); h.mu.Lock(); h.log, h.served, h.peak = nil, 0, 0; h.mu.Unlock() }

func (h *Hub) sum(p string) string { h.mu.Lock(); defer h.mu.Unlock(); return h.sums[p] }

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func (h *Hub) record(server string, r *http.Request) {
	h.mu.Lock()
	h.log = append(h.log, Request{server, r.URL.Path, r.Header.Get("Range"), r.Header.Get("Authorization")})
	h.mu.Unlock()
}

func (h *Hub) serveHub(w http.ResponseWriter, r *http.Request) {
	h.busy.Add(1)
	defer h.busy.Done()
	time.Sleep(h.Latency)
	h.record("hub", r)
	if h.Token != "" && r.Header.Get("Authorization") != "Bearer "+h.Token {
		http.Error(w, "Access to this dataset is restricted", http.StatusUnauthorized)
		return
	}
	treePrefix := "/api/datasets/" + h.Repo + "/tree/"
	resolvePrefix := "/datasets/" + h.Repo + "/resolve/"
	switch {
	case strings.HasPrefix(r.URL.Path, treePrefix):
		h.serveTree(w, r, strings.TrimPrefix(r.URL.Path, treePrefix))
	case strings.HasPrefix(r.URL.Path, resolvePrefix):
		rev, p, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, resolvePrefix), "/")
		if rev != h.Rev && rev != h.Commit() {
			http.Error(w, "Revision Not Found", http.StatusNotFound)
			return
		}
		h.mu.Lock()
		_, ok := h.files[p]
		h.mu.Unlock()
		if !ok {
			http.Error(w, "Entry Not Found", http.StatusNotFound)
			return
		}
		// A signed URL, as a CDN gets: the secret is in the query.
		http.Redirect(w, r, h.Storage.URL+"/blob/"+h.sum(p)+"?X-Amz-Signature=s3cr3t&X-Amz-Expires=3600", http.StatusFound)
	default:
		http.Error(w, "Repository Not Found", http.StatusNotFound)
	}
}

type treeEntry struct {
	Type string `json:"type"`
	OID  string `json:"oid"`
	Size int64  `json:"size"`
	Path string `json:"path"`
	LFS  *lfs   `json:"lfs,omitempty"`
}

type lfs struct {
	OID         string `json:"oid"`
	Size        int64  `json:"size"`
	PointerSize int    `json:"pointerSize"`
}

func (h *Hub) serveTree(w http.ResponseWriter, r *http.Request, rest string) {
	rev, dir, _ := strings.Cut(rest, "/")
	if rev != h.Rev && rev != h.Commit() {
		http.Error(w, "Revision Not Found", http.StatusNotFound)
		return
	}
	if f, ok := h.nextFault(&h.tfaults); ok && f.Status != 0 {
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		w.WriteHeader(f.Status)
		return
	}
	h.mu.Lock()
	var entries []treeEntry
	dirs := map[string]bool{}
	for p, b := range h.files {
		if dir != "" && !strings.HasPrefix(p, dir+"/") {
			continue
		}
		for d := filepath.Dir(p); d != "." && d != dir; d = filepath.Dir(d) {
			dirs[filepath.ToSlash(d)] = true
		}
		e := treeEntry{Type: "file", OID: h.gits[p], Size: int64(len(b)), Path: p}
		if strings.HasSuffix(p, ".parquet") {
			e.LFS = &lfs{OID: h.sums[p], Size: int64(len(b)), PointerSize: 134}
		}
		entries = append(entries, e)
	}
	h.mu.Unlock()
	for d := range dirs {
		entries = append(entries, treeEntry{Type: "directory", OID: strings.Repeat("0", 40), Path: d})
	}
	if len(entries) == 0 {
		http.Error(w, "Entry Not Found", http.StatusNotFound)
		return
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Path < entries[j].Path })
	cursor, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
	end := min(cursor+h.PageSize, len(entries))
	if end < len(entries) {
		q := r.URL.Query()
		q.Set("cursor", strconv.Itoa(end))
		w.Header().Set("Link", fmt.Sprintf(`<%s%s?%s>; rel="next"`, h.Hub.URL, r.URL.Path, q.Encode()))
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(entries[cursor:end])
}

func (h *Hub) nextFault(q *[]Fault) (Fault, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(*q) == 0 {
		return Fault{}, false
	}
	f := (*q)[0]
	*q = (*q)[1:]
	return f, true
}

func (h *Hub) serveStorage(w http.ResponseWriter, r *http.Request) {
	h.busy.Add(1)
	defer h.busy.Done()
	h.record("storage", r)
	h.mu.Lock()
	h.active++
	h.peak = max(h.peak, h.active)
	h.mu.Unlock()
	defer func() { h.mu.Lock(); h.active--; h.mu.Unlock() }()
	time.Sleep(h.Latency)
	if r.URL.Query().Get("X-Amz-Signature") != "s3cr3t" {
		http.Error(w, "AccessDenied", http.StatusForbidden)
		return
	}
	want := strings.TrimPrefix(r.URL.Path, "/blob/")
	h.mu.Lock()
	content := h.byOID[want]
	h.mu.Unlock()
	if content == nil {
		http.Error(w, "NoSuchKey", http.StatusNotFound)
		return
	}
	f, _ := h.nextFault(&h.faults)
	if f.Status != 0 {
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		w.WriteHeader(f.Status)
		return
	}
	etag := `"` + want + `"`
	if f.ETag != "" {
		etag = f.ETag
	}
	w.Header().Set("ETag", etag)
	if h.IgnoreRange {
		r.Header.Del("Range")
	}
	var a, b int
	if _, err := fmt.Sscanf(r.Header.Get("Range"), "bytes=%d-%d", &a, &b); f.HalfRange && err == nil && b < len(content) {
		b = a + (b-a)/2
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", a, b, len(content)))
		w.Header().Set("Content-Length", strconv.Itoa(b-a+1))
		w.WriteHeader(http.StatusPartialContent)
		(&countingWriter{ResponseWriter: w, h: h}).Write(content[a : b+1])
		return
	}
	cw := &countingWriter{ResponseWriter: w, h: h, cut: f.CutAfter}
	http.ServeContent(cw, r, "", time.Unix(0, 0), bytes.NewReader(content))
}

// countingWriter counts body bytes and drops the connection after cut
// bytes when cut > 0.
type countingWriter struct {
	http.ResponseWriter
	h   *Hub
	cut int
	n   int
}

func (c *countingWriter) Write(b []byte) (int, error) {
	if c.cut > 0 && c.n+len(b) > c.cut {
		b = b[:c.cut-c.n]
		k, _ := c.ResponseWriter.Write(b)
		c.count(k)
		if f, ok := c.ResponseWriter.(http.Flusher); ok {
			f.Flush()
		}
		panic(http.ErrAbortHandler) // net/http closes the connection mid-body
	}
	total := 0
	for len(b) > 0 {
		part := b[:min(len(b), 32<<10)]
		c.h.throttle(len(part))
		k, err := c.ResponseWriter.Write(part)
		c.count(k)
		total += k
		if err != nil {
			return total, err
		}
		b = b[len(part):]
	}
	return total, nil
}

func (c *countingWriter) count(k int) {
	c.n += k
	c.h.mu.Lock()
	c.h.served += int64(k)
	c.h.mu.Unlock()
}
