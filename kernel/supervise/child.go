package supervise

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"unicode/utf8"

	"github.com/specstress/specstress/kernel/engine"
)

// Child-side file descriptors: the supervisor passes the request pipe's
// read end and the event pipe's write end as the child's first extra files.
// Standard output and error stay ordinary streams, so a stray print from
// compiled code or the Go runtime's crash report can never corrupt the
// protocol.
const (
	childRequestFD = 3
	childEventFD   = 4
)

// envMemoryLimit carries the memory limit from the supervisor to the child,
// in bytes; the child removes it before making the engine so cells do not
// see it.
const envMemoryLimit = "SPECSTRESS_SUPERVISED_MEMORY_LIMIT"

// ChildMain is the body of the hidden command a supervisor starts (see
// Options.Command). It applies the memory limit the supervisor asked for,
// makes the engine and serves the supervisor until it closes the engine or
// goes away. SIGINT and SIGTERM are ignored: interrupts arrive as
// messages, and a signal sent to the whole process group (Ctrl-C in a
// terminal, Jupyter's interrupt and shutdown) is the supervisor's to act
// on; the child ends when the supervisor closes it or its pipe, or (on
// Linux) when the supervisor dies. It returns the process exit code.
func ChildMain(newEngine func() (engine.Engine, error)) int {
	signal.Ignore(os.Interrupt, syscall.SIGTERM)
	var limit int64
	if v := os.Getenv(envMemoryLimit); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			fmt.Fprintf(os.Stderr, "supervised engine: %s=%q: want a byte count\n", envMemoryLimit, v)
			return 2
		}
		limit = n
		os.Unsetenv(envMemoryLimit)
	}
	if err := applyMemoryLimit(limit); err != nil {
		fmt.Fprintf(os.Stderr, "supervised engine: %v\n", err)
		return 2
	}
	r := os.NewFile(childRequestFD, "supervisor-requests")
	w := os.NewFile(childEventFD, "supervisor-events")
	if _, err := r.Stat(); err != nil {
		r = nil
	}
	if _, err := w.Stat(); err != nil {
		w = nil
	}
	if r == nil || w == nil {
		fmt.Fprintln(os.Stderr, "supervised engine: no supervisor pipes (this command is started by the kernel, not by hand)")
		return 2
	}
	if err := Serve(r, w, limit, newEngine); err != nil {
		fmt.Fprintf(os.Stderr, "supervised engine: %v\n", err)
		return 1
	}
	return 0
}

// Serve runs the child side of the protocol on r (requests) and w (events):
// it makes the engine, says hello, and answers requests until a close
// request or the end of r. limit is reported in the hello (0: none).
func Serve(r io.Reader, w io.Writer, limit int64, newEngine func() (engine.Engine, error)) error {
	enc := newEncoder(w)
	eng, err := newEngine()
	if err != nil {
		_ = enc.send(event{Ev: evStartError, Text: err.Error()})
		return fmt.Errorf("make engine: %w", err)
	}
	info := eng.Info()
	if err := enc.send(event{Ev: evHello, Info: &info, Pid: os.Getpid(), Limit: limit}); err != nil {
		eng.Close()
		return fmt.Errorf("hello: %w", err)
	}
	s := &server{eng: eng, enc: enc, runs: map[uint64]*childRun{}}
	closeReq, err := s.loop(newDecoder(r))
	s.cancelAll()
	if !closeReq {
		// The supervisor is gone: nobody waits for a tidy close, and a
		// cell still running could hold the engine up.
		return err
	}
	if cerr := eng.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("close engine: %w", cerr)
	}
	return err
}

// server is the child's request loop state.
type server struct {
	eng engine.Engine
	enc *encoder

	mu   sync.Mutex
	runs map[uint64]*childRun // executions still running
}

// childRun is one execution in the child.
type childRun struct {
	cancel context.CancelFunc
	out    *childOutput
}

// loop serves requests; closeReq reports whether it ended on a close
// request rather than the end of the pipe.
func (s *server) loop(dec interface{ Decode(any) error }) (closeReq bool, err error) {
	for {
		var q request
		if err := dec.Decode(&q); err != nil {
			if errors.Is(err, io.EOF) {
				return false, nil // the supervisor went away: nothing more to do
			}
			return false, fmt.Errorf("read request: %w", err)
		}
		switch q.Op {
		case opExecute:
			s.execute(q)
		case opInterrupt:
			s.mu.Lock()
			if r := s.runs[q.ID]; r != nil {
				r.cancel()
			}
			s.mu.Unlock()
		case opInput:
			s.mu.Lock()
			r := s.runs[q.ID]
			s.mu.Unlock()
			if r != nil {
				r.out.answer(q)
			}
		case opComplete, opInspect, opIsComplete:
			go s.answer(q)
		case opClose:
			return true, nil
		default:
			return false, fmt.Errorf("unknown request %q", q.Op)
		}
	}
}

// execute starts a cell on its own goroutine so that interrupts, input
// replies and completions keep flowing while it runs.
func (s *server) execute(q request) {
	ctx, cancel := context.WithCancel(context.Background())
	out := &childOutput{s: s, id: q.ID, stdin: q.Stdin, inputs: map[uint64]chan request{}}
	s.mu.Lock()
	s.runs[q.ID] = &childRun{cancel: cancel, out: out}
	s.mu.Unlock()
	go func() {
		res := safeExecute(ctx, s.eng, q.Code, out)
		out.flush()
		s.mu.Lock()
		delete(s.runs, q.ID)
		s.mu.Unlock()
		cancel()
		if err := s.enc.send(event{Ev: evResult, ID: q.ID, Result: &res}); err != nil {
			// The result has a value JSON cannot carry (a NaN in a bundle):
			// report that instead of leaving the cell without a reply.
			msg := "the cell's result could not be sent to the kernel: " + err.Error()
			_ = s.enc.send(event{Ev: evResult, ID: q.ID, Result: &engine.Result{Error: &engine.Error{
				Name: "ResultEncodingError", Value: msg, Traceback: []string{msg}}}})
		}
	}()
}

// safeExecute runs one cell, turning a panic of the engine into an error
// result as the protocol server does for in-process engines.
func safeExecute(ctx context.Context, eng engine.Engine, code string, out engine.Output) (res engine.Result) {
	defer func() {
		if p := recover(); p != nil {
			msg := fmt.Sprint(p)
			res = engine.Result{Error: &engine.Error{Name: "EnginePanic", Value: msg, Traceback: []string{"EnginePanic: " + msg}}}
		}
	}()
	return eng.Execute(ctx, code, out)
}

// answer serves a completion, inspection or is_complete request; a panic
// of the engine gives an empty answer, never a missing one.
func (s *server) answer(q request) {
	ev := event{Ev: evAnswer, ID: q.ID}
	func() {
		defer func() {
			if p := recover(); p != nil {
				fmt.Fprintf(os.Stderr, "supervised engine: %s panicked: %v\n", q.Op, p)
				ev = event{Ev: evAnswer, ID: q.ID, Status: "unknown"}
			}
		}()
		switch q.Op {
		case opComplete:
			c := s.eng.Complete(q.Code, q.Cursor)
			ev.Complete = &c
		case opInspect:
			in := s.eng.Inspect(q.Code, q.Cursor, q.Detail)
			ev.Inspect = &in
		case opIsComplete:
			ev.Status, ev.Indent = s.eng.IsComplete(q.Code)
		}
	}()
	if err := s.enc.send(ev); err != nil {
		_ = s.enc.send(event{Ev: evAnswer, ID: q.ID, Status: "unknown"})
	}
}

// cancelAll interrupts what still runs when the supervisor leaves.
func (s *server) cancelAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.runs {
		r.cancel()
	}
}

// childOutput is the Output a cell writes to in the child: every call
// becomes an event for the supervisor, which replays it on the real Output.
type childOutput struct {
	s     *server
	id    uint64
	stdin bool

	mu        sync.Mutex
	nextIn    uint64
	inputs    map[uint64]chan request
	split     string // the start of a UTF-8 sequence the next Stream completes
	splitName string // the stream it belongs to
}

var _ engine.InputReader = (*childOutput)(nil)

// Stream sends text on; a UTF-8 sequence cut at the end of text waits for
// the rest, because JSON would turn each half into U+FFFD.
func (o *childOutput) Stream(name, text string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.split != "" && o.splitName != name {
		o.flushLocked()
	}
	data := o.split + text
	keep := incompleteTail(data)
	o.split, o.splitName = data[len(data)-keep:], name
	if keep < len(data) {
		_ = o.s.enc.send(event{Ev: evStream, ID: o.id, Name: name, Text: data[:len(data)-keep]})
	}
}

// flushLocked sends a held back partial sequence as it is; o.mu held.
func (o *childOutput) flushLocked() {
	if o.split != "" {
		_ = o.s.enc.send(event{Ev: evStream, ID: o.id, Name: o.splitName, Text: o.split})
		o.split = ""
	}
}

// flush sends what Stream held back; before other outputs and the result.
func (o *childOutput) flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked()
}

// incompleteTail is how many bytes at the end of s begin a UTF-8 sequence
// that is not complete yet.
func incompleteTail(s string) int {
	for i := 1; i <= utf8.UTFMax-1 && i <= len(s); i++ {
		b := s[len(s)-i]
		if utf8.RuneStart(b) {
			if b >= utf8.RuneSelf && !utf8.FullRuneInString(s[len(s)-i:]) {
				return i
			}
			return 0
		}
	}
	return 0
}

func (o *childOutput) Display(data engine.Bundle, metadata map[string]any, displayID string, update bool) {
	o.flush()
	err := o.s.enc.send(event{Ev: evDisplay, ID: o.id, Data: data, Metadata: metadata, DisplayID: displayID, Update: update})
	if err != nil {
		o.Stream("stderr", "display could not be sent to the kernel: "+err.Error()+"\n")
	}
}

func (o *childOutput) Clear(wait bool) {
	o.flush()
	_ = o.s.enc.send(event{Ev: evClear, ID: o.id, Wait: wait})
}

// Input implements engine.InputReader by asking the supervisor, which asks
// the front-end.
func (o *childOutput) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if !o.stdin {
		return "", engine.ErrNoStdin
	}
	o.mu.Lock()
	o.nextIn++
	req := o.nextIn
	ch := make(chan request, 1)
	o.inputs[req] = ch
	o.mu.Unlock()
	defer func() {
		o.mu.Lock()
		delete(o.inputs, req)
		o.mu.Unlock()
	}()
	o.flush()
	if err := o.s.enc.send(event{Ev: evInput, ID: o.id, Req: req, Prompt: prompt, Password: password}); err != nil {
		return "", err
	}
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case a := <-ch:
		switch a.Err {
		case "":
			return a.Value, nil
		case inputNoStdin:
			return "", engine.ErrNoStdin
		case inputCancelled:
			return "", context.Canceled
		default:
			return "", errors.New(a.ErrValue)
		}
	}
}

// answer delivers the supervisor's answer to an input request.
func (o *childOutput) answer(q request) {
	o.mu.Lock()
	ch := o.inputs[q.Req]
	o.mu.Unlock()
	if ch != nil {
		select {
		case ch <- q:
		default:
		}
	}
}
