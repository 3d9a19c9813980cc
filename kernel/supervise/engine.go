// Package supervise runs an engine.Engine in a child process and serves it
// to the protocol server (or the notebook runner) as an Engine of its own,
// as Jupyter's "nanny" keeps a kernel process under a supervising parent.
//
// A Go program cannot survive its own fatal errors: stack exhaustion, an
// allocation the system refuses, concurrent map writes and a panic in a
// goroutine end the process, and no recover sees them. With the engine in a
// child, the parent sees the child die, reads the Go runtime's report from
// the child's standard error, turns it into the error of the cell that was
// running, and starts a fresh child: the notebook gets a message, the
// kernel goes on with a new session.
//
// The two processes talk over two pipes (see protocol.go): the parent sends
// execute, interrupt, complete, inspect and is_complete requests and input
// replies; the child streams a cell's outputs, display updates and input
// requests as they happen, then the cell's result. The package knows
// nothing about the language: the child's engine is whatever the command
// given in Options.Command makes with ChildMain.
package supervise

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"time"

	"github.com/specstress/specstress/kernel/engine"
)

// Defaults for Options fields left zero.
const (
	DefaultInterruptGrace = 5 * time.Second
	DefaultStartTimeout   = 60 * time.Second
	// answerTimeout bounds a completion, inspection or is_complete: the
	// front-end waits for these without a timeout of its own.
	answerTimeout = 10 * time.Second
	// quickDeath: a child that dies sooner after its start is replaced
	// only when the next request comes, not at once.
	quickDeath = 2 * time.Second
)

// Options configure a supervised engine.
type Options struct {
	// Command returns a new, unstarted command whose process calls
	// ChildMain (for the specstress binary: itself with a hidden
	// subcommand). The supervisor sets its extra files, standard streams
	// and part of its environment; Dir, Args and the rest are kept.
	Command func() *exec.Cmd
	// MemoryLimit is the most memory, in bytes, the child may use; 0 means
	// no limit. A cell that allocates past it fails with an error naming
	// the limit and the session restarts.
	MemoryLimit int64
	// Log receives the child's standard output and error (the Go
	// runtime's crash reports in full) and the supervisor's diagnostics;
	// nil means os.Stderr.
	Log io.Writer
	// InterruptGrace is how long an interrupted cell may take to stop
	// before the child is killed and restarted; 0 means
	// DefaultInterruptGrace.
	InterruptGrace time.Duration
	// StartTimeout bounds the start of a child; 0 means DefaultStartTimeout.
	StartTimeout time.Duration
}

// Engine is an engine.Engine served by a child process, restarted when it
// dies.
type Engine struct {
	opts Options
	info engine.LanguageInfo
	ids  atomic.Uint64

	// exec serialises Execute; it also guards last and proc.reported.
	exec sync.Mutex
	last *proc // the child that served the last execution

	mu     sync.Mutex
	cur    *proc // the child serving now (maybe still starting)
	closed bool
}

var _ engine.Engine = (*Engine)(nil)

// New starts the first child and waits until its engine is ready.
func New(opts Options) (*Engine, error) {
	if opts.Command == nil {
		return nil, errors.New("supervise: Options.Command is nil")
	}
	if opts.MemoryLimit < 0 {
		return nil, fmt.Errorf("supervise: negative memory limit %d", opts.MemoryLimit)
	}
	if opts.Log == nil {
		opts.Log = os.Stderr
	}
	if opts.InterruptGrace <= 0 {
		opts.InterruptGrace = DefaultInterruptGrace
	}
	if opts.StartTimeout <= 0 {
		opts.StartTimeout = DefaultStartTimeout
	}
	e := &Engine{opts: opts}
	e.mu.Lock()
	p := e.spawnLocked()
	e.mu.Unlock()
	if err := e.await(context.Background(), p); err != nil {
		e.Close()
		return nil, err
	}
	if p.hello.Info != nil {
		e.info = *p.hello.Info
	}
	return e, nil
}

// spawnLocked starts a child as the current one and watches it; e.mu held.
func (e *Engine) spawnLocked() *proc {
	p := startProc(&e.opts)
	e.cur = p
	go e.watch(p)
	return p
}

// watch replaces the current child when it dies, so that the next cell
// finds a fresh one ready, and tells the last cell it ran, if that cell had
// already ended, what happened after it.
func (e *Engine) watch(p *proc) {
	<-p.dead
	e.mu.Lock()
	if e.closed || e.cur != p {
		e.mu.Unlock()
		return
	}
	// A child that could not start, or died right after it did, is not
	// restarted in a loop: the next request starts one (and reports a
	// failure to start).
	if p.startErr != nil || time.Since(p.started) < quickDeath {
		e.cur = nil
	} else {
		e.spawnLocked()
	}
	e.mu.Unlock()
	if r := p.lastRun(); r != nil {
		p.mu.Lock()
		finished := r.finished
		p.mu.Unlock()
		if finished {
			r.out.Stream("stderr", "\n["+p.deathSummary("after this cell ended")+"]\n")
		}
	}
}

// await waits for p's hello.
func (e *Engine) await(ctx context.Context, p *proc) error {
	t := time.NewTimer(e.opts.StartTimeout)
	defer t.Stop()
	select {
	case <-p.ready:
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		p.kill("it did not start within " + e.opts.StartTimeout.String())
		return fmt.Errorf("supervise: the engine process did not start within %v", e.opts.StartTimeout)
	}
	if p.startErr != nil {
		p.kill("it failed to start")
		return fmt.Errorf("supervise: start the engine: %w", p.startErr)
	}
	return nil
}

// ready returns a started child, starting one if there is none.
func (e *Engine) ready(ctx context.Context) (*proc, error) {
	for attempt := 0; ; attempt++ {
		e.mu.Lock()
		if e.closed {
			e.mu.Unlock()
			return nil, errors.New("the engine is closed")
		}
		p := e.cur
		if p == nil {
			p = e.spawnLocked()
		}
		e.mu.Unlock()
		if err := e.await(ctx, p); err != nil {
			if ctx.Err() == nil { // p failed (and is stopped); an interrupt leaves it starting
				e.mu.Lock()
				if e.cur == p {
					e.cur = nil
				}
				e.mu.Unlock()
			}
			return nil, err
		}
		if !p.isDead() || attempt == 2 {
			return p, nil
		}
		// It died between its hello and now; watch has started another.
		<-time.After(10 * time.Millisecond)
	}
}

// Info implements engine.Engine with what the first child said.
func (e *Engine) Info() engine.LanguageInfo { return e.info }

// Execute implements engine.Engine.
func (e *Engine) Execute(ctx context.Context, code string, out engine.Output) engine.Result {
	e.exec.Lock()
	defer e.exec.Unlock()
	if l := e.last; l != nil && l.isDead() && !l.reported {
		// The session this cell would build on is gone (a goroutine of an
		// earlier cell crashed the process, or the system killed it):
		// running the cell in the fresh session would fail in confusing
		// ways, so say what happened instead.
		l.reported = true
		msg := l.deathSummary("after the previous cell ended") + "; this cell was not run: run it again, after the cells it depends on"
		return errorResult("KernelRestarted", msg, l.report())
	}
	p, err := e.ready(ctx)
	if err != nil {
		msg := "the kernel could not start its Go process: " + err.Error()
		return errorResult("KernelStartError", msg, nil)
	}
	e.last = p
	return e.run(ctx, p, code, out)
}

// run executes one cell on p and waits for its result, the child's death,
// or an interrupt.
func (e *Engine) run(ctx context.Context, p *proc, code string, out engine.Output) engine.Result {
	id := e.ids.Add(1)
	r := &run{ctx: ctx, out: out, done: make(chan engine.Result, 1)}
	p.addRun(id, r)
	_, stdin := out.(engine.InputReader)
	if err := p.enc.send(request{Op: opExecute, ID: id, Code: code, Stdin: stdin}); err != nil {
		// A broken pipe: the child is going or gone.
		select {
		case <-p.dead:
		case <-time.After(e.opts.InterruptGrace):
			p.kill("its request pipe broke")
			<-p.dead
		}
		return e.died(p, r)
	}
	select {
	case res := <-r.done:
		return res
	case <-p.dead:
		return e.died(p, r)
	case <-ctx.Done():
	}
	_ = p.enc.send(request{Op: opInterrupt, ID: id})
	t := time.NewTimer(e.opts.InterruptGrace)
	defer t.Stop()
	select {
	case res := <-r.done:
		return res
	case <-p.dead:
		return e.died(p, r)
	case <-t.C:
		p.kill(fmt.Sprintf("the cell did not stop within %v of the interrupt", e.opts.InterruptGrace))
		<-p.dead
		return e.died(p, r)
	}
}

// died is the result of a cell whose child died while it ran; a result that
// arrived just before the death still wins. Under e.exec.
func (e *Engine) died(p *proc, r *run) engine.Result {
	select {
	case res := <-r.done:
		return res // the death is reported to the next cell
	default:
	}
	p.reported = true
	return errorResult("KernelDied", p.deathSummary(""), p.report())
}

// Complete implements engine.Engine; with no child ready it proposes
// nothing.
func (e *Engine) Complete(code string, cursor int) engine.Completion {
	empty := engine.Completion{CursorStart: cursor, CursorEnd: cursor}
	p := e.answering()
	if p == nil {
		return empty
	}
	id := e.ids.Add(1)
	ev, ok := p.ask(id, request{Op: opComplete, ID: id, Code: code, Cursor: cursor}, answerTimeout)
	if !ok || ev.Complete == nil {
		return empty
	}
	return *ev.Complete
}

// Inspect implements engine.Engine.
func (e *Engine) Inspect(code string, cursor int, detail int) engine.Inspection {
	p := e.answering()
	if p == nil {
		return engine.Inspection{}
	}
	id := e.ids.Add(1)
	ev, ok := p.ask(id, request{Op: opInspect, ID: id, Code: code, Cursor: cursor, Detail: detail}, answerTimeout)
	if !ok || ev.Inspect == nil {
		return engine.Inspection{}
	}
	return *ev.Inspect
}

// IsComplete implements engine.Engine; "unknown" when no child answers.
func (e *Engine) IsComplete(code string) (status, indent string) {
	p := e.answering()
	if p == nil {
		return "unknown", ""
	}
	id := e.ids.Add(1)
	ev, ok := p.ask(id, request{Op: opIsComplete, ID: id, Code: code}, answerTimeout)
	if !ok || ev.Status == "" {
		return "unknown", ""
	}
	return ev.Status, ev.Indent
}

// answering returns the current child once it is ready, nil if there is
// none or it does not become ready soon.
func (e *Engine) answering() *proc {
	e.mu.Lock()
	p := e.cur
	closed := e.closed
	e.mu.Unlock()
	if p == nil || closed {
		return nil
	}
	select {
	case <-p.ready:
	case <-time.After(answerTimeout):
		return nil
	}
	if p.startErr != nil || p.isDead() {
		return nil
	}
	return p
}

// Close implements engine.Engine: it asks the child to close its engine and
// exit, and kills it if it does not within a few seconds.
func (e *Engine) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	p := e.cur
	e.cur = nil
	e.mu.Unlock()
	if p == nil {
		return nil
	}
	_ = p.enc.send(request{Op: opClose})
	select {
	case <-p.dead:
	case <-time.After(3 * time.Second):
		p.kill("it did not exit when the engine was closed")
		<-p.dead
	}
	return nil
}

// Pid is the process id of the current child, 0 if none runs: for tests and
// diagnostics.
func (e *Engine) Pid() int {
	e.mu.Lock()
	p := e.cur
	e.mu.Unlock()
	if p == nil {
		return 0
	}
	select {
	case <-p.ready:
		return p.hello.Pid
	case <-time.After(answerTimeout):
		return 0
	}
}

// MemoryLimit is the limit the children run under, in bytes (0: none).
func (e *Engine) MemoryLimit() int64 { return e.opts.MemoryLimit }
