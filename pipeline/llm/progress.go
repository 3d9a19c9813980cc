package llm

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// ProgressState is a snapshot of a running stage.
type ProgressState struct {
	Label string
	Done  int // items finished (ok or failed)
	Total int
	Stats Stats // the client stack's counters
}

// String formats the state on one line: a bar, counts, retries, errors, cost.
func (p ProgressState) String() string {
	const width = 24
	filled := 0
	if p.Total > 0 {
		filled = width * p.Done / p.Total
	}
	return fmt.Sprintf("%s [%s%s] %d/%d  calls %d cached %d retries %d errors %d  $%.4f",
		p.Label, strings.Repeat("#", filled), strings.Repeat(".", width-filled), p.Done, p.Total,
		p.Stats.Calls, p.Stats.CacheHits, p.Stats.Retries, p.Stats.Errors, p.Stats.Cost)
}

// Progress receives progress snapshots. A notebook adapts it to an
// updating display; a terminal gets TerminalProgress.
type Progress interface {
	Report(p ProgressState)
}

// ProgressFunc adapts a function to Progress.
type ProgressFunc func(ProgressState)

// Report calls f.
func (f ProgressFunc) Report(p ProgressState) { f(p) }

// TerminalProgress redraws one line on W (with \r), at most every
// Interval, and always for the final state.
type TerminalProgress struct {
	W        io.Writer
	Interval time.Duration
	mu       sync.Mutex
	last     time.Time
}

// Report draws the state if enough time has passed or the stage is done.
func (t *TerminalProgress) Report(p ProgressState) {
	t.mu.Lock()
	defer t.mu.Unlock()
	iv := t.Interval
	if iv == 0 {
		iv = 200 * time.Millisecond
	}
	now := time.Now()
	done := p.Done >= p.Total
	if !done && now.Sub(t.last) < iv {
		return
	}
	t.last = now
	end := ""
	if done {
		end = "\n"
	}
	fmt.Fprintf(t.W, "\r%s%s", p, end)
}

// Bar is an updating progress display; kernel/display's *Progress has
// these methods, so a notebook cell can write
//
//	run.Progress = llm.BarProgress(func(n int, l string) llm.Bar { return display.NewProgress(n, l) })
type Bar interface {
	Set(n int)
	Done()
}

// BarProgress reports through one bar per stage, made by newBar on the
// stage's first report.
func BarProgress(newBar func(total int, label string) Bar) Progress {
	var mu sync.Mutex
	bars := map[string]Bar{}
	return ProgressFunc(func(p ProgressState) {
		mu.Lock()
		defer mu.Unlock()
		b, ok := bars[p.Label]
		if !ok {
			b = newBar(p.Total, p.Label)
			bars[p.Label] = b
		}
		b.Set(p.Done)
		if p.Done >= p.Total {
			b.Done()
		}
	})
}
