package llm

import "context"

// CacheMode says how the stack uses the cache.
type CacheMode int

// Cache modes: ReadWrite (default) answers from the cache and records every
// new call; Replay answers only from the cache and fails on a miss (a
// published notebook re-run); Refresh makes every call and overwrites.
const (
	ReadWrite CacheMode = iota
	Replay
	Refresh
)

// Cache is the persistent record of every call, keyed by Request.Key. It
// doubles as record/replay and as the memory of what earlier runs spent.
// It holds requests and responses, never credentials. An implementation
// must have committed a Put before it returns, so a run killed at any
// moment loses no paid call, and must be safe for concurrent use.
// pipeline/llm/sqlitecache is the one the pipeline uses.
type Cache interface {
	// Get returns the recorded response of key, with Cached set; ok is
	// false on a miss. A damaged entry is a miss.
	Get(ctx context.Context, key string) (resp *Response, ok bool, err error)
	// Put records a call under key (batch results carry the key as their
	// custom id; req may then be a stub with only the model and task).
	Put(ctx context.Context, key string, req *Request, resp *Response) error
	// Spent returns the cost of every recorded call.
	Spent(ctx context.Context) (float64, error)
	// Close releases the cache.
	Close() error
}
