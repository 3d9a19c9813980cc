package supervise_test

import (
	"context"
	"testing"

	"github.com/specstress/specstress/kernel/internal/fakeengine"
)

// BenchmarkExecuteSupervised is one trivial cell with one line of output
// through the child process; BenchmarkExecuteInProcess is the same cell on
// the engine itself: the difference is what supervision costs per cell.
func BenchmarkExecuteSupervised(b *testing.B) {
	e := startB(b)
	out := &recorder{}
	for b.Loop() {
		if res := e.Execute(context.Background(), "print x\nvalue 1", out); res.Error != nil {
			b.Fatal(res.Error)
		}
	}
}

func BenchmarkExecuteInProcess(b *testing.B) {
	e := &fakeengine.Engine{}
	out := &recorder{}
	for b.Loop() {
		if res := e.Execute(context.Background(), "print x\nvalue 1", out); res.Error != nil {
			b.Fatal(res.Error)
		}
	}
}

// BenchmarkStart is the start of a supervised engine: a child process up
// and its engine ready.
func BenchmarkStart(b *testing.B) {
	for b.Loop() {
		e := startB(b)
		e.Close()
	}
}
