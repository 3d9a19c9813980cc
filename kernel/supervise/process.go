package supervise

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/specstress/specstress/kernel/engine"
)

// keepRuns is how many finished executions keep their Output: output that
// goroutines of a cell write after it ended still reaches that cell.
const keepRuns = 32

// proc is one child process and the supervisor's end of its pipes.
type proc struct {
	cmd *exec.Cmd
	enc *encoder
	log *crashLog
	out io.Writer // the supervisor's log, for events nobody waits for

	started   time.Time // when the process was started
	readyOnce sync.Once
	ready     chan struct{} // closed once hello (or a start failure) is known
	hello     event
	startErr  error

	dead  chan struct{} // closed when the child has exited and its events are read
	exit  error         // cmd.Wait's error, set before dead closes
	waitd chan struct{} // closed when cmd.Wait returned

	mu       sync.Mutex
	runs     map[uint64]*run
	order    []uint64 // run ids, oldest first
	waits    map[uint64]chan event
	killedBy string // why the supervisor killed the child, "" if it did not

	reported bool // its death was reported to a cell; under Engine.exec
}

// run is one execution as the supervisor sees it.
type run struct {
	ctx      context.Context
	out      engine.Output
	done     chan engine.Result
	finished bool // its result arrived; under proc.mu
}

// startProc starts a child. It does not wait for the child's hello: ready
// closes when it arrives.
func startProc(opts *Options) *proc {
	p := &proc{
		started: time.Now(),
		ready:   make(chan struct{}),
		dead:    make(chan struct{}),
		waitd:   make(chan struct{}),
		runs:    map[uint64]*run{},
		waits:   map[uint64]chan event{},
		out:     opts.Log,
		log:     newCrashLog(opts.Log),
	}
	fail := func(err error) *proc {
		p.startErr = err
		close(p.ready)
		close(p.waitd)
		close(p.dead)
		return p
	}
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return fail(fmt.Errorf("supervise: pipe: %w", err))
	}
	evR, evW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		return fail(fmt.Errorf("supervise: pipe: %w", err))
	}
	cmd := opts.Command()
	cmd.ExtraFiles = []*os.File{reqR, evW} // fds 3 and 4: childRequestFD, childEventFD
	cmd.Stdin = nil
	cmd.Stdout = opts.Log
	cmd.Stderr = p.log
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, envMemoryLimit+"="+strconv.FormatInt(opts.MemoryLimit, 10))
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = childSysProcAttr()
	}
	cmd.WaitDelay = time.Second // grandchildren holding stderr must not hold up the report
	p.cmd = cmd
	p.enc = newEncoder(reqW)

	started := make(chan error, 1)
	go func() {
		// The child's parent-death signal belongs to the thread that
		// started it: keep that thread alive, and this goroutine on it,
		// for as long as the child runs.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		err := cmd.Start()
		started <- err
		if err != nil {
			return
		}
		p.exit = cmd.Wait()
		close(p.waitd)
	}()
	err = <-started
	reqR.Close()
	evW.Close()
	if err != nil {
		reqW.Close()
		evR.Close()
		return fail(fmt.Errorf("supervise: start %s: %w", cmd.Path, err))
	}
	go p.read(evR, reqW)
	return p
}

// read dispatches the child's events until its event pipe ends, then waits
// for the process and declares it dead.
func (p *proc) read(evR, reqW *os.File) {
	dec := newDecoder(evR)
	for {
		var ev event
		if err := dec.Decode(&ev); err != nil {
			if !errors.Is(err, io.EOF) {
				fmt.Fprintf(p.out, "supervise: unreadable event from the engine process (%v); stopping it\n", err)
				p.kill("it sent an unreadable message")
			}
			break
		}
		p.dispatch(ev)
	}
	evR.Close()
	reqW.Close() // a child still alive sees its requests end and exits
	<-p.waitd
	p.log.finish()
	p.readyOnce.Do(func() {
		p.startErr = fmt.Errorf("the engine process ended before it was ready: %s", p.describeExit())
		close(p.ready)
	})
	p.mu.Lock()
	for _, ch := range p.waits {
		close(ch)
	}
	p.waits = map[uint64]chan event{}
	p.mu.Unlock()
	close(p.dead)
}

func (p *proc) dispatch(ev event) {
	switch ev.Ev {
	case evHello:
		p.readyOnce.Do(func() {
			p.hello = ev
			close(p.ready)
		})
		return
	case evStartError:
		p.readyOnce.Do(func() {
			p.startErr = errors.New(ev.Text)
			close(p.ready)
		})
		return
	case evAnswer:
		p.mu.Lock()
		ch := p.waits[ev.ID]
		delete(p.waits, ev.ID)
		p.mu.Unlock()
		if ch != nil {
			ch <- ev
		}
		return
	}
	p.mu.Lock()
	r := p.runs[ev.ID]
	if r != nil && ev.Ev == evResult {
		r.finished = true
	}
	p.mu.Unlock()
	if r == nil {
		fmt.Fprintf(p.out, "supervise: %s event for execution %d, which is no longer kept; dropped\n", ev.Ev, ev.ID)
		return
	}
	switch ev.Ev {
	case evStream:
		r.out.Stream(ev.Name, ev.Text)
	case evDisplay:
		r.out.Display(ev.Data, ev.Metadata, ev.DisplayID, ev.Update)
	case evClear:
		r.out.Clear(ev.Wait)
	case evInput:
		go p.input(r, ev)
	case evResult:
		var res engine.Result
		if ev.Result != nil {
			res = *ev.Result
		}
		select {
		case r.done <- res:
		default:
		}
	default:
		fmt.Fprintf(p.out, "supervise: unknown event %q from the engine process; ignored\n", ev.Ev)
	}
}

// input asks the front-end for the line a cell in the child wants.
func (p *proc) input(r *run, ev event) {
	ans := request{Op: opInput, ID: ev.ID, Req: ev.Req}
	ir, ok := r.out.(engine.InputReader)
	if !ok {
		ans.Err = inputNoStdin
	} else {
		v, err := ir.Input(r.ctx, ev.Prompt, ev.Password)
		switch {
		case err == nil:
			ans.Value = v
		case errors.Is(err, engine.ErrNoStdin):
			ans.Err = inputNoStdin
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			ans.Err = inputCancelled
		default:
			ans.Err, ans.ErrValue = inputOtherError, err.Error()
		}
	}
	_ = p.enc.send(ans)
}

// addRun registers an execution, forgetting the oldest finished ones.
func (p *proc) addRun(id uint64, r *run) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.runs[id] = r
	p.order = append(p.order, id)
	for len(p.order) > keepRuns {
		delete(p.runs, p.order[0])
		p.order = p.order[1:]
	}
}

// lastRun is the most recent execution, nil if none.
func (p *proc) lastRun() *run {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.order) == 0 {
		return nil
	}
	return p.runs[p.order[len(p.order)-1]]
}

// ask sends a request that the child answers with one evAnswer, waiting at
// most timeout; ok is false if no answer came.
func (p *proc) ask(id uint64, q request, timeout time.Duration) (event, bool) {
	ch := make(chan event, 1)
	p.mu.Lock()
	p.waits[id] = ch
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.waits, id)
		p.mu.Unlock()
	}()
	if p.enc.send(q) != nil {
		return event{}, false
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case ev, ok := <-ch:
		return ev, ok
	case <-p.dead:
		return event{}, false
	case <-t.C:
		return event{}, false
	}
}

// kill stops the child; why says what made the supervisor do it.
func (p *proc) kill(why string) {
	p.mu.Lock()
	if p.killedBy == "" {
		p.killedBy = why
	}
	p.mu.Unlock()
	if p.cmd != nil && p.cmd.Process != nil {
		_ = p.cmd.Process.Kill()
	}
}

// isDead reports whether the child is gone.
func (p *proc) isDead() bool {
	select {
	case <-p.dead:
		return true
	default:
		return false
	}
}

// describeExit says how the process ended ("exit status 2", "signal:
// killed"); call after waitd closed.
func (p *proc) describeExit() string {
	if p.exit == nil {
		return "exit status 0"
	}
	var ee *exec.ExitError
	if errors.As(p.exit, &ee) {
		return ee.ProcessState.String()
	}
	return p.exit.Error()
}
