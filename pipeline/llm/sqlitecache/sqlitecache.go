// Package sqlitecache is the persistent response cache of pipeline/llm
// in a SQLite file (the pure-Go modernc.org/sqlite driver): every call a
// run makes, keyed by llm.Request.Key, which doubles as record/replay
// and as the record of what earlier runs spent.
package sqlitecache

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"

	"github.com/specstress/specstress/pipeline/llm"
)

// Cache is the persistent record of every call, keyed by Request.Key, in a
// SQLite file. It holds requests and responses, never credentials. Each
// Put is committed before the caller sees the answer, so a run killed at
// any moment loses no paid call.
type Cache struct {
	db   *sql.DB
	path string
	wmu  sync.Mutex // one writer at a time: SQLite serialises them anyway, this avoids SQLITE_BUSY
	get  *sql.Stmt
	put  *sql.Stmt
}

// Cache implements llm.Cache.
var _ llm.Cache = (*Cache)(nil)

// Open opens or creates the cache database at path.
func Open(path string) (*Cache, error) {
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open cache %s: %w", path, err)
	}
	const schema = `CREATE TABLE IF NOT EXISTS calls (
		key TEXT PRIMARY KEY,
		model TEXT NOT NULL,
		task TEXT NOT NULL,
		request TEXT NOT NULL,
		response TEXT NOT NULL,
		input_tokens INTEGER NOT NULL,
		output_tokens INTEGER NOT NULL,
		cost REAL NOT NULL,
		created TEXT NOT NULL)`
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open cache %s: create table: %w", path, err)
	}
	c := &Cache{db: db, path: path}
	if c.get, err = db.Prepare(`SELECT response FROM calls WHERE key = ?`); err == nil {
		c.put, err = db.Prepare(`INSERT OR REPLACE INTO calls VALUES (?,?,?,?,?,?,?,?,?)`)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open cache %s: %w", path, err)
	}
	return c, nil
}

// Close closes the database.
func (c *Cache) Close() error { return c.db.Close() }

// Get returns the cached response of key.
func (c *Cache) Get(ctx context.Context, key string) (*llm.Response, bool, error) {
	var raw []byte
	err := c.get.QueryRowContext(ctx, key).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("cache %s: get %s: %w", c.path, key[:12], err)
	}
	var r llm.Response
	if err := json.Unmarshal(raw, &r); err != nil {
		// A damaged entry is a miss: the call is made again and overwrites it.
		return nil, false, nil
	}
	r.Cached = true
	return &r, true, nil
}

// Put records a call under its key (batch results carry the key as their
// custom id; req may then be a stub with only the model).
func (c *Cache) Put(ctx context.Context, key string, req *llm.Request, resp *llm.Response) error {
	rq, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("cache %s: encode request: %w", c.path, err)
	}
	rs, err := json.Marshal(resp)
	if err != nil {
		return fmt.Errorf("cache %s: encode response: %w", c.path, err)
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_, err = c.put.ExecContext(context.WithoutCancel(ctx), key, req.Model, req.Task, rq, rs,
		resp.Usage.Input, resp.Usage.Output, resp.Cost, time.Now().UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("cache %s: put: %w", c.path, err)
	}
	return nil
}

// Len returns the number of recorded calls.
func (c *Cache) Len(ctx context.Context) (int, error) {
	var n int
	err := c.db.QueryRowContext(ctx, `SELECT count(*) FROM calls`).Scan(&n)
	return n, err
}

// Spent returns the recorded cost of all calls in the cache: what a run
// that uses this cache has paid so far, across restarts.
func (c *Cache) Spent(ctx context.Context) (float64, error) {
	var s sql.NullFloat64
	err := c.db.QueryRowContext(ctx, `SELECT sum(cost) FROM calls`).Scan(&s)
	return s.Float64, err
}

// Requests returns the JSON of every recorded request (for audits and
// tests: which calls a run has made).
func (c *Cache) Requests(ctx context.Context) ([]json.RawMessage, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT request FROM calls`)
	if err != nil {
		return nil, fmt.Errorf("cache %s: %w", c.path, err)
	}
	defer rows.Close()
	var out []json.RawMessage
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, fmt.Errorf("cache %s: %w", c.path, err)
		}
		out = append(out, json.RawMessage(b))
	}
	return out, rows.Err()
}
