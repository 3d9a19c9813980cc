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
// skips them. The file is opened with O_APPEND and each record is one
// write of one whole line, so a line is never written over. A torn last
// line (a kill or a full disk hit mid-write) is cut off on reopen, and
// Recovered says so; a damaged line elsewhere is an error naming it.
//
// Only keys and file offsets stay in memory; records are read back from
// the file when asked for, so a run of millions of responses does not
// hold their texts.
type Journal[T any] struct {
	path string
	mu   sync.Mutex
	w    *os.File // appends (O_APPEND)
	r    *os.File // reads at offsets
	size int64
	at   map[string]span
	keys []string // in first-written order
	torn string   // what reopening cut off, if anything
}

type span struct{ off, n int64 }

// OpenJournal indexes the records of path (if it exists) and opens it for
// appending. key gives a record's identity; a later line with the same key
// replaces an earlier one.
func OpenJournal[T any](path string, key func(T) string) (*Journal[T], error) {
	j := &Journal[T]{path: path, at: map[string]span{}}
	w, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
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
	var bad error // the last line read did not parse
	badLine, badOff := 0, int64(0)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			if len(b) == 0 {
				break
			}
			if bad != nil {
				j.Close()
				return nil, fmt.Errorf("journal %s: line %d is damaged (%v) and is not the last line: repair or remove the file", path, badLine, bad)
			}
			var rec T
			if json.Unmarshal(b, &rec) == nil {
				// A whole record that lacks only its end of line (a
				// record is one JSON object, so no torn prefix of one
				// parses): keep it and end the line.
				if _, err := w.Write([]byte{'\n'}); err != nil {
					j.Close()
					return nil, fmt.Errorf("journal %s: line %d: %w", path, line, err)
				}
				j.index(key(rec), span{off, int64(len(b)) + 1})
				off += int64(len(b)) + 1
				break
			}
			bad, badLine, badOff = errors.New("unterminated"), line, off
			break
		}
		if err != nil {
			j.Close()
			return nil, fmt.Errorf("journal %s: line %d: %w", path, line, err)
		}
		if bad != nil {
			// Only the last line may be torn; damage in the middle means
			// something other than a killed writer changed the file.
			j.Close()
			return nil, fmt.Errorf("journal %s: line %d is damaged (%v) and is not the last line: repair or remove the file", path, badLine, bad)
		}
		var rec T
		if err := json.Unmarshal(b, &rec); err != nil {
			bad, badLine, badOff = err, line, off
			off += int64(len(b))
			continue
		}
		j.index(key(rec), span{off, int64(len(b))})
		off += int64(len(b))
	}
	if bad != nil {
		// A torn last write: cut it off so the next append starts on a
		// fresh line, and say so.
		if err := w.Truncate(badOff); err != nil {
			j.Close()
			return nil, fmt.Errorf("journal %s: truncate torn line %d: %w", path, badLine, err)
		}
		j.torn = fmt.Sprintf("journal %s: cut off a torn last line %d (%v): the result it held will be made again",
			path, badLine, bad)
		off = badOff
	}
	j.size = off
	return j, nil
}

// Recovered describes what opening the journal cut off (a torn last
// line), or is empty.
func (j *Journal[T]) Recovered() string { return j.torn }

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

// Append writes a record as one whole line with one write call, so lines
// never interleave. A failed write (a full disk) is cut back off, so the
// next record does not land on the end of a partial line.
func (j *Journal[T]) Append(k string, r T) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("journal %s: encode: %w", j.path, err)
	}
	b = append(b, '\n')
	j.mu.Lock()
	defer j.mu.Unlock()
	if n, err := j.w.Write(b); err != nil {
		if n > 0 {
			j.w.Truncate(j.size) // best effort; reopening cuts a torn line anyway
		}
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
