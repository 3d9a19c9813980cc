package supervise

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/specstress/specstress/kernel/engine"
)

// splitEngine writes a cell's output in pieces that cut multi-byte runes,
// as an engine forwarding a pipe in fixed-size chunks does.
type splitEngine struct{ pieces []string }

func (e splitEngine) Info() engine.LanguageInfo { return engine.LanguageInfo{Name: "split"} }
func (e splitEngine) Execute(ctx context.Context, code string, out engine.Output) engine.Result {
	for _, p := range e.pieces {
		name := "stdout"
		if strings.HasPrefix(p, "!") {
			name, p = "stderr", p[1:]
		}
		out.Stream(name, p)
	}
	return engine.Result{}
}
func (splitEngine) Complete(string, int) engine.Completion     { return engine.Completion{} }
func (splitEngine) Inspect(string, int, int) engine.Inspection { return engine.Inspection{} }
func (splitEngine) IsComplete(string) (string, string)         { return "complete", "" }
func (splitEngine) Close() error                               { return nil }

// TestStreamKeepsRunesCutAcrossWrites: a rune whose bytes arrive in two
// writes reaches the supervisor whole, not as two U+FFFD.
func TestStreamKeepsRunesCutAcrossWrites(t *testing.T) {
	eng := splitEngine{pieces: []string{"caf\xc3", "\xa9 ", "\xe2\x82", "\xac", "!err", " \xf0\x9f", "\x98\x80", "\xe2"}}
	reqR, reqW := io.Pipe()
	evR, evW := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- Serve(reqR, evW, 0, func() (engine.Engine, error) { return eng, nil }) }()
	dec := newDecoder(evR)
	var hello event
	if err := dec.Decode(&hello); err != nil || hello.Ev != evHello {
		t.Fatalf("hello: %+v %v", hello, err)
	}
	enc := newEncoder(reqW)
	if err := enc.send(request{Op: opExecute, ID: 1, Code: "x"}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		var ev event
		if err := dec.Decode(&ev); err != nil {
			t.Fatal(err)
		}
		if ev.Ev == evResult {
			break
		}
		got = append(got, ev.Name+":"+ev.Text)
	}
	// The rune cut at the very end has nothing to complete it: it goes out
	// as it is when the cell ends (and JSON makes it U+FFFD).
	want := "stdout:caf|stdout:é |stdout:€|stderr:err|stdout: |stdout:😀|stdout:\ufffd"
	if strings.Join(got, "|") != want {
		t.Errorf("streams %q, want %q", strings.Join(got, "|"), want)
	}
	enc.send(request{Op: opClose})
	if err := <-done; err != nil {
		t.Error(err)
	}
}
