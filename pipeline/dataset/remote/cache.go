package remote

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// CacheDir returns the cache directory from the environment:
// SPECSTRESS_CACHE, else $HF_HOME/specstress, else
// $XDG_CACHE_HOME/huggingface/specstress, else
// ~/.cache/huggingface/specstress.
func CacheDir() (string, error) {
	if d := os.Getenv("SPECSTRESS_CACHE"); d != "" {
		return d, nil
	}
	if d := os.Getenv("HF_HOME"); d != "" {
		return filepath.Join(d, "specstress"), nil
	}
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "huggingface", "specstress"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("remote: no cache directory: set SPECSTRESS_CACHE (%w)", err)
	}
	return filepath.Join(home, ".cache", "huggingface", "specstress"), nil
}

// key hashes the parts of a cache key into a file name.
func key(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:40]
}

// span is a half-open byte range [Start, End).
type span struct{ Start, End int64 }

// spans is a sorted set of disjoint, non-adjacent byte ranges.
type spans []span

// add inserts s, merging what it touches.
func (ss spans) add(s span) spans {
	if s.End <= s.Start {
		return ss
	}
	out := make(spans, 0, len(ss)+1)
	for _, x := range ss {
		switch {
		case x.End < s.Start || x.Start > s.End:
			out = append(out, x)
		default:
			s.Start, s.End = min(s.Start, x.Start), max(s.End, x.End)
		}
	}
	out = append(out, s)
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// missing returns the parts of s not covered by the set.
func (ss spans) missing(s span) []span {
	var out []span
	at := s.Start
	for _, x := range ss {
		if x.End <= at {
			continue
		}
		if x.Start >= s.End {
			break
		}
		if x.Start > at {
			out = append(out, span{at, x.Start})
		}
		at = max(at, x.End)
		if at >= s.End {
			return out
		}
	}
	if at < s.End {
		out = append(out, span{at, s.End})
	}
	return out
}

// size is the number of bytes the set covers.
func (ss spans) size() int64 {
	var n int64
	for _, x := range ss {
		n += x.End - x.Start
	}
	return n
}

// blobIndex is the JSON index beside a cached file's sparse data file: the
// version it holds and the ranges present. The data file is written before
// the index names a range, so a crash loses ranges, never trusts holes.
type blobIndex struct {
	Name   string `json:"name"` // the file's URL without credentials or query
	ETag   string `json:"etag,omitempty"`
	Size   int64  `json:"size"`
	Ranges spans  `json:"ranges"`
}

// writeJSON writes v to path atomically (temporary file, rename).
func writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// readJSON reads path into v; a missing file returns fs.ErrNotExist, a
// corrupt one an error naming it.
func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("remote: cache file %s is corrupt (%v); run specstress data cache --clear", path, err)
	}
	return nil
}

// CacheStats describes the cache's content.
type CacheStats struct {
	Dir      string
	Files    int   // cached remote files (whole or partial)
	Bytes    int64 // bytes of file content held
	Listings int   // cached directory listings and URL metadata
}

// Stats walks the cache directory dir.
func Stats(dir string) (CacheStats, error) {
	st := CacheStats{Dir: dir}
	blobs, err := os.ReadDir(filepath.Join(dir, "blobs"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return st, fmt.Errorf("remote: cache %s: %w", dir, err)
	}
	for _, b := range blobs {
		var ix blobIndex
		if err := readJSON(filepath.Join(dir, "blobs", b.Name(), "index.json"), &ix); err != nil {
			continue // a blob whose index was never written holds nothing usable
		}
		st.Files++
		st.Bytes += ix.Ranges.size()
	}
	for _, sub := range []string{"lists", "urls"} {
		es, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return st, fmt.Errorf("remote: cache %s: %w", dir, err)
		}
		for _, e := range es {
			if strings.HasSuffix(e.Name(), ".json") {
				st.Listings++
			}
		}
	}
	return st, nil
}

// Clear removes the cache's content. It refuses a directory that does not
// look like this cache, so a mistyped SPECSTRESS_CACHE cannot empty $HOME.
func Clear(dir string) error {
	es, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("remote: cache %s: %w", dir, err)
	}
	known := map[string]bool{"blobs": true, "lists": true, "urls": true}
	for _, e := range es {
		if !known[e.Name()] && !strings.HasPrefix(e.Name(), ".tmp-") {
			return fmt.Errorf("remote: %s holds %q, which this cache did not write; not clearing it", dir, e.Name())
		}
	}
	for _, e := range es {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return fmt.Errorf("remote: clearing cache %s: %w", dir, err)
		}
	}
	return nil
}
