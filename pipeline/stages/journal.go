package stages

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
)

// Journal is an append-only JSON-lines file of a stage's results: each
// result is written and handed to the OS as soon as it is known, so a run
// killed at any moment keeps every finished result, and a restarted run
// skips them. A torn last line (the kill hit mid-write) is ignored.
type Journal[T any] struct {
	path string
	mu   sync.Mutex
	f    *os.File
	recs map[string]T
	keys []string // in file order
}

// OpenJournal loads the records of path (if it exists) and opens it for
// appending. key gives a record's identity; a later line with the same key
// replaces an earlier one.
func OpenJournal[T any](path string, key func(T) string) (*Journal[T], error) {
	j := &Journal[T]{path: path, recs: map[string]T{}}
	if b, err := os.ReadFile(path); err == nil {
		line := 0
		for len(b) > 0 {
			line++
			nl := bytes.IndexByte(b, '\n')
			if nl < 0 {
				// A torn last write: drop it, and cut it off the file so the
				// next append starts on a fresh line.
				if err := os.Truncate(path, int64(j.size(path)-len(b))); err != nil {
					return nil, fmt.Errorf("journal %s: truncate torn line %d: %w", path, line, err)
				}
				break
			}
			var r T
			if err := json.Unmarshal(b[:nl], &r); err != nil {
				return nil, fmt.Errorf("journal %s: line %d: %w", path, line, err)
			}
			k := key(r)
			if _, dup := j.recs[k]; !dup {
				j.keys = append(j.keys, k)
			}
			j.recs[k] = r
			b = b[nl+1:]
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	j.f = f
	return j, nil
}

func (j *Journal[T]) size(path string) int {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return int(st.Size())
}

// Has reports whether a record with key k is recorded.
func (j *Journal[T]) Has(k string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	_, ok := j.recs[k]
	return ok
}

// Get returns the record with key k.
func (j *Journal[T]) Get(k string) (T, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	r, ok := j.recs[k]
	return r, ok
}

// Len returns the number of distinct records.
func (j *Journal[T]) Len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.keys)
}

// All returns the records in the order they were first written.
func (j *Journal[T]) All() []T {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]T, len(j.keys))
	for i, k := range j.keys {
		out[i] = j.recs[k]
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
	if _, err := j.f.Write(b); err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	if _, dup := j.recs[k]; !dup {
		j.keys = append(j.keys, k)
	}
	j.recs[k] = r
	return nil
}

// Close closes the file.
func (j *Journal[T]) Close() error { return j.f.Close() }
