package repl

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"
)

// stdio gives interpreted code an os.Stdout and os.Stderr that land in the
// running cell. yaegi routes fmt.Print* to its writers but leaves os.Stdout
// pointing at the process's own descriptor unless the writer is an *os.File,
// so fmt.Fprintln(os.Stderr, ...) would reach the kernel's log, not the
// notebook. Each is a pipe whose reader forwards to the router; a sync
// marker written at the end of a cell waits until everything before it has
// been forwarded, keeping a cell's output inside its reply.
type stdio struct {
	r     *router
	pipes [2]*os.File // write ends: stdout, stderr
	mu    sync.Mutex
	acks  map[string]chan struct{}
	n     int
}

const syncMark = "\x00specstress-sync:"

func newStdio(r *router) (*stdio, error) {
	s := &stdio{r: r, acks: map[string]chan struct{}{}}
	for i, name := range []string{"stdout", "stderr"} {
		pr, pw, err := os.Pipe()
		if err != nil {
			s.close()
			return nil, fmt.Errorf("repl: stdio pipe: %w", err)
		}
		s.pipes[i] = pw
		go s.forward(pr, name)
	}
	return s, nil
}

// forward copies a pipe to the router until the write end closes.
func (s *stdio) forward(pr *os.File, name string) {
	defer pr.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := pr.Read(buf)
		if n > 0 {
			s.deliver(name, buf[:n])
		}
		if err != nil {
			return
		}
	}
}

// deliver forwards data, acknowledging sync markers found in it.
func (s *stdio) deliver(name string, data []byte) {
	for len(data) > 0 {
		i := bytes.Index(data, []byte(syncMark))
		if i < 0 {
			s.r.writeCurrent(name, data)
			return
		}
		if i > 0 {
			s.r.writeCurrent(name, data[:i])
		}
		rest := data[i+len(syncMark):]
		j := bytes.IndexByte(rest, 0)
		if j < 0 {
			return
		}
		s.mu.Lock()
		if ack, ok := s.acks[string(rest[:j])]; ok {
			close(ack)
			delete(s.acks, string(rest[:j]))
		}
		s.mu.Unlock()
		data = rest[j+1:]
	}
}

// flush waits (up to a bound, as a stuck pipe must not hang the kernel)
// until what was written to both pipes before the call has been forwarded.
func (s *stdio) flush() {
	var waits []chan struct{}
	for _, pw := range s.pipes {
		if pw == nil {
			continue
		}
		s.mu.Lock()
		s.n++
		id := fmt.Sprint(s.n)
		ack := make(chan struct{})
		s.acks[id] = ack
		s.mu.Unlock()
		if _, err := pw.Write([]byte(syncMark + id + "\x00")); err != nil {
			continue
		}
		waits = append(waits, ack)
	}
	timeout := time.After(time.Second)
	for _, w := range waits {
		select {
		case <-w:
		case <-timeout:
			return
		}
	}
}

// install points os.Stdout and os.Stderr of it at the pipes.
func (s *stdio) install(it *interp.Interpreter) error {
	out, errf := s.pipes[0], s.pipes[1]
	return it.Use(interp.Exports{"os/os": {
		"Stdout": reflect.ValueOf(&out).Elem(),
		"Stderr": reflect.ValueOf(&errf).Elem(),
	}})
}

func (s *stdio) close() {
	for _, pw := range s.pipes {
		if pw != nil {
			pw.Close()
		}
	}
}
