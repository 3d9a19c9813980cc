package supervise

import (
	"fmt"
	"strings"

	"github.com/specstress/specstress/kernel/engine"
)

// What a cell is told when the engine process died: one sentence naming
// the failure (the Go runtime's headline, or how the process ended), a few
// words on its usual cause, and the head of the crash report as traceback.

// deathSummary is one sentence on how the child died; when says when, if
// not while the cell ran ("after this cell ended"). Call after p.dead.
func (p *proc) deathSummary(when string) string {
	report, _ := p.log.snapshot()
	p.mu.Lock()
	killedBy := p.killedBy
	p.mu.Unlock()
	var what string
	switch {
	case killedBy != "":
		what = "the kernel stopped its Go process because " + killedBy
	default:
		what = "the kernel's Go process died"
		if when != "" {
			what += " " + when
		}
		if h := headline(report); h != "" {
			what += ": " + h + hint(h)
		} else {
			what += " (" + p.describeExit() + ")"
		}
		what += p.memoryNote(report)
	}
	return what + "; session state was lost, the kernel restarted with a fresh session"
}

// hint says in a few words what usually causes a fatal error.
func hint(headline string) string {
	switch {
	case strings.Contains(headline, "stack overflow"):
		return " (a recursion too deep, or without end)"
	case strings.Contains(headline, "concurrent map"):
		return " (a map used by several goroutines without a lock)"
	case strings.Contains(headline, "all goroutines are asleep"):
		return " (every goroutine is blocked: a deadlock)"
	}
	return ""
}

// memoryNote explains an out-of-memory death against the limit in force.
func (p *proc) memoryNote(report []string) string {
	limit := p.hello.Limit
	oom := strings.Contains(headline(report), "out of memory")
	killed := strings.Contains(p.describeExit(), "signal: killed")
	switch {
	case oom && limit > 0:
		return fmt.Sprintf(" (the cell asked for more memory than the kernel's memory limit of %s allows; raise it with --memory-limit or SPECSTRESS_MEMORY_LIMIT)", FormatBytes(limit))
	case oom:
		return " (the system refused the memory the cell asked for)"
	case killed:
		return " (killed by a signal: the system may have run out of memory)"
	}
	return ""
}

// report is the traceback of a death: the head of the Go runtime's crash
// report, or the last lines the child wrote when there is none.
func (p *proc) report() []string {
	const maxLines = 60
	report, recent := p.log.snapshot()
	lines := report
	if lines == nil {
		lines = recent
	}
	if len(lines) > maxLines {
		n := len(lines) - maxLines
		lines = append(lines[:maxLines:maxLines], fmt.Sprintf("... %d more lines in the kernel's log", n))
	}
	return lines
}

// errorResult is an error result whose traceback starts with the message.
func errorResult(name, msg string, detail []string) engine.Result {
	tb := []string{name + ": " + msg}
	if len(detail) > 0 {
		tb = append(tb, "")
		tb = append(tb, detail...)
	}
	return engine.Result{Error: &engine.Error{Name: name, Value: msg, Traceback: tb}}
}
