package display

import (
	"fmt"
	"html"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// Progress is a progress display that updates in place: a bar in a
// notebook, a \r-redrawn line on a terminal, and a few plain lines when
// output is redirected. Its methods are safe for concurrent use, so worker
// goroutines of a pipeline stage may all call Add.
type Progress struct {
	mu      sync.Mutex
	label   string
	total   int
	done    int
	id      string
	start   time.Time
	last    time.Time // last redraw, to bound the update rate
	lastPct int       // last percentage printed when not on a terminal
	sink    Sink      // nil when printing to a terminal or a plain writer
	w       io.Writer
	tty     bool
	closed  bool
	shown   bool // the sink has the display: later redraws update it
}

// progressMeta is the display metadata key marking progress updates, so
// that a text sink can print a few of them instead of every one.
const progressMeta = "specstress/progress"

// minRedraw bounds how often a progress display is redrawn: many thousands
// of Add calls must not become many thousands of messages.
const minRedraw = 100 * time.Millisecond

// NewProgress starts a progress display for total steps (0 or less when the
// total is unknown) under label, and shows it at zero.
func NewProgress(total int, label string) *Progress {
	current.mu.RLock()
	s := current.sink
	current.mu.RUnlock()
	if _, text := s.(*textSink); s != nil && !text {
		return newProgress(total, label, s, nil, false)
	}
	// With no sink or a text sink (a script), progress is terminal output
	// on stderr, as command-line tools do, rather than a line per update
	// on the script's stdout.
	return newProgress(total, label, nil, os.Stderr, term.IsTerminal(int(os.Stderr.Fd())))
}

// newProgress makes a progress display on a sink, or on w (a terminal when
// tty) when s is nil.
func newProgress(total int, label string, s Sink, w io.Writer, tty bool) *Progress {
	p := &Progress{label: label, total: total, start: time.Now(), id: NewID(), sink: s, w: w, tty: tty, lastPct: -1}
	p.mu.Lock()
	p.redraw(true)
	p.mu.Unlock()
	return p
}

// Add advances the progress by n steps.
func (p *Progress) Add(n int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	p.redraw(false)
}

// Set sets the number of completed steps.
func (p *Progress) Set(n int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done = n
	p.redraw(false)
}

// Done marks the work finished and shows the final state with the elapsed
// time. Later calls do nothing.
func (p *Progress) Done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	if p.total > 0 && p.done < p.total {
		p.done = p.total
	}
	p.redraw(true)
	p.closed = true
	if p.sink == nil && p.tty {
		fmt.Fprintln(p.w)
	}
}

// String is the text form of the current state, e.g.
// "scoring [=======>      ] 56/100 (56%) 3.2s".
func (p *Progress) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.text()
}

func (p *Progress) fraction() float64 {
	if p.total <= 0 {
		return 0
	}
	return min(1, max(0, float64(p.done)/float64(p.total)))
}

func (p *Progress) text() string {
	if p.total <= 0 {
		return p.label + " " + p.status()
	}
	const width = 30
	fill := int(p.fraction() * width)
	bar := strings.Repeat("=", fill)
	if fill < width {
		bar += ">" + strings.Repeat(" ", width-fill-1)
	}
	return fmt.Sprintf("%s [%s] %s", p.label, bar, p.status())
}

// status is the state in numbers: "56/100 (56%) 3.2s", or "56 3.2s" with
// no total.
func (p *Progress) status() string {
	elapsed := time.Since(p.start).Round(100 * time.Millisecond)
	if p.total <= 0 {
		return fmt.Sprintf("%d %s", p.done, elapsed)
	}
	return fmt.Sprintf("%d/%d (%d%%) %s", p.done, p.total, int(p.fraction()*100), elapsed)
}

// html draws the bar once, as a <progress> element, beside the label and
// the numbers (the text form's ASCII bar would draw it a second time).
func (p *Progress) html() string {
	pct := int(p.fraction() * 100)
	bar := fmt.Sprintf("<progress value=\"%d\" max=\"100\" style=\"width:20em\"></progress>", pct)
	if p.total <= 0 {
		bar = "<progress style=\"width:20em\"></progress>"
	}
	return fmt.Sprintf("<div><span>%s</span> %s <span>%s</span></div>",
		html.EscapeString(p.label), bar, html.EscapeString(p.status()))
}

// redraw shows the state unless the last redraw was too recent; force
// redraws regardless (first and last states). Called with p.mu held.
func (p *Progress) redraw(force bool) {
	if p.closed {
		return
	}
	now := time.Now()
	if !force && now.Sub(p.last) < minRedraw {
		return
	}
	p.last = now
	switch {
	case p.sink != nil:
		b := Bundle{"text/html": p.html(), "text/plain": p.text()}
		meta := map[string]any{progressMeta: map[string]any{
			"percent": int(p.fraction() * 100), "final": p.done >= p.total && p.total > 0 || force && p.shown,
		}}
		p.sink.Display(b, meta, p.id, p.shown)
		p.shown = true
	case p.tty:
		fmt.Fprintf(p.w, "\r%s", p.text())
	default:
		// Redirected output: one line per 10% step and at the end.
		pct := int(p.fraction()*100) / 10 * 10
		if force || pct > p.lastPct {
			p.lastPct = pct
			fmt.Fprintln(p.w, p.text())
		}
	}
}
