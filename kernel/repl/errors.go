package repl

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"

	"github.com/specstress/specstress/kernel/engine"
	"github.com/specstress/specstress/kernel/repl/internal/yaegifix"
)

// Every source the engine feeds yaegi starts with a line directive that
// places it in its cell, so yaegi's compile errors and panic lines carry cell
// positions, even for code defined in an earlier cell. yaegi scopes imports
// by file name, so the directive must keep yaegi's file name "_.go"; the run
// number is encoded in the line instead: line = run*linesPerRun + line in
// cell. Run numbers wrap after maxRuns (positions stay below the scanner's
// limit of 2^30).
const (
	linesPerRun = 10000
	maxRuns     = 100000
)

// encodeLine returns the directive line of line in run seq.
func encodeLine(seq, line int) int {
	s := seq % maxRuns
	if s == 0 {
		s = maxRuns
	}
	return s*linesPerRun + min(max(line, 1), linesPerRun-1)
}

// decodeLine splits a directive line into run (modulo maxRuns) and line; ok
// is false for positions outside any cell (the engine's own wrappers).
func decodeLine(l int) (seq, line int, ok bool) {
	if l < linesPerRun {
		return 0, 0, false
	}
	return l / linesPerRun, l % linesPerRun, true
}

// sameRun reports whether a decoded run number is run seq.
func sameRun(decoded, seq int) bool {
	s := seq % maxRuns
	if s == 0 {
		s = maxRuns
	}
	return decoded == s
}

// directive returns the line directive for text starting at line:col of run seq.
func directive(seq, line, col int) string {
	return fmt.Sprintf("/*line _.go:%d:%d*/", encodeLine(seq, line), col)
}

// directiveText is a position as yaegi prints it, for the engine's own errors.
func directiveText(seq, line, col int) string {
	return fmt.Sprintf("%d:%d", encodeLine(seq, line), col)
}

var cellPos = lazyRegexp(`(?:_\.go:)?\b(\d{5,}):(\d+)\b`)

// mapPositions rewrites encoded positions in msg for a reader of run seq:
// "line L:C" in that run, "line L:C of run #N" elsewhere.
func mapPositions(msg string, seq int) string {
	return cellPos().ReplaceAllStringFunc(msg, func(m string) string {
		s := cellPos().FindStringSubmatch(m)
		l, _ := strconv.Atoi(s[1])
		run, line, ok := decodeLine(l)
		if !ok {
			return m
		}
		if sameRun(run, seq) {
			return fmt.Sprintf("line %d:%s", line, s[2])
		}
		return fmt.Sprintf("line %d:%s of run #%d", line, s[2], run)
	})
}

// errorLine returns the first position of run seq in msg, or 0, 0.
func errorLine(msg string, seq int) (line, col int) {
	for _, s := range cellPos().FindAllStringSubmatch(msg, -1) {
		l, _ := strconv.Atoi(s[1])
		if run, line, ok := decodeLine(l); ok && sameRun(run, seq) {
			c, _ := strconv.Atoi(s[2])
			return line, c
		}
	}
	return 0, 0
}

// session is what cellError asks the engine about names.
type session interface {
	isImported(name string) bool
	globalValue(name string) (reflect.Value, bool)
}

// globalValue returns the session variable name; the caller holds e.exec.
func (e *Engine) globalValue(name string) (reflect.Value, bool) {
	v, ok := e.interp().Globals()[name]
	return v, ok && v.IsValid()
}

// isImported reports whether name is a package imported in the session.
func (e *Engine) isImported(name string) bool {
	e.mu.RLock()
	defer e.mu.RUnlock()
	_, ok := e.imports[name]
	return ok
}

// internalError is a panic of yaegi itself while compiling, recovered.
type internalError struct{ value any }

func (e internalError) Error() string { return fmt.Sprint(e.value) }

// exitPanic matches the panic value of os.Exit in yaegi's restricted mode.
var exitPanic = lazyRegexp(`^os\.Exit\((-?\d+)\)$`)

// ExitStatus reports whether a cell's error is a call of os.Exit (which the
// engine turns into an error so the kernel survives) and with which code.
// The script runner uses it to exit with the script's code.
func ExitStatus(e *engine.Error) (code int, ok bool) {
	if e == nil || e.Name != "Exit" {
		return 0, false
	}
	code, err := strconv.Atoi(strings.TrimPrefix(e.Value, "exit status "))
	return code, err == nil
}

// cellError turns an error of run seq into the protocol's error fields.
// src is the cell's text, used to quote the offending line; panics holds the
// "panic:" lines yaegi wrote while the panic unwound, innermost first.
// sess answers questions about names at the time of the error.
func cellError(err error, seq int, src string, panics []string, sess session) *engine.Error {
	var p interp.Panic
	var ie internalError
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return &engine.Error{Name: "Interrupted", Value: "execution interrupted",
			Traceback: []string{"Interrupted: execution interrupted"}}
	case errors.As(err, &p):
		msg := fmt.Sprint(p.Value)
		if m := exitPanic().FindStringSubmatch(msg); m != nil {
			v := "exit status " + m[1]
			return &engine.Error{Name: "Exit", Value: v,
				Traceback: []string{"Exit: os.Exit(" + m[1] + ") called; the kernel keeps running"}}
		}
		msg, kind, pline, pcol := goPanic(msg, seq)
		tb := []string{"panic: " + msg}
		panics = userFrames(panics, seq, src)
		panics = placeInnermost(panics, seq, src, kind, sess.isImported)
		tb = append(tb, frames(panics, seq)...)
		line, col := firstCellLine(panics, seq)
		if line == 0 {
			line, col = pline, pcol
		}
		if line == 0 {
			// No frame inside the cell: the panic came from the cell's own
			// statements, which yaegi does not locate.
			if lines, c, at := panicLines(src, kind, sess.isImported); len(lines) == 1 {
				line, col = lines[0], c
				if kind == panicIndex {
					msg += indexDetail(at, sess.globalValue)
					tb[0] = "panic: " + msg
				}
			} else if len(lines) > 1 {
				tb = append(tb, "    at "+linesText(lines))
			}
		}
		if line > 0 {
			if len(tb) == 1 {
				tb = append(tb, fmt.Sprintf("    at line %d", line))
			}
			tb = append(tb, quote(src, line, col)...)
		}
		return &engine.Error{Name: "panic", Value: msg, Traceback: tb}
	case errors.As(err, &ie):
		msg := fmt.Sprintf("the interpreter (yaegi) crashed compiling this code: %v", ie.value)
		if hint := yaegifix.IteratorHint("", src); hint != "" {
			return &engine.Error{Name: "InterpreterLimit", Value: hint, Traceback: []string{"InterpreterLimit: " + hint}}
		}
		return &engine.Error{Name: "InternalError", Value: msg, Traceback: []string{"InternalError: " + msg}}
	}
	name := "CompileError"
	var le limitError
	if errors.As(err, &le) {
		name = "InterpreterLimit"
	}
	if name == "CompileError" {
		if msg, line, col, ok := programSyntaxError(src); ok {
			return &engine.Error{Name: name, Value: msg, Traceback: append([]string{name + ": " + msg}, quote(src, line, col)...)}
		}
	}
	raw := pastEnd(err.Error(), src, seq)
	msg := mapPositions(raw, seq)
	if hint := yaegifix.IteratorHint(msg, src); hint != "" {
		name, msg = "InterpreterLimit", msg+": "+hint
	}
	tb := []string{name + ": " + msg}
	if line, col := errorLine(raw, seq); line > 0 {
		tb = append(tb, quote(src, line, col)...)
	}
	return &engine.Error{Name: name, Value: msg, Traceback: tb}
}

// panicFrame splits a yaegi panic line into position and function.
var panicFrame = lazyRegexp(`^(\S+): panic: (.*?)(\(\.\.\.\))?$`)

// frames formats yaegi's panic lines as traceback frames, innermost first,
// skipping the engine's own wrapper (a position outside any cell).
func frames(panics []string, seq int) []string {
	var out []string
	for _, l := range panics {
		m := panicFrame().FindStringSubmatch(l)
		if m == nil {
			continue
		}
		if l := cellPos().FindStringSubmatch(m[1]); l == nil {
			continue
		} else if n, _ := strconv.Atoi(l[1]); n < linesPerRun {
			continue
		}
		fn := m[2]
		switch {
		case fn == "main":
			fn = "cell"
		case fn == "main."+mainName:
			fn = "main"
		case strings.HasPrefix(fn, "main."):
			fn = strings.TrimPrefix(fn, "main.")
		}
		if fn == "func" {
			fn = "func literal"
		}
		out = append(out, fmt.Sprintf("    at %s (%s)", fn, mapPositions(m[1], seq)))
	}
	return out
}

// userFrames drops the frames of function literals the engine's rewrites
// made (a loop body run as a closure, say): a "func" frame whose cell line
// has no func keyword is not the user's, and the statements' own lines are
// found from the panic's kind instead.
func userFrames(panics []string, seq int, src string) []string {
	lines := strings.Split(src, "\n")
	var out []string
	for _, l := range panics {
		if m := panicFrame().FindStringSubmatch(l); m != nil && strings.TrimPrefix(m[2], "main.") == "func" {
			if line, _ := errorLine(m[1], seq); line > 0 && line <= len(lines) && !strings.Contains(lines[line-1], "func") {
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

// placeInnermost checks the position yaegi gave the innermost frame, which
// can name another node of the same kind of operation in the function: when
// its line holds no token that can raise a panic of kind and exactly one
// line of the cell does, the frame moves there.
func placeInnermost(panics []string, seq int, src string, kind panicKind, isPkg func(string) bool) []string {
	if kind == panicOther || len(panics) == 0 {
		return panics
	}
	m := panicFrame().FindStringSubmatch(panics[0])
	if m == nil {
		return panics
	}
	line, _ := errorLine(m[1], seq)
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) {
		return panics
	}
	if c, _ := candidates(lines[line-1], kind, isPkg); len(c) > 0 {
		return panics
	}
	all, _ := candidates(src, kind, isPkg)
	if len(all) == 0 {
		return panics
	}
	for _, c := range all[1:] {
		if c.pos.Line != all[0].pos.Line {
			return panics
		}
	}
	out := append([]string{}, panics...)
	out[0] = directiveText(seq, all[0].pos.Line, all[0].pos.Column) + ": panic: " + m[2] + m[3]
	return out
}

// firstCellLine returns the innermost panic position inside run seq.
func firstCellLine(panics []string, seq int) (int, int) {
	for _, l := range panics {
		if line, col := errorLine(l, seq); line > 0 {
			return line, col
		}
	}
	return 0, 0
}

// quote shows line of src with a caret under col (a byte column).
func quote(src string, line, col int) []string {
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) {
		return nil
	}
	text := strings.TrimRight(lines[line-1], "\r")
	num := strconv.Itoa(line)
	pad := strings.Repeat(" ", len(num))
	caret := ""
	if col >= 1 && col <= len(text)+1 {
		// Keep tabs so the caret lines up under tab-indented code.
		var b strings.Builder
		for _, r := range text[:col-1] {
			if r == '\t' {
				b.WriteByte('\t')
			} else {
				b.WriteByte(' ')
			}
		}
		caret = b.String() + "^"
	}
	return []string{fmt.Sprintf("%s | %s", num, text), fmt.Sprintf("%s | %s", pad, caret)}
}
