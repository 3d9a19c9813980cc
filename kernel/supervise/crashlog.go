package supervise

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
)

// Bounds of what a crashLog keeps in memory; the full text always goes on
// to the log writer.
const (
	crashReportLines = 400     // lines kept from the start of a crash report
	crashReportBytes = 1 << 16 // and bytes
	recentLines      = 20      // lines kept from before a crash report
	logReportLines   = 200     // lines of a crash report passed on to the log
	maxLineBytes     = 4096    // longer lines are cut when kept
)

// crashLog watches the child's standard error: it passes it on to the log
// and keeps what the user needs when the child dies, the start of
// the Go runtime's crash report ("fatal error: ...", "panic: ...") and the
// last lines before it. A crash report of a process with many goroutines
// runs to megabytes; its head says what happened.
type crashLog struct {
	mu      sync.Mutex
	w       io.Writer
	partial []byte
	recent  []string
	report  []string
	size    int
	omitted int // crash report lines not passed on to the log
}

func newCrashLog(w io.Writer) *crashLog { return &crashLog{w: w} }

// Write implements io.Writer. Everything goes on to the log except the
// tail of a long crash report: the stacks of hundreds of idle goroutines
// would bury the kernel's log.
func (c *crashLog) Write(p []byte) (int, error) {
	n := len(p)
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(p) > 0 {
		seg, rest, complete := p, []byte(nil), false
		if i := bytes.IndexByte(p, '\n'); i >= 0 {
			seg, rest, complete = p[:i+1], p[i+1:], true
		}
		if c.report != nil && len(c.report) >= logReportLines {
			if complete {
				c.omitted++
			}
		} else if c.w != nil {
			_, _ = c.w.Write(seg) // the log is best effort; the child must not block on it
		}
		line := bytes.TrimSuffix(seg, []byte("\n"))
		if len(c.partial) < maxLineBytes {
			c.partial = append(c.partial, line[:min(len(line), maxLineBytes-len(c.partial))]...)
		}
		if complete {
			c.line(string(c.partial))
			c.partial = c.partial[:0]
		}
		p = rest
	}
	return n, nil
}

// finish notes in the log how much of a crash report it did not show.
func (c *crashLog) finish() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.omitted > 0 && c.w != nil {
		fmt.Fprintf(c.w, "[... %d more lines of the crash report not shown]\n", c.omitted)
		c.omitted = 0
	}
}

func (c *crashLog) line(l string) {
	switch {
	case c.report != nil:
		if len(c.report) < crashReportLines && c.size+len(l) < crashReportBytes {
			c.report = append(c.report, l)
			c.size += len(l)
		}
	case isCrashStart(l):
		c.report = []string{l}
		c.size = len(l)
	default:
		c.recent = append(c.recent, l)
		if len(c.recent) > recentLines {
			c.recent = c.recent[1:]
		}
	}
}

// isCrashStart reports whether a line of standard error begins a crash
// report of the Go runtime.
func isCrashStart(l string) bool {
	for _, p := range []string{"fatal error: ", "panic: ", "runtime: goroutine stack exceeds", "runtime: out of memory",
		"unexpected signal during runtime execution", "SIGSEGV: ", "SIGBUS: ", "SIGABRT: ", "SIGILL: ", "SIGFPE: "} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// snapshot returns the crash report (nil if none was seen) and the lines
// before it, including an unfinished last line.
func (c *crashLog) snapshot() (report, recent []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	recent = append([]string(nil), c.recent...)
	report = append([]string(nil), c.report...)
	if len(c.partial) > 0 {
		if c.report != nil {
			report = append(report, string(c.partial))
		} else {
			recent = append(recent, string(c.partial))
		}
	}
	if c.report == nil && len(report) == 0 {
		report = nil
	}
	return report, recent
}

// headline picks the line that names the failure: "fatal error: ..." over
// "panic: ...", over the report's first line.
func headline(report []string) string {
	for _, prefix := range []string{"fatal error: ", "panic: "} {
		for _, l := range report {
			if strings.HasPrefix(l, prefix) {
				return strings.TrimSpace(l)
			}
		}
	}
	if len(report) > 0 {
		return strings.TrimSpace(report[0])
	}
	return ""
}
