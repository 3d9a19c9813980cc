package remote

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Transfer is the state of the bytes in flight: every fetch running in the
// client, summed, since the first of them started.
type Transfer struct {
	Name    string // the file whose fetch started the transfer
	Done    int64
	Total   int64
	Elapsed time.Duration
	Final   bool // all fetches finished (successfully or not)
}

// Rate is the mean transfer rate in bytes per second.
func (t Transfer) Rate() float64 {
	if t.Elapsed <= 0 {
		return 0
	}
	return float64(t.Done) / t.Elapsed.Seconds()
}

// String formats the transfer on one line.
func (t Transfer) String() string {
	return fmt.Sprintf("fetching %s: %s of %s at %s/s", t.Name, humanBytes(t.Done), humanBytes(t.Total), humanBytes(int64(t.Rate())))
}

type progressState struct {
	mu          sync.Mutex
	name        string
	start       time.Time
	done, total int64
	active      int
}

func (c *Client) progStart(name string, n int64) {
	p := &c.prog
	p.mu.Lock()
	if p.active == 0 {
		p.name, p.start, p.done, p.total = name, time.Now(), 0, 0
	}
	p.active++
	p.total += n
	p.mu.Unlock()
}

func (c *Client) progEnd(n int64) {
	p := &c.prog
	p.mu.Lock()
	p.active--
	t := Transfer{Name: p.name, Done: p.done, Total: p.total, Elapsed: time.Since(p.start), Final: p.active == 0}
	p.mu.Unlock()
	if t.Final && c.Progress != nil {
		c.Progress(t)
	}
}

func (c *Client) progAdd(n int) {
	c.fetched.Add(int64(n))
	if c.Progress == nil {
		return
	}
	p := &c.prog
	p.mu.Lock()
	p.done += int64(n)
	t := Transfer{Name: p.name, Done: p.done, Total: p.total, Elapsed: time.Since(p.start)}
	p.mu.Unlock()
	c.Progress(t)
}

// countingReader counts body bytes as they arrive.
type countingReader struct {
	r io.Reader
	c *Client
}

func (cr *countingReader) Read(b []byte) (int, error) {
	n, err := cr.r.Read(b)
	if n > 0 {
		cr.c.progAdd(n)
	}
	return n, err
}

// TerminalProgress returns a Progress function that redraws one line on w
// (with \r) at most every 200ms, only for transfers lasting longer than
// half a second, and ends the line when the transfer finishes.
func TerminalProgress(w io.Writer) func(Transfer) {
	var mu sync.Mutex
	var last time.Time
	drawn := false
	return func(t Transfer) {
		mu.Lock()
		defer mu.Unlock()
		if t.Final {
			if drawn {
				fmt.Fprintf(w, "\r%s\n", t)
			}
			drawn = false
			return
		}
		if t.Elapsed < 500*time.Millisecond || time.Since(last) < 200*time.Millisecond {
			return
		}
		last = time.Now()
		drawn = true
		fmt.Fprintf(w, "\r%s ", t)
	}
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
