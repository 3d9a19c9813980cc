package stages

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// Journal is an append-only JSON-lines file of a stage's results: each
// result is written and handed to the OS as soon as it is known, so a run
// killed at any moment keeps every finished result, and a restarted run
// skips them. A torn last line (the kill hit mid-write) is dropped.
//
// Only keys and file offsets stay in memory; records are read back from
// the file when asked for, so a run of millions of responses does not
// hold their texts.
type Journal[T any] struct {
	path string
	mu   sync.Mutex
	w    *os.File // appends
	r    *os.File // reads at offsets
	size int64
	at   map[string]span
	keys []string // in first-written order
}

type span struct{ off, n int64 }

// OpenJournal indexes the records of path (if it exists) and opens it for
// appending. key gives a record's identity; a later line with the same key
// replaces an earlier one.
func OpenJournal[T any](path string, key func(T) string) (*Journal[T], error) {
	j := &Journal[T]{path: path, at: map[string]span{}}
	w, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	r, err := os.Open(path)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	j.w, j.r = w, r
	br := bufio.NewReaderSize(r, 1<<20)
	var off int64
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			if len(b) > 0 {
				// A torn last write: cut it off so the next append starts
				// on a fresh line.
				if err := w.Truncate(off); err != nil {
					j.Close()
					return nil, fmt.Errorf("journal %s: truncate torn line %d: %w", path, line, err)
				}
			}
			break
		}
		if err != nil {
			j.Close()
			return nil, fmt.Errorf("journal %s: line %d: %w", path, line, err)
		}
		var rec T
		if err := json.Unmarshal(b, &rec); err != nil {
			j.Close()
			return nil, fmt.Errorf("journal %s: line %d: %w", path, line, err)
		}
		j.index(key(rec), span{off, int64(len(b))})
		off += int64(len(b))
	}
	j.size = off
	if _, err := w.Seek(off, io.SeekStart); err != nil {
		j.Close()
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	return j, nil
}

func (j *Journal[T]) index(k string, s span) {
	if _, dup := j.at[k]; !dup {
		j.keys = append(j.keys, k)
	}
	j.at[k] = s
}

// Has reports whether a record with key k is recorded.
func (j *Journal[T]) Has(k string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	_, ok := j.at[k]
	return ok
}

// Get reads the record with key k back from the file.
func (j *Journal[T]) Get(k string) (T, bool) {
	var rec T
	j.mu.Lock()
	s, ok := j.at[k]
	j.mu.Unlock()
	if !ok {
		return rec, false
	}
	buf := make([]byte, s.n)
	if _, err := j.r.ReadAt(buf, s.off); err != nil {
		return rec, false
	}
	if err := json.Unmarshal(buf, &rec); err != nil {
		return rec, false
	}
	return rec, true
}

// Len returns the number of distinct records.
func (j *Journal[T]) Len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.keys)
}

// All returns the records in the order they were first written (the
// latest version of each).
func (j *Journal[T]) All() []T {
	j.mu.Lock()
	keys := append([]string(nil), j.keys...)
	j.mu.Unlock()
	out := make([]T, 0, len(keys))
	for _, k := range keys {
		if r, ok := j.Get(k); ok {
			out = append(out, r)
		}
	}
	return out
}

// Append writes a record with one write call (so lines never interleave).
func (j *Journal[T]) Append(k string, r T) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("journal %s: encode: %w", j.path, err)
	}
	b = append(b, '\n')
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := j.w.Write(b); err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	j.index(k, span{j.size, int64(len(b))})
	j.size += int64(len(b))
	return nil
}

// Close closes the file.
func (j *Journal[T]) Close() error {
	return errors.Join(j.w.Close(), j.r.Close())
}
