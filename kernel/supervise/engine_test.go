package supervise_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/specstress/specstress/kernel/engine"
	"github.com/specstress/specstress/kernel/internal/fakeengine"
	"github.com/specstress/specstress/kernel/supervise"
)

// childEnv makes the test binary act as the supervised child serving the
// fake engine, as `specstress` does with its hidden subcommand.
const childEnv = "SUPERVISE_TEST_CHILD"

// supervisorEnv makes the test binary a supervisor that prints its child's
// pid and waits to be killed.
const supervisorEnv = "SUPERVISE_TEST_SUPERVISOR"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(supervise.ChildMain(func() (engine.Engine, error) {
			return engine.WithInputRequests(func(io.Reader) (engine.Engine, error) { return &fakeengine.Engine{}, nil })
		}))
	}
	if os.Getenv(supervisorEnv) != "" {
		e, err := supervise.New(supervise.Options{Command: func() *exec.Cmd {
			c := exec.Command(os.Args[0])
			c.Env = append(os.Environ(), childEnv+"=1")
			return c
		}})
		if err != nil {
			panic(err)
		}
		fmt.Println(e.Pid())
		time.Sleep(time.Hour)
	}
	os.Exit(m.Run())
}

// cancelOnOutput calls cancel once out's stdout reads want, so that an
// interrupt finds the cell running in the child rather than on its way.
func cancelOnOutput(t *testing.T, out *recorder, want string, cancel func()) {
	go func() {
		defer cancel()
		deadline := time.Now().Add(10 * time.Second)
		for s, _ := out.text(); s != want; s, _ = out.text() {
			if time.Now().After(deadline) {
				t.Errorf("the cell did not print %q", want)
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
}

// alive reports whether process pid exists and is not a zombie (an
// orphan's zombie lingers until init reaps it).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return syscall.Kill(pid, 0) == nil
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

// recorder is an Output that keeps what a cell showed.
type recorder struct {
	mu       sync.Mutex
	stdout   strings.Builder
	stderr   strings.Builder
	displays []engine.Bundle
	clears   int
	answer   string // what Input returns, when stdin is on
	stdin    bool
}

func (r *recorder) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if name == "stderr" {
		r.stderr.WriteString(text)
	} else {
		r.stdout.WriteString(text)
	}
}

func (r *recorder) Display(data engine.Bundle, _ map[string]any, _ string, _ bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, data)
}

func (r *recorder) Clear(bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clears++
}

func (r *recorder) text() (string, string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stdout.String(), r.stderr.String()
}

// inputRecorder also answers input requests.
type inputRecorder struct{ recorder }

func (r *inputRecorder) Input(ctx context.Context, prompt string, password bool) (string, error) {
	return "line for " + prompt, nil
}

// startB makes a supervised fake engine for a benchmark.
func startB(b *testing.B) *supervise.Engine {
	b.Helper()
	e, err := supervise.New(supervise.Options{Command: func() *exec.Cmd {
		c := exec.Command(os.Args[0])
		c.Env = append(os.Environ(), childEnv+"=1")
		return c
	}, Log: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { e.Close() })
	return e
}

// start makes a supervised fake engine, closed when the test ends.
func start(t *testing.T, tweak func(*supervise.Options)) *supervise.Engine {
	t.Helper()
	var log syncBuffer
	opts := supervise.Options{
		Command: func() *exec.Cmd {
			c := exec.Command(os.Args[0])
			c.Env = append(os.Environ(), childEnv+"=1")
			return c
		},
		Log: &log,
	}
	if tweak != nil {
		tweak(&opts)
	}
	e, err := supervise.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		e.Close()
		if t.Failed() {
			l := log.String()
			t.Logf("supervisor log (tail):\n%s", l[max(0, len(l)-4000):])
		}
	})
	return e
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func execute(t *testing.T, e *supervise.Engine, code string) (engine.Result, *recorder) {
	t.Helper()
	r := &recorder{}
	return e.Execute(context.Background(), code, r), r
}

func pidOf(t *testing.T, e *supervise.Engine) int {
	t.Helper()
	res, _ := execute(t, e, "pid")
	if res.Error != nil {
		t.Fatalf("pid: %+v", res.Error)
	}
	n, err := strconv.Atoi(res.Data["text/plain"].(string))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOutputsAndResultsCrossTheProcessBoundary(t *testing.T) {
	e := start(t, nil)
	if got := e.Info().Implementation; got != "fakeengine" {
		t.Errorf("Info().Implementation = %q, want the child's fakeengine", got)
	}
	res, out := execute(t, e, "print hello\neprint oops\ndisplay text/markdown **hi**\nclear\nvalue 42")
	if res.Error != nil {
		t.Fatalf("error %+v", res.Error)
	}
	if res.Data["text/plain"] != "42" {
		t.Errorf("result %v, want 42", res.Data)
	}
	stdout, stderr := out.text()
	if stdout != "hello\n" || stderr != "oops\n" {
		t.Errorf("streams %q %q", stdout, stderr)
	}
	if len(out.displays) != 1 || out.displays[0]["text/markdown"] != "**hi**" || out.clears != 1 {
		t.Errorf("displays %v clears %d", out.displays, out.clears)
	}
	res, _ = execute(t, e, "fail on purpose")
	if res.Error == nil || res.Error.Name != "Failure" || res.Error.Value != "on purpose" {
		t.Errorf("error result %+v", res.Error)
	}
	if pid := pidOf(t, e); pid == os.Getpid() || pid == 0 {
		t.Errorf("the cell ran in pid %d, the supervisor is %d", pid, os.Getpid())
	}
}

// TestFatalErrorsBecomeCellErrors: each failure that no recover catches
// ends the child; the cell gets an error naming it, the output it made
// before stays, and the next cell runs in a fresh process.
func TestFatalErrorsBecomeCellErrors(t *testing.T) {
	e := start(t, nil)
	cases := []struct{ kind, want string }{
		{"stack", "fatal error: stack overflow"},
		{"maps", "fatal error: concurrent map writes"},
		{"goroutine", "panic: fakeengine: boom in a goroutine"},
		{"exit", "exit status 3"},
	}
	for _, c := range cases {
		t.Run(c.kind, func(t *testing.T) {
			before := pidOf(t, e)
			res, out := execute(t, e, "print before the crash\ncrash "+c.kind)
			if res.Error == nil {
				t.Fatalf("no error; result %v", res.Data)
			}
			if res.Error.Name != "KernelDied" || !strings.Contains(res.Error.Value, c.want) ||
				!strings.Contains(res.Error.Value, "session state was lost") {
				t.Errorf("error %s: %q, want KernelDied naming %q and the lost session", res.Error.Name, res.Error.Value, c.want)
			}
			if len(res.Error.Traceback) == 0 || !strings.Contains(res.Error.Traceback[0], c.want) {
				t.Errorf("traceback %q", res.Error.Traceback)
			}
			if stdout, _ := out.text(); stdout != "before the crash\n" {
				t.Errorf("output before the crash: %q", stdout)
			}
			res, _ = execute(t, e, "value alive")
			if res.Error != nil || res.Data["text/plain"] != "alive" {
				t.Fatalf("next cell: %+v %v", res.Error, res.Data)
			}
			if after := pidOf(t, e); after == before {
				t.Errorf("still pid %d after the crash", after)
			}
		})
	}
}

func TestMemoryLimitTurnsRunawayAllocationIntoAnError(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's shadow memory counts against RLIMIT_DATA")
	}
	const limit = 512 << 20
	e := start(t, func(o *supervise.Options) { o.MemoryLimit = limit })
	res, out := execute(t, e, "alloc 104857600") // 100 MiB: within the limit
	if res.Error != nil {
		t.Fatalf("100 MiB under a 512 MiB limit: %+v", res.Error)
	}
	if stdout, _ := out.text(); stdout != "allocated 104857600 bytes\n" {
		t.Errorf("output %q", stdout)
	}
	res, _ = execute(t, e, "alloc 32212254720") // 30 GiB
	if res.Error == nil {
		t.Fatal("30 GiB allocation under a 512 MiB limit succeeded")
	}
	for _, want := range []string{"out of memory", "memory limit of 512 MiB", "session state was lost"} {
		if !strings.Contains(res.Error.Value, want) {
			t.Errorf("error %q does not say %q", res.Error.Value, want)
		}
	}
	if res, _ := execute(t, e, "value alive"); res.Error != nil {
		t.Errorf("next cell: %+v", res.Error)
	}
}

func TestInterruptStopsTheCellAndKeepsTheSession(t *testing.T) {
	e := start(t, nil)
	before := pidOf(t, e)
	ctx, cancel := context.WithCancel(context.Background())
	out := &recorder{}
	cancelOnOutput(t, out, "started\n", cancel)
	res := e.Execute(ctx, "print started\nloop", out)
	if res.Error == nil || res.Error.Name != "Interrupted" {
		t.Fatalf("interrupted loop: %+v", res.Error)
	}
	if after := pidOf(t, e); after != before {
		t.Errorf("an interrupt restarted the process (%d -> %d)", before, after)
	}
}

func TestCellDeafToInterruptIsStoppedAfterGrace(t *testing.T) {
	e := start(t, func(o *supervise.Options) { o.InterruptGrace = 300 * time.Millisecond })
	before := pidOf(t, e)
	ctx, cancel := context.WithCancel(context.Background())
	out := &recorder{}
	cancelOnOutput(t, out, "started\n", cancel)
	res := e.Execute(ctx, "print started\nhang 600000", out)
	if res.Error == nil || res.Error.Name != "KernelDied" ||
		!strings.Contains(res.Error.Value, "did not stop within 300ms of the interrupt") {
		t.Fatalf("deaf cell: %+v", res.Error)
	}
	if after := pidOf(t, e); after == before {
		t.Errorf("the deaf process %d still serves", after)
	}
}

// TestCrashBetweenCellsIsReported: a goroutine of a finished cell kills the
// process; the cell it came from hears of it, and the next cell is not run
// in the fresh session as if nothing had happened.
func TestCrashBetweenCellsIsReported(t *testing.T) {
	e := start(t, nil)
	before := pidOf(t, e)
	res, out := execute(t, e, "crashlater 100 maps")
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, stderr := out.text(); strings.Contains(stderr, "concurrent map writes") {
			if !strings.Contains(stderr, "after this cell ended") {
				t.Errorf("note on the earlier cell: %q", stderr)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the cell whose goroutine crashed the process was not told")
		}
		time.Sleep(20 * time.Millisecond)
	}
	res, _ = execute(t, e, "value should not run")
	if res.Error == nil || res.Error.Name != "KernelRestarted" || !strings.Contains(res.Error.Value, "this cell was not run") {
		t.Fatalf("cell after the crash: %+v %v", res.Error, res.Data)
	}
	if after := pidOf(t, e); after == before {
		t.Errorf("same pid %d", after)
	}
}

func TestInputRequestsReachTheFrontEnd(t *testing.T) {
	e := start(t, nil)
	r := &inputRecorder{}
	res := e.Execute(context.Background(), "input name?", r)
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	if stdout, _ := r.text(); stdout != "got: line for name?\n" {
		t.Errorf("stdout %q", stdout)
	}
	// An Output without InputReader: the engine learns there is no stdin.
	res, _ = execute(t, e, "input name?")
	if res.Error == nil || !strings.Contains(res.Error.Value, "does not accept input") {
		t.Errorf("input without a front-end: %+v", res.Error)
	}
}

func TestCompletionWhileACellRuns(t *testing.T) {
	e := start(t, nil)
	done := make(chan engine.Result, 1)
	// The cell runs until interrupted: what is answered before that was
	// answered while it ran.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &recorder{}
	go func() { done <- e.Execute(ctx, "print started\nloop", out) }()
	deadline := time.Now().Add(10 * time.Second)
	for s, _ := out.text(); s != "started\n"; s, _ = out.text() {
		if time.Now().After(deadline) {
			t.Fatal("the cell did not start")
		}
		time.Sleep(time.Millisecond)
	}
	c := e.Complete("pri", 3)
	if len(c.Matches) != 1 || c.Matches[0] != "print" || c.CursorStart != 0 || c.CursorEnd != 3 {
		t.Errorf("completion %+v", c)
	}
	if st, _ := e.IsComplete("print a \\"); st != "incomplete" {
		t.Errorf("is_complete %q", st)
	}
	if in := e.Inspect("print", 2, 0); !in.Found {
		t.Errorf("inspect %+v", in)
	}
	select {
	case res := <-done:
		t.Errorf("the cell ended before the completions were answered: %+v", res)
	default:
	}
	cancel()
	if res := <-done; res.Error == nil || res.Error.Name != "Interrupted" {
		t.Errorf("the running cell, interrupted: %+v", res.Error)
	}
}

func TestLateOutputReachesItsOwnCell(t *testing.T) {
	e := start(t, nil)
	res, first := execute(t, e, "later 200 late line")
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	_, second := execute(t, e, "print second")
	deadline := time.Now().Add(10 * time.Second)
	for {
		if s, _ := first.text(); s == "late line\n" {
			break
		}
		if time.Now().After(deadline) {
			s, _ := first.text()
			t.Fatalf("first cell's late output %q", s)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if s, _ := second.text(); s != "second\n" {
		t.Errorf("second cell got %q", s)
	}
}

func TestCloseEndsTheChild(t *testing.T) {
	e := start(t, nil)
	pid := pidOf(t, e)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if alive(pid) {
		t.Errorf("child %d still alive after Close", pid)
	}
	res, _ := execute(t, e, "value x")
	if res.Error == nil {
		t.Error("Execute after Close succeeded")
	}
}

// TestChildDiesWithItsSupervisor: a supervisor killed outright (no chance
// to close anything) leaves no engine process behind.
func TestChildDiesWithItsSupervisor(t *testing.T) {
	sup := exec.Command(os.Args[0])
	sup.Env = append(os.Environ(), supervisorEnv+"=1")
	out, err := sup.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sup.Start(); err != nil {
		t.Fatal(err)
	}
	var pid int
	if _, err := fmt.Fscan(out, &pid); err != nil || pid <= 0 {
		sup.Process.Kill()
		t.Fatalf("child pid: %d, %v", pid, err)
	}
	if !alive(pid) {
		t.Fatalf("child %d not running", pid)
	}
	sup.Process.Kill()
	sup.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("child %d outlived its killed supervisor", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestStartFailureIsAnError(t *testing.T) {
	_, err := supervise.New(supervise.Options{
		Command: func() *exec.Cmd { return exec.Command(os.Args[0], "-test.run=^$") }, // no child: exits at once
		Log:     io.Discard, StartTimeout: 20 * time.Second,
	})
	if err == nil || !strings.Contains(err.Error(), "ended before it was ready") {
		t.Fatalf("New with a command that never serves: %v", err)
	}
}
