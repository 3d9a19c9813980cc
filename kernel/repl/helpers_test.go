package repl

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/specstress/specstress/kernel/engine"
)

// recorder is an engine.Output that keeps everything a cell shows.
type recorder struct {
	mu       sync.Mutex
	stdout   strings.Builder
	stderr   strings.Builder
	displays []engine.Bundle
	clears   int
}

func (r *recorder) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if name == "stdout" {
		r.stdout.WriteString(text)
	} else {
		r.stderr.WriteString(text)
	}
}

func (r *recorder) Display(data engine.Bundle, _ map[string]any, _ string, _ bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, data)
}

func (r *recorder) Clear(bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clears++
}

func (r *recorder) Stdout() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stdout.String()
}

func (r *recorder) Stderr() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stderr.String()
}

// waitUntil polls cond until it holds, failing the test after ten seconds:
// for outputs that arrive from another goroutine at a time no channel tells.
func waitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	if !eventually(cond) {
		t.Fatalf("timed out waiting for %s", what)
	}
}

// eventually polls cond until it holds (true) or ten seconds pass (false);
// unlike waitUntil it may run outside the test's goroutine.
func eventually(cond func() bool) bool {
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
	return true
}

// newEngine returns an engine with the preloads, closed with the test.
func newEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New(Options{Preload: true, Args: []string{"cell", "a1"}, Env: []string{"SPECSTRESS_TEST=yes"}})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// run executes code and returns the result and what it streamed.
func run(t testing.TB, e *Engine, code string) (engine.Result, *recorder) {
	t.Helper()
	out := &recorder{}
	res := e.Execute(context.Background(), code, out)
	return res, out
}

// mustRun executes code and fails the test on an error result.
func mustRun(t testing.TB, e *Engine, code string) (engine.Result, *recorder) {
	t.Helper()
	res, out := run(t, e, code)
	if res.Error != nil {
		t.Fatalf("cell %q failed: %s: %s\n%s\nstderr: %s", code, res.Error.Name, res.Error.Value,
			strings.Join(res.Error.Traceback, "\n"), out.Stderr())
	}
	return res, out
}

// text returns the text/plain of a result, or "" when it has no value.
func text(res engine.Result) string {
	s, _ := res.Data["text/plain"].(string)
	return s
}
