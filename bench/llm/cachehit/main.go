// Command cachehit measures replaying recorded LLM calls from the SQLite
// cache of pipeline/llm, one fresh process per sample, so that
// bench/llm/cachehit.sh can interleave it with the same lookups done by
// Python's sqlite3 module (bench/llm/cachehit.py) on the same file.
//
//	cachehit -db FILE -write N     records N calls (prompt i -> "answer i")
//	cachehit -db FILE -mode M -n N -lookups L [-callers C]
//
// Modes:
//
//	stack  llm.Stack.Complete in Replay mode: the request built, its key
//	       hashed, the row read, the response decoded (what a replayed
//	       notebook does per call);
//	sql    the storage floor of the same driver: database/sql with
//	       modernc.org/sqlite, the key precomputed, one prepared SELECT
//	       per key, the response column read as bytes and not decoded.
//
// Each run first looks up every key once (untimed, to warm SQLite's page
// cache as the Python side does), then times L lookups of keys i mod N
// with C concurrent callers. It prints one line:
//
//	<mode> <callers> <lookups> <wall µs per lookup> <CPU µs per lookup> <hits> <bytes>
//
// hits and bytes are those of the untimed pass (every key once): bytes is
// the total length of the decoded answer texts (stack) or of the stored
// response JSON (sql), so the driver can check that the Python side read
// the same rows.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/llm/sqlitecache"
)

// model is the model of every recorded call; the key covers it.
const model = "openai:gpt-4.1"

func main() {
	db := flag.String("db", "", "cache file (required)")
	write := flag.Int("write", 0, "record this many calls into -db and exit")
	mode := flag.String("mode", "stack", "stack or sql")
	n := flag.Int("n", 10000, "number of recorded calls to look up")
	lookups := flag.Int("lookups", 20000, "timed lookups")
	callers := flag.Int("callers", 1, "concurrent callers")
	flag.Parse()
	if *db == "" {
		fail(fmt.Errorf("-db is required"))
	}
	var err error
	switch {
	case *write > 0:
		err = record(*db, *write)
	case *mode == "stack":
		err = replayStack(*db, *n, *lookups, *callers)
	case *mode == "sql":
		err = replaySQL(*db, *n, *lookups, *callers)
	default:
		err = fmt.Errorf("unknown -mode %q (want stack or sql)", *mode)
	}
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "cachehit:", err)
	os.Exit(1)
}

func prompt(i int) *llm.Request { return llm.Text(model, "", fmt.Sprint("prompt ", i)) }

// record writes n calls through the cache's own Put, as a run records them.
func record(path string, n int) error {
	c, err := sqlitecache.Open(path)
	if err != nil {
		return err
	}
	defer c.Close()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		req := prompt(i)
		resp := &llm.Response{Text: fmt.Sprint("answer ", i), Model: "gpt-4.1", Stop: "stop",
			Usage: llm.Usage{Input: 12, Output: 3}, Cost: 0.0000480}
		if err := c.Put(ctx, req.Key(), req, resp); err != nil {
			return err
		}
	}
	got, err := c.Len(ctx)
	if err != nil {
		return err
	}
	if got != n {
		return fmt.Errorf("%s holds %d calls after recording %d (not a fresh file?)", path, got, n)
	}
	return nil
}

// tally is what a run read: hits and the total length of the answers.
type tally struct{ hits, chars atomic.Int64 }

func replayStack(path string, n, lookups, callers int) error {
	c, err := sqlitecache.Open(path)
	if err != nil {
		return err
	}
	defer c.Close()
	s, err := llm.New(llm.Options{Cache: c, CacheMode: llm.Replay, Getenv: func(string) string { return "" }})
	if err != nil {
		return err
	}
	ctx := context.Background()
	get := func(i int, t *tally) error {
		r, err := s.Complete(ctx, prompt(i))
		if err != nil {
			return err
		}
		if !r.Cached {
			return fmt.Errorf("prompt %d: answer not from the cache", i)
		}
		t.hits.Add(1)
		t.chars.Add(int64(len(r.Text)))
		return nil
	}
	return timed("stack", n, lookups, callers, get)
}

func replaySQL(path string, n, lookups, callers int) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
	if err != nil {
		return err
	}
	defer db.Close()
	stmt, err := db.Prepare(`SELECT response FROM calls WHERE key = ?`)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	keys := make([]string, n)
	for i := range keys {
		keys[i] = prompt(i).Key()
	}
	get := func(i int, t *tally) error {
		var raw []byte
		if err := stmt.QueryRow(keys[i]).Scan(&raw); err != nil {
			return fmt.Errorf("prompt %d: %w", i, err)
		}
		t.hits.Add(1)
		t.chars.Add(int64(len(raw))) // the stored JSON, not decoded
		return nil
	}
	return timed("sql", n, lookups, callers, get)
}

// timed runs one untimed pass over all n keys, then lookups timed lookups
// of keys i mod n spread over callers goroutines, and prints the result
// line. The sums printed are those of the untimed pass (every key once).
func timed(mode string, n, lookups, callers int, get func(int, *tally) error) error {
	var warm tally
	for i := 0; i < n; i++ {
		if err := get(i, &warm); err != nil {
			return err
		}
	}
	var next atomic.Int64
	var run tally
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	cpu0 := cpuTime()
	t0 := time.Now()
	for c := 0; c < callers; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= lookups {
					return
				}
				if err := get(i%n, &run); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	wall := time.Since(t0)
	cpu := cpuTime() - cpu0
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	if run.hits.Load() != int64(lookups) {
		return fmt.Errorf("%d hits of %d lookups", run.hits.Load(), lookups)
	}
	fmt.Printf("%s %d %d %.3f %.3f %d %d\n", mode, callers, lookups,
		float64(wall.Nanoseconds())/1e3/float64(lookups), float64(cpu)/1e3/float64(lookups),
		warm.hits.Load(), warm.chars.Load())
	return nil
}

// cpuTime is the process's user+system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
