package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/specstress/specstress/kernel/engine"
)

// maxStreamChunk bounds one stream message: big outputs go out in pieces a
// front-end can append progressively.
const maxStreamChunk = 1 << 20

// cellOutput is the Output of one execute_request. Stream text is coalesced
// for FlushInterval (or until a chunk fills) and published in order with
// displays and clears. Output arriving after the cell ended (from
// goroutines it started) still goes out under the cell's own parent header,
// never the next cell's.
type cellOutput struct {
	s          *Server
	parent     *Message
	silent     bool
	allowStdin bool
	limit      int64

	mu        sync.Mutex
	name      string // stream the pending text belongs to
	pending   []byte
	timer     *time.Timer
	sent      int64 // stream bytes accepted so far
	truncated bool
}

func newCellOutput(s *Server, parent *Message, silent, allowStdin bool) *cellOutput {
	return &cellOutput{s: s, parent: parent, silent: silent, allowStdin: allowStdin, limit: s.opts.MaxOutputBytes}
}

// Stream implements Output.
func (o *cellOutput) Stream(name, text string) {
	if o.silent || text == "" {
		return
	}
	if name != "stderr" {
		name = "stdout"
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.truncated {
		return
	}
	cut := false
	if o.limit >= 0 && o.sent+int64(len(text)) > o.limit {
		text = text[:o.limit-o.sent]
		cut = true
	}
	o.sent += int64(len(text))
	if name != o.name && len(o.pending) > 0 {
		o.flushLocked(true)
	}
	o.name = name
	o.pending = append(o.pending, text...)
	switch {
	case cut:
		o.truncated = true
		o.flushLocked(true)
		o.publishStream("stderr", fmt.Sprintf("\n[output truncated: this cell printed more than %d bytes; the rest is not shown]\n", o.limit))
	case len(o.pending) >= maxStreamChunk:
		o.flushLocked(false)
	}
	if len(o.pending) > 0 && o.timer == nil {
		o.timer = time.AfterFunc(o.s.opts.FlushInterval, o.tick)
	}
}

func (o *cellOutput) tick() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.timer = nil
	o.flushLocked(false)
}

// flushLocked publishes the pending text. Unless all is set it keeps an
// incomplete UTF-8 sequence at the end for the next write to complete, so
// that a rune split across writes is not mangled into U+FFFD.
func (o *cellOutput) flushLocked(all bool) {
	if o.timer != nil {
		o.timer.Stop()
		o.timer = nil
	}
	p := o.pending
	keep := 0
	if !all {
		keep = incompleteTail(p)
	}
	for len(p) > keep {
		n := len(p) - keep
		if n > maxStreamChunk {
			n = maxStreamChunk
			for n > 0 && !utf8.RuneStart(p[n]) {
				n--
			}
			if n == 0 {
				n = maxStreamChunk
			}
		}
		o.publishStream(o.name, string(p[:n]))
		p = p[n:]
	}
	o.pending = append(o.pending[:0], p...)
	if len(o.pending) > 0 && o.timer == nil && !all {
		o.timer = time.AfterFunc(o.s.opts.FlushInterval, o.tick)
	}
}

// incompleteTail returns how many bytes at the end of p start a UTF-8
// sequence that is not finished yet.
func incompleteTail(p []byte) int {
	for i := 1; i <= 3 && i <= len(p); i++ {
		b := p[len(p)-i]
		if utf8.RuneStart(b) {
			if b >= utf8.RuneSelf && !utf8.FullRune(p[len(p)-i:]) {
				return i
			}
			return 0
		}
	}
	return 0
}

func (o *cellOutput) publishStream(name, text string) {
	o.s.publish("stream", o.parent, map[string]any{"name": name, "text": text})
}

// Display implements Output.
func (o *cellOutput) Display(data engine.Bundle, metadata map[string]any, displayID string, update bool) {
	if o.silent || data == nil {
		return
	}
	if metadata == nil {
		metadata = map[string]any{}
	}
	content := map[string]any{"data": data, "metadata": metadata, "transient": map[string]any{}}
	msgType := "display_data"
	if displayID != "" {
		content["transient"] = map[string]any{"display_id": displayID}
		if update {
			msgType = "update_display_data"
		}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked(true)
	o.s.publish(msgType, o.parent, content)
}

// Clear implements Output.
func (o *cellOutput) Clear(wait bool) {
	if o.silent {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked(true)
	o.s.publish("clear_output", o.parent, map[string]any{"wait": wait})
}

// finish publishes what is pending; called when the engine returns.
func (o *cellOutput) finish() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked(true)
}

// Input implements InputReader: an input_request on the stdin socket to the
// front-end that sent the cell, answered by its input_reply.
func (o *cellOutput) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if !o.allowStdin {
		return "", engine.ErrNoStdin
	}
	o.mu.Lock()
	o.flushLocked(true)
	o.mu.Unlock()

	s := o.s
	s.inputMu.Lock()
	defer s.inputMu.Unlock()
	select { // a stale reply from an earlier, interrupted request
	case <-s.inputs:
	default:
	}
	req := &outgoing{
		identities: o.parent.Identities,
		header:     newHeader("input_request", s.session),
		parent:     o.parent.RawHeader,
		content:    map[string]any{"prompt": prompt, "password": password},
	}
	s.sendOn(s.stdin, req)
	for {
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-s.done:
			return "", engine.ErrNoStdin
		case m := <-s.inputs:
			var p Header
			_ = json.Unmarshal(m.ParentHeader, &p)
			if p.MsgID != "" && p.MsgID != req.header.MsgID {
				continue
			}
			var c struct {
				Value string `json:"value"`
			}
			if err := json.Unmarshal(m.Content, &c); err != nil {
				return "", fmt.Errorf("input_reply content: %w", err)
			}
			return c.Value, nil
		}
	}
}
