package repl

import (
	"bytes"
	"io"
	"runtime"
	"strconv"
	"sync"

	"github.com/specstress/specstress/kernel/engine"
)

// router delivers what interpreted code writes (stdout, stderr, displays) to
// the engine.Output of the cell that produced it. yaegi has one pair of
// writers per interpreter, so the router tells cells apart by goroutine: the
// goroutine that runs a cell's statements registers itself (helper Enter) and
// goroutines started by a cell are registered by the rewritten go statement
// (helper Go). Output of a goroutine still running after its cell finished
// thus goes to its own cell, never into the next cell's streams. Output from
// an unregistered goroutine goes to the running cell, or to the fallback
// writer when no cell runs.
type router struct {
	mu       sync.Mutex
	current  int                // sequence number of the running cell, 0 when idle
	cells    map[int]*cellState // live cells: running, or with live goroutines
	gids     map[int64]int      // goroutine id -> cell sequence number
	panics   map[int64][]string // yaegi's "panic:" lines per goroutine
	fallback io.Writer
}

// cellState is what the router keeps per cell.
type cellState struct {
	out     engine.Output
	refs    int     // the running cell itself + its registered goroutines
	entered []int64 // goroutines that ran the cell's statements (helper Enter)
}

func newRouter(fallback io.Writer) *router {
	if fallback == nil {
		fallback = io.Discard
	}
	return &router{
		cells:    map[int]*cellState{},
		gids:     map[int64]int{},
		panics:   map[int64][]string{},
		fallback: fallback,
	}
}

// entered returns the goroutines registered by helper Enter for run seq.
func (r *router) entered(seq int) []int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c := r.cells[seq]; c != nil {
		return append([]int64(nil), c.entered...)
	}
	return nil
}

// anyAlive reports whether any of the goroutines gids still exists. It reads
// the stacks of all goroutines, so it is for rare paths (interrupts) only.
func anyAlive(gids []int64) bool {
	if len(gids) == 0 {
		return false
	}
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	for _, g := range gids {
		if bytes.Contains(buf, []byte("goroutine "+strconv.FormatInt(g, 10)+" [")) {
			return true
		}
	}
	return false
}

// begin makes seq the running cell.
func (r *router) begin(seq int, out engine.Output) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.current = seq
	r.cells[seq] = &cellState{out: out, refs: 1}
}

// end marks the running cell finished; it stays reachable while goroutines it
// registered are alive. After an interrupt the goroutine that ran the cell's
// statements may still be inside a compiled call: it keeps its registration,
// so what it prints later still goes to its own cell.
func (r *router) end(seq int, interrupted bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.current == seq {
		r.current = 0
	}
	c := r.cells[seq]
	if c == nil {
		return
	}
	for _, gid := range c.entered {
		if interrupted {
			c.refs++
			continue
		}
		delete(r.gids, gid)
		delete(r.panics, gid)
	}
	c.entered = nil
	r.release(seq)
}

// release drops one reference to cell seq. Callers hold r.mu.
func (r *router) release(seq int) {
	if c := r.cells[seq]; c != nil {
		c.refs--
		if c.refs <= 0 {
			delete(r.cells, seq)
		}
	}
}

// enter registers the calling goroutine as running code of cell seq.
func (r *router) enter(seq int) {
	gid := goid()
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, seen := r.gids[gid]; seen {
		return
	}
	r.gids[gid] = seq
	if c := r.cells[seq]; c != nil {
		c.entered = append(c.entered, gid)
	}
}

// cellPanics returns and forgets the panic lines of the goroutines that ran
// cell seq's statements.
func (r *router) cellPanics(seq int) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var lines []string
	if c := r.cells[seq]; c != nil {
		for _, gid := range c.entered {
			lines = append(lines, r.panics[gid]...)
			delete(r.panics, gid)
		}
	}
	// Panics of unregistered goroutines (declarations' initialisers) are
	// charged to the running cell.
	if r.current == seq {
		lines = append(lines, r.panics[-1]...)
		delete(r.panics, -1)
	}
	return lines
}

// owner returns the cell the calling goroutine works for.
func (r *router) owner() int {
	gid := goid()
	r.mu.Lock()
	defer r.mu.Unlock()
	if seq, ok := r.gids[gid]; ok {
		return seq
	}
	return r.current
}

// spawn registers a new goroutine for cell seq; the goroutine calls done
// when it ends.
func (r *router) spawn(seq int) (attach func() int64, done func(gid int64)) {
	r.mu.Lock()
	if c := r.cells[seq]; c != nil {
		c.refs++
	}
	r.mu.Unlock()
	attach = func() int64 {
		gid := goid()
		r.mu.Lock()
		r.gids[gid] = seq
		r.mu.Unlock()
		return gid
	}
	done = func(gid int64) {
		r.mu.Lock()
		delete(r.gids, gid)
		delete(r.panics, gid)
		r.release(seq)
		r.mu.Unlock()
	}
	return attach, done
}

// output returns the Output of cell seq, or nil.
func (r *router) output(seq int) engine.Output {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c := r.cells[seq]; c != nil {
		return c.out
	}
	return nil
}

// takePanics returns and forgets the panic lines recorded for goroutine gid.
func (r *router) takePanics(gid int64) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.panics[gid]
	delete(r.panics, gid)
	return p
}

// panicLine matches the line yaegi writes to stderr for each frame a panic
// unwinds ("cell3:2:5: panic: main.f(...)"); it belongs in the error reply,
// not in a stream.
var panicLine = lazyRegexp(`^(\S+:)?\d+:\d+: panic: `)

// write routes p to the stream name of the writing goroutine's cell.
func (r *router) write(name string, p []byte) {
	gid := goid()
	r.mu.Lock()
	seq, ok := r.gids[gid]
	if !ok {
		seq = r.current
	}
	if name == "stderr" && panicLine().Match(p) {
		key := gid
		if !ok {
			key = -1
		}
		r.panics[key] = append(r.panics[key], string(bytes.TrimRight(p, "\n")))
		r.mu.Unlock()
		return
	}
	var out engine.Output
	if c := r.cells[seq]; c != nil {
		out = c.out
	}
	r.mu.Unlock()
	if out == nil {
		r.fallback.Write(p)
		return
	}
	out.Stream(name, string(p))
}

// writeCurrent routes p to the running cell, or to the fallback when idle:
// for writers that cannot tell which goroutine wrote (the os.Stdout pipe).
func (r *router) writeCurrent(name string, p []byte) {
	r.mu.Lock()
	var out engine.Output
	if c := r.cells[r.current]; c != nil && r.current != 0 {
		out = c.out
	}
	r.mu.Unlock()
	if out == nil {
		r.fallback.Write(p)
		return
	}
	out.Stream(name, string(p))
}

// streamWriter is the io.Writer yaegi gets for stdout or stderr.
type streamWriter struct {
	r    *router
	name string
}

func (w streamWriter) Write(p []byte) (int, error) {
	w.r.write(w.name, p)
	return len(p), nil
}

// goid returns the id of the calling goroutine, parsed from the first line
// of its stack trace ("goroutine 123 [running]:"). The runtime offers no
// cheaper public way; it costs about a microsecond per write.
func goid() int64 {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	b := bytes.TrimPrefix(buf[:n], []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		id, err := strconv.ParseInt(string(b[:i]), 10, 64)
		if err == nil {
			return id
		}
	}
	return -1
}
