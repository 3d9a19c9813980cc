package kernel

import (
	"context"
	"io"
)

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
