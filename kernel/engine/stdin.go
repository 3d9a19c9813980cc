package engine

import (
	"context"
	"errors"
	"io"
	"sync"
)

// InputReader is implemented by the Output the protocol server passes to
// Execute: it asks the front-end for a line of input (an input_request on
// the stdin channel) and returns the user's answer without a newline.
// Engines type-assert their Output for it to serve reads of standard input.
// It fails with ErrNoStdin when the front-end does not accept input
// (execute_request.allow_stdin false), and with ctx's error on interrupt.
type InputReader interface {
	Input(ctx context.Context, prompt string, password bool) (string, error)
}

// ErrNoStdin is returned by InputReader.Input when the front-end does not
// accept input requests.
var ErrNoStdin = errors.New("kernel: the front-end does not accept input requests")

// NewInputStream returns a reader that serves a cell's reads of standard
// input by asking the front-end, one line per request, through out's
// InputReader. When out has none, or the front-end does not accept input,
// reads return io.EOF, as they would on a closed terminal.
func NewInputStream(ctx context.Context, out Output) io.Reader {
	ir, _ := out.(InputReader)
	return &inputStream{ctx: ctx, in: ir}
}

type inputStream struct {
	ctx  context.Context
	in   InputReader
	buf  []byte
	done bool
}

func (r *inputStream) Read(p []byte) (int, error) {
	if len(r.buf) == 0 {
		if r.done || r.in == nil {
			return 0, io.EOF
		}
		line, err := r.in.Input(r.ctx, "", false)
		if err != nil {
			r.done = true
			if err == ErrNoStdin {
				return 0, io.EOF
			}
			return 0, err
		}
		r.buf = append(r.buf, line...)
		r.buf = append(r.buf, '\n')
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// WithInputRequests makes an engine whose standard input is served by the
// front-end. newEngine receives the reader to use as the engine's stdin;
// while a cell runs that reader asks the cell's front-end for each line
// (input_request / input_reply), and between cells it reads as empty.
// Engines that type-assert their Output for InputReader do not need it.
func WithInputRequests(newEngine func(stdin io.Reader) (Engine, error)) (Engine, error) {
	sw := &switchReader{}
	e, err := newEngine(sw)
	if err != nil {
		return nil, err
	}
	return &stdinEngine{Engine: e, sw: sw}, nil
}

type stdinEngine struct {
	Engine
	sw *switchReader
}

func (e *stdinEngine) Execute(ctx context.Context, code string, out Output) Result {
	e.sw.set(NewInputStream(ctx, out))
	defer e.sw.set(nil)
	return e.Engine.Execute(ctx, code, out)
}

// switchReader reads from the current cell's input stream, or gives EOF.
type switchReader struct {
	mu  sync.Mutex
	cur io.Reader
}

func (s *switchReader) set(r io.Reader) {
	s.mu.Lock()
	s.cur = r
	s.mu.Unlock()
}

func (s *switchReader) Read(p []byte) (int, error) {
	s.mu.Lock()
	r := s.cur
	s.mu.Unlock()
	if r == nil {
		return 0, io.EOF
	}
	return r.Read(p)
}
