package kernel_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/specstress/specstress/kernel"
	"github.com/specstress/specstress/kernel/engine"
	"github.com/specstress/specstress/kernel/internal/fakeengine"
)

const testKey = "a0436f6c-1916-498b-8eb9-e81ab9368e84"

func TestKernelInfoBetweenBusyAndIdle(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, nil)
	id := c.send(c.shell, "kernel_info_request", map[string]any{})
	rep := c.reply(c.shellC, id)
	if rep.Type() != "kernel_info_reply" || rep.Content["status"] != "ok" || rep.Content["protocol_version"] != "5.3" {
		t.Fatalf("reply %s %v", rep.Type(), rep.Content)
	}
	li := rep.Content["language_info"].(map[string]any)
	if li["name"] != "fake" || li["file_extension"] != ".fake" {
		t.Errorf("language_info %v", li)
	}
	got := types(c.iopubUntilIdle(id))
	if want := []string{"status", "status"}; !reflect.DeepEqual(got, want) {
		t.Errorf("iopub %v, want %v", got, want)
	}
}

func TestExecuteStreamsResultAndReplyInOrder(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, nil)
	rep, pub := c.execute("print hello\neprint oops\nprint again\nvalue 42", nil)
	if rep.Content["status"] != "ok" || rep.Content["execution_count"] != 1.0 {
		t.Fatalf("reply %v", rep.Content)
	}
	want := []string{"status", "execute_input", "stream", "stream", "stream", "execute_result", "status"}
	if got := types(pub); !reflect.DeepEqual(got, want) {
		t.Fatalf("iopub %v, want %v", got, want)
	}
	if pub[2].Content["name"] != "stdout" || pub[2].Content["text"] != "hello\n" || pub[3].Content["name"] != "stderr" {
		t.Errorf("streams %v %v", pub[2].Content, pub[3].Content)
	}
	res := pub[5].Content
	if res["execution_count"] != 1.0 || res["data"].(map[string]any)["text/plain"] != "42" {
		t.Errorf("execute_result %v", res)
	}
	rep, _ = c.execute("value 1", nil)
	if rep.Content["execution_count"] != 2.0 {
		t.Errorf("second execution_count %v", rep.Content["execution_count"])
	}
}

func TestStreamsArriveWhileTheCellRuns(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, nil)
	// The cell prints, then blocks until interrupted: its output can only
	// reach us if it is published while the cell is still running.
	id := c.send(c.shell, "execute_request", map[string]any{"code": "print early\nloop"})
	for {
		m := c.recv(c.pubC, 10*time.Second)
		if m.Type() == "stream" {
			if m.Content["text"] != "early\n" || m.Parent() != id {
				t.Fatalf("first stream %v", m.Content)
			}
			break
		}
	}
	select {
	case r := <-c.shellC:
		t.Fatalf("reply %v before the cell was interrupted", r.Content)
	default:
	}
	c.send(c.control, "interrupt_request", map[string]any{})
	c.reply(c.shellC, id)
}

func TestErrorReplyAndStopOnError(t *testing.T) {
	log := &logWatch{}
	c, _, _, _ := startKernel(t, testKey, func(o *kernel.Options) { o.Log = log })
	// Two requests at once: the failure aborts the one queued behind it.
	// The first cell waits for input, so the second has certainly arrived
	// (it was sent before the input_request existed) when the first fails.
	id1 := c.send(c.shell, "execute_request", map[string]any{"code": "input go?\nfail broken", "allow_stdin": true})
	id2 := c.send(c.shell, "execute_request", map[string]any{"code": "print never"})
	req := c.recv(c.stdinC, 10*time.Second)
	// Only requests received before a failure are aborted: wait until the
	// server's shell reader has taken the second request off the wire. It
	// reads one message at a time in order, so once it logs dropping a
	// malformed message sent after the second request, it has the second.
	c.sendRaw(c.shell, [][]byte{[]byte("sync: not a message")})
	log.waitFor(t, "shell: dropped a message", 10*time.Second)
	f, _ := c.frames("input_reply", map[string]any{"value": "yes"})
	c.sendRaw(c.stdin, reparent(t, c, f, req.Header))
	r1, r2 := c.reply(c.shellC, id1), c.reply(c.shellC, id2)
	if r1.Content["status"] != "error" || r1.Content["ename"] != "Failure" || r1.Content["evalue"] != "broken" {
		t.Errorf("failing cell reply %v", r1.Content)
	}
	if r2.Content["status"] != "aborted" {
		t.Errorf("queued cell reply %v, want aborted", r2.Content)
	}
	pub := c.iopubUntilIdle(id1)
	if got := types(pub); !reflect.DeepEqual(got, []string{"status", "execute_input", "stream", "error", "status"}) {
		t.Errorf("iopub %v", got)
	}
	// A request sent as soon as the error reply arrives runs normally.
	for i := 0; i < 20; i++ {
		c.execute("fail again", nil)
		if rep, _ := c.execute("value ok", nil); rep.Content["status"] != "ok" {
			t.Fatalf("cell sent after an error reply: %v", rep.Content)
		}
	}
}

func TestEnginePanicBecomesAnError(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, nil)
	rep, pub := c.execute("panic boom", nil)
	if rep.Content["status"] != "error" || rep.Content["ename"] != "EnginePanic" {
		t.Fatalf("reply %v", rep.Content)
	}
	if got := types(pub); !reflect.DeepEqual(got, []string{"status", "execute_input", "error", "status"}) {
		t.Errorf("iopub %v", got)
	}
	if rep, _ := c.execute("value alive", nil); rep.Content["status"] != "ok" {
		t.Errorf("kernel not usable after panic: %v", rep.Content)
	}
}

func TestInterruptOverControlWhileACellRuns(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, nil)
	id := c.send(c.shell, "execute_request", map[string]any{"code": "print started\nloop"})
	// Wait until the cell runs, then interrupt on control.
	for m := c.recv(c.pubC, 5*time.Second); m.Type() != "stream"; m = c.recv(c.pubC, 5*time.Second) {
	}
	iid := c.send(c.control, "interrupt_request", map[string]any{})
	if r := c.reply(c.controlC, iid); r.Type() != "interrupt_reply" || r.Content["status"] != "ok" {
		t.Errorf("interrupt reply %s %v", r.Type(), r.Content)
	}
	rep := c.reply(c.shellC, id)
	if rep.Content["status"] != "error" || rep.Content["ename"] != "Interrupted" {
		t.Errorf("interrupted cell reply %v", rep.Content)
	}
	if rep, _ := c.execute("value after", nil); rep.Content["status"] != "ok" {
		t.Errorf("kernel not usable after interrupt: %v", rep.Content)
	}
}

func TestServerInterruptMethod(t *testing.T) {
	c, srv, _, _ := startKernel(t, testKey, nil)
	id := c.send(c.shell, "execute_request", map[string]any{"code": "print started\nloop"})
	for m := c.recv(c.pubC, 5*time.Second); m.Type() != "stream"; m = c.recv(c.pubC, 5*time.Second) {
	}
	srv.Interrupt() // what SIGINT does
	if rep := c.reply(c.shellC, id); rep.Content["ename"] != "Interrupted" {
		t.Errorf("reply %v", rep.Content)
	}
}

func TestControlIsServedWhileACellRuns(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, nil)
	// The cell blocks until interrupted, so control must answer during it.
	id := c.send(c.shell, "execute_request", map[string]any{"code": "print started\nloop"})
	for m := c.recv(c.pubC, 10*time.Second); m.Type() != "stream"; m = c.recv(c.pubC, 10*time.Second) {
	}
	kid := c.send(c.control, "kernel_info_request", map[string]any{})
	select {
	case r := <-c.controlC:
		if r.Parent() != kid || r.Type() != "kernel_info_reply" {
			t.Errorf("control reply %s to %s", r.Type(), r.Parent())
		}
	case <-c.shellC:
		t.Fatal("shell answered before control")
	case <-time.After(10 * time.Second):
		t.Fatal("control did not answer while the cell ran")
	}
	c.send(c.control, "interrupt_request", map[string]any{})
	c.reply(c.shellC, id)
}

func TestCompleteInspectIsComplete(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, nil)
	id := c.send(c.shell, "complete_request", map[string]any{"code": "print x\npri", "cursor_pos": 11})
	r := c.reply(c.shellC, id)
	if r.Content["status"] != "ok" || fmt.Sprint(r.Content["matches"]) != "[print]" ||
		r.Content["cursor_start"] != 8.0 || r.Content["cursor_end"] != 11.0 {
		t.Errorf("complete_reply %v", r.Content)
	}
	// cursor_pos counts code points, not bytes.
	id = c.send(c.shell, "complete_request", map[string]any{"code": "é cl", "cursor_pos": 4})
	if r := c.reply(c.shellC, id); fmt.Sprint(r.Content["matches"]) != "[clear]" || r.Content["cursor_start"] != 2.0 {
		t.Errorf("complete_reply after a non-ASCII rune %v", r.Content)
	}
	id = c.send(c.shell, "inspect_request", map[string]any{"code": "sleep 10", "cursor_pos": 2, "detail_level": 0})
	r = c.reply(c.shellC, id)
	if r.Content["status"] != "ok" || r.Content["found"] != true || !strings.Contains(fmt.Sprint(r.Content["data"]), "wait") {
		t.Errorf("inspect_reply %v", r.Content)
	}
	id = c.send(c.shell, "inspect_request", map[string]any{"code": "nothing", "cursor_pos": 3, "detail_level": 0})
	if r := c.reply(c.shellC, id); r.Content["found"] != false {
		t.Errorf("inspect of unknown %v", r.Content)
	}
	for code, want := range map[string]string{"print a": "complete", "print a \\": "incomplete", "bogus": "invalid"} {
		id := c.send(c.shell, "is_complete_request", map[string]any{"code": code})
		if r := c.reply(c.shellC, id); r.Content["status"] != want {
			t.Errorf("is_complete(%q) = %v, want %s", code, r.Content, want)
		}
	}
}

func TestHelpSyntaxPagesTheInspection(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, nil)
	rep, _ := c.execute("sleep?", nil)
	payload, _ := rep.Content["payload"].([]any)
	if rep.Content["status"] != "ok" || len(payload) != 1 {
		t.Fatalf("reply %v", rep.Content)
	}
	p := payload[0].(map[string]any)
	if p["source"] != "page" || !strings.Contains(fmt.Sprint(p["data"]), "sleep MS") {
		t.Errorf("payload %v", p)
	}
}

func TestHistoryTailRangeSearch(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, nil)
	for _, code := range []string{"value 1", "value 2", "value 1"} {
		c.execute(code, nil)
	}
	c.execute("value hidden", map[string]any{"store_history": false})
	hist := func(q map[string]any) []any {
		t.Helper()
		id := c.send(c.shell, "history_request", q)
		r := c.reply(c.shellC, id)
		h, _ := r.Content["history"].([]any)
		return h
	}
	h := hist(map[string]any{"hist_access_type": "tail", "n": 2, "output": false, "raw": true})
	if fmt.Sprint(h) != "[[1 2 value 2] [1 3 value 1]]" {
		t.Errorf("tail %v", h)
	}
	h = hist(map[string]any{"hist_access_type": "tail", "n": 1, "output": true, "raw": true})
	if fmt.Sprint(h) != "[[1 3 [value 1 1]]]" {
		t.Errorf("tail with output %v", h)
	}
	h = hist(map[string]any{"hist_access_type": "range", "session": 1, "start": 2, "stop": 3, "raw": true})
	if fmt.Sprint(h) != "[[1 2 value 2]]" {
		t.Errorf("range %v", h)
	}
	h = hist(map[string]any{"hist_access_type": "search", "pattern": "value ?", "unique": true, "raw": true})
	if fmt.Sprint(h) != "[[1 2 value 2] [1 3 value 1]]" {
		t.Errorf("search unique %v", h)
	}
	h = hist(map[string]any{"hist_access_type": "search", "pattern": "*1", "n": 3, "raw": true})
	if len(h) != 2 {
		t.Errorf("search n %v", h)
	}
}

func TestDisplayUpdateAndClear(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, nil)
	_, pub := c.execute("print a\ndisplay text/markdown **hi**\nupdate d1 first\nupdate d1 second\nclear", nil)
	want := []string{"status", "execute_input", "stream", "display_data", "display_data", "update_display_data", "clear_output", "status"}
	if got := types(pub); !reflect.DeepEqual(got, want) {
		t.Fatalf("iopub %v, want %v", got, want)
	}
	if pub[3].Content["data"].(map[string]any)["text/markdown"] != "**hi**" {
		t.Errorf("display %v", pub[3].Content)
	}
	if pub[5].Content["transient"].(map[string]any)["display_id"] != "d1" {
		t.Errorf("update %v", pub[5].Content)
	}
}

func TestSilentExecutionShowsNothing(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, nil)
	rep, pub := c.execute("print quiet\nvalue 3", map[string]any{"silent": true})
	if rep.Content["status"] != "ok" || rep.Content["execution_count"] != 0.0 {
		t.Errorf("reply %v", rep.Content)
	}
	if got := types(pub); !reflect.DeepEqual(got, []string{"status", "status"}) {
		t.Errorf("iopub %v", got)
	}
}

func TestUserExpressions(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, nil)
	rep, _ := c.execute("print x", map[string]any{"user_expressions": map[string]any{"a": "value 7", "b": "fail no"}})
	ue := rep.Content["user_expressions"].(map[string]any)
	a, b := ue["a"].(map[string]any), ue["b"].(map[string]any)
	if a["status"] != "ok" || a["data"].(map[string]any)["text/plain"] != "7" || b["status"] != "error" {
		t.Errorf("user_expressions %v", ue)
	}
}

func TestStdinInputRequest(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, nil)
	id := c.send(c.shell, "execute_request", map[string]any{"code": "input name?", "allow_stdin": true})
	req := c.recv(c.stdinC, 5*time.Second)
	if req.Type() != "input_request" || req.Content["prompt"] != "name?" || req.Parent() != id {
		t.Fatalf("input_request %s %v", req.Type(), req.Content)
	}
	f, _ := c.frames("input_reply", map[string]any{"value": "gopher"})
	// input_reply's parent is the input_request.
	f = reparent(t, c, f, req.Header)
	c.sendRaw(c.stdin, f)
	c.reply(c.shellC, id)
	var text string
	for _, m := range c.iopubUntilIdle(id) {
		if m.Type() == "stream" {
			text += m.Content["text"].(string)
		}
	}
	if text != "got: gopher\n" {
		t.Errorf("stdout %q", text)
	}
	// Without allow_stdin the engine is told there is no input.
	rep, _ := c.execute("input x", map[string]any{"allow_stdin": false})
	if rep.Content["status"] != "error" || !strings.Contains(rep.Content["evalue"].(string), "does not accept input") {
		t.Errorf("reply without stdin %v", rep.Content)
	}
}

func TestOutputCapAndLateOutput(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, func(o *kernel.Options) { o.MaxOutputBytes = 100000 })
	id := c.send(c.shell, "execute_request", map[string]any{"code": "spam 1000000\nlater 300 tardy"})
	rep := c.reply(c.shellC, id)
	if rep.Content["status"] != "ok" {
		t.Fatalf("reply %v", rep.Content)
	}
	var stdout, stderr int
	for _, m := range c.iopubUntilIdle(id) {
		if m.Type() == "stream" {
			if m.Content["name"] == "stdout" {
				stdout += len(m.Content["text"].(string))
			} else {
				stderr++
				if !strings.Contains(m.Content["text"].(string), "output truncated") {
					t.Errorf("stderr %q", m.Content["text"])
				}
			}
		}
	}
	if stdout != 100000 || stderr != 1 {
		t.Errorf("published %d stdout bytes and %d stderr messages; want 100000 and 1", stdout, stderr)
	}
	// The goroutine's late output is capped too; check a fresh cell instead.
	id = c.send(c.shell, "execute_request", map[string]any{"code": "later 200 tardy"})
	c.reply(c.shellC, id)
	nextID := c.send(c.shell, "execute_request", map[string]any{"code": "sleep 500"})
	for {
		m := c.recv(c.pubC, 5*time.Second)
		if m.Type() == "stream" {
			if m.Parent() != id {
				t.Errorf("late output attributed to %s, want the cell that started it (%s)", m.Parent(), id)
			}
			break
		}
	}
	c.reply(c.shellC, nextID)
}

func TestBadInputIsDroppedOrAnsweredAndTheKernelKeepsServing(t *testing.T) {
	c, _, _, engs := startKernel(t, testKey, nil)
	// Bad signature: dropped, never executed.
	f, _ := c.frames("execute_request", map[string]any{"code": "print pwned"})
	f[1] = []byte(strings.Repeat("0", 64))
	c.sendRaw(c.shell, f)
	// Missing signature.
	f, _ = c.frames("execute_request", map[string]any{"code": "print pwned"})
	f[1] = []byte{}
	c.sendRaw(c.shell, f)
	// Garbage frames, no delimiter, too few frames.
	c.sendRaw(c.shell, [][]byte{[]byte("garbage"), {0xff, 0x00}})
	c.sendRaw(c.shell, [][]byte{[]byte("<IDS|MSG>"), []byte("x")})
	// Header without msg_type, signed correctly.
	c.sendRaw(c.shell, c.signed(`{"msg_id":"m1"}`, `{}`))
	c.sendRaw(c.shell, c.signed(`not json`, `{}`))
	// Invalid JSON content: an error reply.
	c.sendRaw(c.shell, c.signed(`{"msg_id":"bad-content","msg_type":"execute_request","session":"s","username":"u","version":"5.3","date":""}`, `{nope`))
	r := c.reply(c.shellC, "bad-content")
	if r.Type() != "execute_reply" || r.Content["status"] != "error" {
		t.Errorf("reply to invalid content: %s %v", r.Type(), r.Content)
	}
	// Unknown request type: an error reply.
	id := c.send(c.shell, "frobnicate_request", map[string]any{})
	if r := c.reply(c.shellC, id); r.Type() != "frobnicate_reply" || r.Content["status"] != "error" {
		t.Errorf("reply to unknown type: %s %v", r.Type(), r.Content)
	}
	// Still serving, and nothing unauthenticated ran.
	rep, _ := c.execute("value fine", nil)
	if rep.Content["status"] != "ok" || rep.Content["execution_count"] != 1.0 {
		t.Errorf("after bad input: %v", rep.Content)
	}
	if n := engs.all()[0].Executed.Load(); n != 1 {
		t.Errorf("engine ran %d cells, want 1", n)
	}
}

func (c *testClient) signed(header, content string) [][]byte {
	parts := [][]byte{[]byte(header), []byte("{}"), []byte("{}"), []byte(content)}
	return append([][]byte{[]byte("<IDS|MSG>"), []byte(c.sign(parts))}, parts...)
}

func reparent(t *testing.T, c *testClient, f [][]byte, parent map[string]any) [][]byte {
	t.Helper()
	p := fmt.Sprintf(`{"msg_id":%q,"msg_type":"input_request","session":"k","username":"kernel","version":"5.3","date":""}`, parent["msg_id"])
	parts := [][]byte{f[2], []byte(p), f[4], f[5]}
	return append([][]byte{[]byte("<IDS|MSG>"), []byte(c.sign(parts))}, parts...)
}

func TestEmptyKeyMeansNoSigning(t *testing.T) {
	c, _, _, _ := startKernel(t, "", func(o *kernel.Options) { o.Insecure = true })
	rep, _ := c.execute("value unsigned", nil)
	if rep.Content["status"] != "ok" {
		t.Errorf("reply %v", rep.Content)
	}
	if sig := rep.Frames[len(rep.Frames)-5]; len(sig) != 0 {
		t.Errorf("signature %q with an empty key", sig)
	}
}

// TestEmptyKeyRefusedUnlessInsecure: a connection without a key means
// unsigned messages; the server refuses it by default, and when allowed it
// says so where the user looks (the banner) and in its log.
func TestEmptyKeyRefusedUnlessInsecure(t *testing.T) {
	_, err := kernel.NewServer(kernel.Options{
		Connection: kernel.ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", SignatureScheme: "hmac-sha256"},
		NewEngine:  func() (engine.Engine, error) { return &fakeengine.Engine{}, nil },
	})
	if !errors.Is(err, kernel.ErrEmptyKey) {
		t.Fatalf("NewServer with an empty key: %v, want ErrEmptyKey", err)
	}
	var log syncLog
	c, _, _, _ := startKernel(t, "", func(o *kernel.Options) { o.Insecure = true; o.Log = &log })
	rep := c.reply(c.shellC, c.send(c.shell, "kernel_info_request", map[string]any{}))
	if b, _ := rep.Content["banner"].(string); !strings.HasPrefix(b, "WARNING: this kernel runs without message signing") {
		t.Errorf("banner %q does not warn", b)
	}
	if !strings.Contains(log.String(), "without message signing") {
		t.Errorf("log %q does not warn", log.String())
	}
	// With a key, no warning.
	c2, _, _, _ := startKernel(t, testKey, nil)
	rep = c2.reply(c2.shellC, c2.send(c2.shell, "kernel_info_request", map[string]any{}))
	if b, _ := rep.Content["banner"].(string); strings.Contains(b, "WARNING") {
		t.Errorf("banner with a key: %q", b)
	}
}

type syncLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestHeartbeatEchoes(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, nil)
	if err := c.hb.Send(zmq4.NewMsgString("ping")); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		m, err := c.hb.Recv()
		if err == nil {
			got <- string(m.Bytes())
		}
	}()
	select {
	case s := <-got:
		if s != "ping" {
			t.Errorf("heartbeat echoed %q", s)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no heartbeat echo")
	}
}

func TestShutdownWithRestartReplacesTheEngine(t *testing.T) {
	c, _, done, engs := startKernel(t, testKey, func(o *kernel.Options) { o.RestartInProcess = true })
	c.execute("value before", nil)
	id := c.send(c.control, "shutdown_request", map[string]any{"restart": true})
	r := c.reply(c.controlC, id)
	if r.Type() != "shutdown_reply" || r.Content["restart"] != true {
		t.Fatalf("shutdown reply %s %v", r.Type(), r.Content)
	}
	c.iopubUntilIdle(id)
	rep, _ := c.execute("value after", nil)
	if rep.Content["status"] != "ok" || rep.Content["execution_count"] != 1.0 {
		t.Errorf("after restart %v (execution_count starts again at 1)", rep.Content)
	}
	es := engs.all()
	if len(es) != 2 || es[0].Closed.Load() != 1 || es[1].Executed.Load() != 1 {
		t.Errorf("engines: %d made, first closed %d times", len(es), es[0].Closed.Load())
	}
	select {
	case err := <-done:
		t.Fatalf("Serve returned on restart: %v", err)
	default:
	}
	// A final shutdown ends Serve and closes the engine.
	id = c.send(c.control, "shutdown_request", map[string]any{"restart": false})
	c.reply(c.controlC, id)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after shutdown")
	}
	if es[1].Closed.Load() != 1 {
		t.Error("engine not closed on shutdown")
	}
}

func TestShutdownInterruptsARunningCell(t *testing.T) {
	c, _, done, _ := startKernel(t, testKey, nil)
	// The shutdown must find the cell running: wait for its first output.
	run := c.send(c.shell, "execute_request", map[string]any{"code": "print started\nloop"})
	for m := c.recv(c.pubC, 10*time.Second); m.Type() != "stream" || m.Parent() != run; m = c.recv(c.pubC, 10*time.Second) {
	}
	id := c.send(c.control, "shutdown_request", map[string]any{"restart": false})
	c.reply(c.controlC, id)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return")
	}
}

func TestCompleteAnswersInTheClientsCursorUnits(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, nil)
	code := "print 🔥\ncl" // 10 code points, 11 UTF-16 units
	for _, tc := range []struct{ pos, start, end float64 }{
		{10, 8, 10}, // code points, as the spec says
		{11, 9, 11}, // JavaScript string offsets: answered in kind
	} {
		id := c.send(c.shell, "complete_request", map[string]any{"code": code, "cursor_pos": tc.pos})
		r := c.reply(c.shellC, id)
		if fmt.Sprint(r.Content["matches"]) != "[clear]" || r.Content["cursor_start"] != tc.start || r.Content["cursor_end"] != tc.end {
			t.Errorf("cursor_pos %v: %v", tc.pos, r.Content)
		}
	}
}
