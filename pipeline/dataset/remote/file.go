package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// Tuning of range fetches.
const (
	tailSize    = 64 << 10 // the first request of a file: its last 64 KiB (the parquet footer)
	coalesceGap = 4 << 10  // ranges closer than this are fetched in one request
	maxRequest  = 8 << 20  // longer ranges are split, so they travel in parallel
	maxWhole    = 4 << 20  // a 200 answer to a Range request is read only up to this size
)

// File is a remote file read by byte ranges through the cache. It is safe
// for concurrent use.
type File struct {
	c    *Client
	name string // hf://...@rev/path or the URL, for messages
	url  string // where ranges are requested
	size int64
	dir  string // the blob directory in the cache

	mu   sync.Mutex
	ix   blobIndex
	data *os.File
}

// urlMeta is the cached size and ETag of a plain URL.
type urlMeta struct {
	Name    string    `json:"name"`
	ETag    string    `json:"etag"`
	Size    int64     `json:"size"`
	Fetched time.Time `json:"fetched"`
}

// ErrChanged reports a file whose version changed on the server while it
// was being read: its bytes would mix two versions.
var ErrChanged = errors.New("file changed on the server while being read")

// Open opens a remote file. The last 64 KiB (where parquet keeps its
// footer) are fetched unless cached; a file listed before, or cached with
// fresh metadata, opens with no request.
func (c *Client) Open(ctx context.Context, name string) (*File, error) {
	c.init()
	f := &File{c: c, name: name}
	var blobKey string
	if strings.HasPrefix(name, "hf://") {
		h, err := parseHub(name)
		if err != nil {
			return nil, err
		}
		f.name = h.String()
		c.mu.Lock()
		meta, ok := c.files[f.name]
		c.mu.Unlock()
		if !ok {
			if _, err := c.List(ctx, name); err != nil {
				return nil, err
			}
			c.mu.Lock()
			meta, ok = c.files[f.name]
			c.mu.Unlock()
			if !ok {
				return nil, fmt.Errorf("%s: not found in the repository listing", f.name)
			}
		}
		f.url, f.size = h.resolveURL(c.Endpoint), meta.Size
		blobKey = key("hub", c.Endpoint, h.Repo, h.Path, meta.Version)
	} else {
		f.url = name
		metaFile := filepath.Join(c.CacheDir, "urls", key(name)+".json")
		var m urlMeta
		err := readJSON(metaFile, &m)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		fresh := err == nil && (c.Offline || time.Since(m.Fetched) < c.MetadataTTL)
		if !fresh {
			if c.Offline {
				return nil, fmt.Errorf("%s: size and ETag %w (cache %s)", redact(name), ErrOffline, c.CacheDir)
			}
			tail, etag, size, err := f.fetchTail(ctx)
			if err != nil {
				return nil, err
			}
			m = urlMeta{Name: redact(name), ETag: etag, Size: size, Fetched: time.Now()}
			f.size = size
			if err := f.openBlob(key("url", name, etag)); err != nil {
				return nil, err
			}
			f.ix.ETag = etag
			if err := f.store(size-int64(len(tail)), tail); err != nil {
				return nil, err
			}
			if err := writeJSON(metaFile, m); err != nil {
				return nil, fmt.Errorf("remote: writing cache %s: %w", c.CacheDir, err)
			}
			return f, nil
		}
		f.size = m.Size
		blobKey = key("url", name, m.ETag)
	}
	if err := f.openBlob(blobKey); err != nil {
		return nil, err
	}
	if err := f.ensure(ctx, []span{{max(f.size-tailSize, 0), f.size}}); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// openBlob opens (creating) the cache entry of the file's version.
func (f *File) openBlob(k string) error {
	f.dir = filepath.Join(f.c.CacheDir, "blobs", k)
	if err := os.MkdirAll(f.dir, 0o755); err != nil {
		return fmt.Errorf("remote: cache %s: %w", f.c.CacheDir, err)
	}
	err := readJSON(filepath.Join(f.dir, "index.json"), &f.ix)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		f.ix = blobIndex{Name: redact(f.name), Size: f.size}
	case err != nil:
		return err
	case f.ix.Size != f.size:
		// The same version with another size is a corrupt entry: start over.
		f.ix = blobIndex{Name: redact(f.name), Size: f.size}
	}
	d, err := os.OpenFile(filepath.Join(f.dir, "data"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("remote: cache %s: %w", f.c.CacheDir, err)
	}
	f.data = d
	return nil
}

// Name is the file's location (an hf:// path with its revision, or the URL).
func (f *File) Name() string { return f.name }

// Size is the file's length in bytes.
func (f *File) Size() int64 { return f.size }

// Cached returns how many of the file's bytes are in the cache.
func (f *File) Cached() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ix.Ranges.size()
}

// Close releases the cache file handle.
func (f *File) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.data == nil {
		return nil
	}
	err := f.data.Close()
	f.data = nil
	return err
}

// ReadAt reads from the cache, first fetching the missing parts of the
// range (at least MinFetch bytes each, as readers ask in small pieces).
func (f *File) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("%s: negative offset %d", f.name, off)
	}
	if off >= f.size {
		return 0, io.EOF
	}
	end := min(off+int64(len(p)), f.size)
	f.mu.Lock()
	miss := f.ix.Ranges.missing(span{off, end})
	f.mu.Unlock()
	for i := range miss {
		miss[i].End = min(max(miss[i].End, miss[i].Start+f.c.MinFetch), f.size)
	}
	if err := f.ensure(context.Background(), miss); err != nil {
		return 0, err
	}
	f.mu.Lock()
	d := f.data
	f.mu.Unlock()
	if d == nil {
		return 0, fmt.Errorf("%s: read after Close", f.name)
	}
	n, err := d.ReadAt(p[:end-off], off)
	if err != nil {
		return n, fmt.Errorf("%s: reading cache %s: %w", f.name, f.dir, err)
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// Range is a byte range of a file: Len bytes from Off.
type Range struct{ Off, Len int64 }

// Prefetch fetches the ranges not yet cached: ranges closer than 4 KiB
// travel in one request, long ones are split, and requests run in
// parallel (bounded per host by Client.PerHost).
func (f *File) Prefetch(ctx context.Context, rs []Range) error {
	ss := make([]span, 0, len(rs))
	for _, r := range rs {
		if r.Off < 0 || r.Len < 0 || r.Off+r.Len > f.size {
			return fmt.Errorf("%s: range %d+%d outside the file (%d bytes)", f.name, r.Off, r.Len, f.size)
		}
		ss = append(ss, span{r.Off, r.Off + r.Len})
	}
	return f.ensure(ctx, ss)
}

// ensure fetches what of the spans is missing from the cache.
func (f *File) ensure(ctx context.Context, want []span) error {
	var set spans
	for _, s := range want {
		set = set.add(s)
	}
	f.mu.Lock()
	var miss []span
	for _, s := range set {
		miss = append(miss, f.ix.Ranges.missing(s)...)
	}
	f.mu.Unlock()
	if len(miss) == 0 {
		return nil
	}
	reqs := plan(miss)
	if f.c.Offline {
		return fmt.Errorf("%s: bytes %d-%d %w (cache %s)", f.name, reqs[0].Start, reqs[0].End-1, ErrOffline, f.c.CacheDir)
	}
	var total int64
	for _, r := range reqs {
		total += r.End - r.Start
	}
	f.c.progStart(f.name, total)
	defer f.c.progEnd(total)
	g, ctx := errgroup.WithContext(ctx)
	for _, r := range reqs {
		g.Go(func() error { return f.fetch(ctx, r) })
	}
	return g.Wait()
}

// plan coalesces sorted missing spans closer than coalesceGap and splits
// the results into requests of at most maxRequest bytes.
func plan(miss []span) []span {
	var merged []span
	for _, s := range miss {
		if n := len(merged); n > 0 && s.Start-merged[n-1].End <= coalesceGap {
			merged[n-1].End = max(merged[n-1].End, s.End)
			continue
		}
		merged = append(merged, s)
	}
	var out []span
	for _, s := range merged {
		for s.End-s.Start > maxRequest {
			out = append(out, span{s.Start, s.Start + maxRequest})
			s.Start += maxRequest
		}
		out = append(out, s)
	}
	return out
}

// fetch requests one span and stores it.
func (f *File) fetch(ctx context.Context, s span) error {
	hdr := http.Header{"Range": {fmt.Sprintf("bytes=%d-%d", s.Start, s.End-1)}}
	return f.c.do(ctx, f.url, hdr, func(r *http.Response) error {
		switch r.StatusCode {
		case http.StatusPartialContent:
			start, end, total, err := parseContentRange(r.Header.Get("Content-Range"))
			if err != nil {
				return fmt.Errorf("%s: %w", f.name, err)
			}
			if total >= 0 && total != f.size {
				return f.changed(fmt.Sprintf("size was %d bytes, the server now says %d", f.size, total))
			}
			if start > s.Start || end < s.End || end > f.size {
				return fmt.Errorf("%s: asked for bytes %d-%d, the server sent %d-%d", f.name, s.Start, s.End-1, start, end-1)
			}
			if err := f.checkETag(r); err != nil {
				return err
			}
			buf, err := f.readBody(r, end-start)
			if err != nil {
				return err
			}
			return f.store(start, buf)
		case http.StatusOK:
			// The server ignored Range (some do for every request, some
			// for multi-range ones): take the body when the file is small.
			if f.size > maxWhole || r.ContentLength > maxWhole {
				return fmt.Errorf("%s: the server ignores Range requests and would send the whole file (%d bytes); not downloading it", f.name, f.size)
			}
			if err := f.checkETag(r); err != nil {
				return err
			}
			buf, err := f.readBody(r, f.size)
			if err != nil {
				return err
			}
			return f.store(0, buf)
		case http.StatusRequestedRangeNotSatisfiable:
			return f.changed(fmt.Sprintf("bytes %d-%d are beyond its end now (HTTP 416)", s.Start, s.End-1))
		}
		return &statusError{redact(f.url), r.StatusCode, bodyText(r.Body)}
	})
}

// fetchTail requests the last tailSize bytes of a URL of unknown size; the
// answer tells the size and the ETag.
func (f *File) fetchTail(ctx context.Context) (tail []byte, etag string, size int64, err error) {
	hdr := http.Header{"Range": {fmt.Sprintf("bytes=-%d", tailSize)}}
	err = f.c.do(ctx, f.url, hdr, func(r *http.Response) error {
		etag = r.Header.Get("ETag")
		switch r.StatusCode {
		case http.StatusPartialContent:
			start, end, total, err := parseContentRange(r.Header.Get("Content-Range"))
			if err != nil {
				return fmt.Errorf("%s: %w", redact(f.url), err)
			}
			if total < 0 || end != total {
				return fmt.Errorf("%s: asked for the last %d bytes, the server sent %d-%d of %d", redact(f.url), tailSize, start, end-1, total)
			}
			size = total
			tail, err = f.readBody(r, end-start)
			return err
		case http.StatusOK:
			if r.ContentLength < 0 || r.ContentLength > maxWhole {
				return fmt.Errorf("%s: the server ignores Range requests (a %d-byte answer to a request for the last %d bytes); not downloading the whole file", redact(f.url), r.ContentLength, tailSize)
			}
			size = r.ContentLength
			tail, err = f.readBody(r, size)
			return err
		}
		return &statusError{redact(f.url), r.StatusCode, bodyText(r.Body)}
	})
	return tail, etag, size, err
}

// readBody reads exactly n bytes; a short body is retried, a long one is
// an error.
func (f *File) readBody(r *http.Response, n int64) ([]byte, error) {
	if r.ContentLength >= 0 && r.ContentLength != n {
		return nil, fmt.Errorf("%s: response declares %d bytes for a %d-byte range", f.name, r.ContentLength, n)
	}
	buf := make([]byte, n)
	got, err := io.ReadFull(&countingReader{r.Body, f.c}, buf)
	if err != nil {
		return nil, fmt.Errorf("%s: response cut after %d of %d bytes (%v): %w", f.name, got, n, err, errRetry)
	}
	var one [1]byte
	if k, _ := r.Body.Read(one[:]); k > 0 {
		return nil, fmt.Errorf("%s: response longer than the %d bytes asked for", f.name, n)
	}
	return buf, nil
}

// checkETag compares the response's ETag with the version being read.
func (f *File) checkETag(r *http.Response) error {
	etag := r.Header.Get("ETag")
	if etag == "" {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ix.ETag == "" {
		f.ix.ETag = etag
		return nil
	}
	if f.ix.ETag != etag {
		return f.changed(fmt.Sprintf("ETag %s, now %s", f.ix.ETag, etag))
	}
	return nil
}

// changed reports a new version on the server. The cached listings and
// URL metadata are dropped so that opening again reads the new version.
func (f *File) changed(detail string) error {
	os.RemoveAll(filepath.Join(f.c.CacheDir, "lists"))
	os.RemoveAll(filepath.Join(f.c.CacheDir, "urls"))
	return fmt.Errorf("%s: %w (%s); open it again", f.name, ErrChanged, detail)
}

// store writes fetched bytes to the cache's data file, then records them
// in the index.
func (f *File) store(off int64, b []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.data == nil {
		return fmt.Errorf("%s: fetch after Close", f.name)
	}
	if _, err := f.data.WriteAt(b, off); err != nil {
		return fmt.Errorf("remote: writing cache %s: %w", f.dir, err)
	}
	f.ix.Ranges = f.ix.Ranges.add(span{off, off + int64(len(b))})
	if err := writeJSON(filepath.Join(f.dir, "index.json"), f.ix); err != nil {
		return fmt.Errorf("remote: writing cache %s: %w", f.dir, err)
	}
	return nil
}

// parseContentRange parses "bytes START-END/TOTAL" (TOTAL may be "*",
// returned as -1) into a half-open range.
func parseContentRange(h string) (start, end, total int64, err error) {
	bad := fmt.Errorf("malformed Content-Range %q", h)
	rest, ok := strings.CutPrefix(h, "bytes ")
	if !ok {
		return 0, 0, 0, bad
	}
	rng, tot, ok := strings.Cut(rest, "/")
	a, b, ok2 := strings.Cut(rng, "-")
	if !ok || !ok2 {
		return 0, 0, 0, bad
	}
	if start, err = strconv.ParseInt(a, 10, 64); err != nil {
		return 0, 0, 0, bad
	}
	if end, err = strconv.ParseInt(b, 10, 64); err != nil || end < start {
		return 0, 0, 0, bad
	}
	total = -1
	if tot != "*" {
		if total, err = strconv.ParseInt(tot, 10, 64); err != nil || total <= end {
			return 0, 0, 0, bad
		}
	}
	return start, end + 1, total, nil
}
