package llm_test

import (
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline/llm"
)

type fakeBar struct {
	label string
	set   []int
	done  bool
}

func (b *fakeBar) Set(n int) { b.set = append(b.set, n) }
func (b *fakeBar) Done()     { b.done = true }

func TestBarProgressOneBarPerStage(t *testing.T) {
	bars := map[string]*fakeBar{}
	p := llm.BarProgress(func(total int, label string) llm.Bar {
		b := &fakeBar{label: label}
		bars[label] = b
		return b
	})
	for i := 0; i <= 3; i++ {
		p.Report(llm.ProgressState{Label: "responses", Done: i, Total: 3})
	}
	p.Report(llm.ProgressState{Label: "judge", Done: 0, Total: 5})
	if len(bars) != 2 || !bars["responses"].done || bars["judge"].done || len(bars["responses"].set) != 4 {
		t.Errorf("bars = %+v %+v", bars["responses"], bars["judge"])
	}
}

func TestTerminalProgressShowsCountsAndFinalLine(t *testing.T) {
	var b strings.Builder
	p := &llm.TerminalProgress{W: &b}
	p.Report(llm.ProgressState{Label: "classify", Done: 0, Total: 4})
	p.Report(llm.ProgressState{Label: "classify", Done: 4, Total: 4, Stats: llm.Stats{Calls: 5, Retries: 1, Errors: 1}})
	out := b.String()
	if !strings.Contains(out, "classify [") || !strings.Contains(out, "4/4") || !strings.Contains(out, "retries 1 errors 1") || !strings.HasSuffix(out, "\n") {
		t.Errorf("progress output %q", out)
	}
}
