package repl

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/traefik/yaegi/interp"

	"github.com/specstress/specstress/kernel/display"
	"github.com/specstress/specstress/kernel/repl/typecheck"
)

// typeCheckCells turns the type checker on; benchmarks compare without it.
var typeCheckCells = true

// typeError is Go's verdict on a cell the type checker rejected; its text
// carries run-encoded positions like the interpreter's compile errors.
type typeError struct{ msg string }

func (e typeError) Error() string { return e.msg }

// typeCheck checks a cell with go/types against the session before the
// interpreter sees it (package typecheck). For a cell Go rejects it returns
// Go's errors; otherwise a func to call once the cell has run, which
// records the cell's declarations for the cells after it (or, when the
// cell failed, makes them unknown to the checker). A cell the
// checker cannot judge runs unjudged, with a note on the Stray writer.
func (e *Engine) typeCheck(seq int, code string) (ran func(error), err error) {
	if !typeCheckCells {
		return func(error) {}, nil
	}
	tc := e.types.Load()
	if tc == nil {
		var pre []typecheck.Import
		if e.opts.Preload {
			for _, p := range e.preloads() {
				pre = append(pre, typecheck.Import{Name: p.name, Path: p.path})
			}
		}
		tc = typecheck.New(pre)
		e.types.Store(tc)
	}
	r := tc.Check(code)
	if len(r.Errors) > 0 {
		lines := make([]string, len(r.Errors))
		for i, d := range r.Errors {
			lines[i] = directiveText(seq, d.Line, d.Col) + ": " + d.Msg
		}
		return nil, typeError{strings.Join(lines, "\n")}
	}
	if r.Unsure != "" && !r.Syntax {
		fmt.Fprintf(e.opts.Stray, "specstress: cell not type-checked: %s\n", r.Unsure)
	}
	return func(err error) { tc.Commit(r, ranInOrder(err)) }, nil
}

// ranInOrder reports whether a cell that ended with err ran its statements
// in order up to its end or to a panic or interrupt, so that what the
// checker knows of its declarations holds for the ones that ran (a later
// use of one that did not run fails as undefined). A compile error or a
// refusal leaves the checker unsure of what was declared.
func ranInOrder(err error) bool {
	var p interp.Panic
	return err == nil || errors.As(err, &p) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// Types returns the session's type checker (nil before the first cell),
// for completion and inspection of session values.
func (e *Engine) Types() *typecheck.Session { return e.types.Load() }

// goType returns the Go type of a session variable or a selector chain from
// one, as the type checker knows it ("P" for a session type, where
// reflection on an interpreted value shows an anonymous struct).
func (e *Engine) goType(chain []string) (string, bool) {
	if tc := e.Types(); tc != nil {
		return tc.TypeOf(chain)
	}
	return "", false
}

// describeTyped shows a variable with its Go type and value.
func describeTyped(name, typ string, v reflect.Value) string {
	var val any
	if v.CanInterface() {
		val = v.Interface()
	}
	return fmt.Sprintf("%s %s = %s", name, typ, display.GoSyntax(val))
}
