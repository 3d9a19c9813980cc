package kernel_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/specstress/specstress/kernel"
	"github.com/specstress/specstress/kernel/engine"
	"github.com/specstress/specstress/kernel/internal/fakeengine"
)

// wireMsg is a message as a test client sees it.
type wireMsg struct {
	Header       map[string]any
	ParentHeader map[string]any
	Metadata     map[string]any
	Content      map[string]any
	Frames       [][]byte
}

func (m *wireMsg) Type() string   { s, _ := m.Header["msg_type"].(string); return s }
func (m *wireMsg) Parent() string { s, _ := m.ParentHeader["msg_id"].(string); return s }

// testClient talks to a kernel the way jupyter_client does: DEALER sockets
// for shell, control and stdin sharing one identity, SUB for iopub, REQ
// for the heartbeat. It signs with its own HMAC code, independent of the
// server's, so the tests check the wire format rather than assume it.
type testClient struct {
	t                              testing.TB
	ci                             kernel.ConnectionInfo
	key                            []byte
	session                        string
	shell, control, stdin, iopub   zmq4.Socket
	hb                             zmq4.Socket
	shellC, controlC, stdinC, pubC chan *wireMsg
	n                              int
	mu                             sync.Mutex
}

// startKernel runs a server with a fake engine on free local ports and
// connects a client to it. The server stops when the test ends.
func startKernel(t testing.TB, key string, tweak func(*kernel.Options)) (*testClient, *kernel.Server, chan error, *engines) {
	t.Helper()
	engs := &engines{}
	opts := kernel.Options{
		Connection: kernel.ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", Key: key, SignatureScheme: "hmac-sha256"},
		NewEngine:  engs.new,
		Log:        io.Discard,
	}
	if testing.Verbose() {
		opts.Log = testLogWriter{t}
	}
	if tweak != nil {
		tweak(&opts)
	}
	srv, err := kernel.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := srv.Listen(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	exited := make(chan struct{})
	go func() {
		done <- srv.Serve(ctx)
		close(exited)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			t.Error("Serve did not return after cancel")
		}
	})
	c := dial(t, srv.Connection())
	c.waitReady()
	return c, srv, done, engs
}

type testLogWriter struct{ t testing.TB }

// logWatch is a server log that a test can wait on.
type logWatch struct {
	mu      sync.Mutex
	text    strings.Builder
	changed chan struct{} // closed (and replaced) at every Write
}

func (w *logWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.changed != nil {
		close(w.changed)
		w.changed = nil
	}
	return w.text.Write(p)
}

// waitFor returns once the log contains want, failing after timeout.
func (w *logWatch) waitFor(t testing.TB, want string, timeout time.Duration) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		w.mu.Lock()
		got := w.text.String()
		if w.changed == nil {
			w.changed = make(chan struct{})
		}
		changed := w.changed
		w.mu.Unlock()
		if strings.Contains(got, want) {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("the server did not log %q within %v; its log:\n%s", want, timeout, got)
		}
	}
}

func (w testLogWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }

// engines records the fake engines a server made.
type engines struct {
	mu   sync.Mutex
	list []*fakeengine.Engine
}

func (e *engines) new() (engine.Engine, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f := &fakeengine.Engine{}
	e.list = append(e.list, f)
	return f, nil
}

func (e *engines) all() []*fakeengine.Engine {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]*fakeengine.Engine(nil), e.list...)
}

func dial(t testing.TB, ci kernel.ConnectionInfo) *testClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	id := zmq4.WithID(zmq4.SocketIdentity(fmt.Sprintf("client-%d", time.Now().UnixNano())))
	c := &testClient{t: t, ci: ci, key: []byte(ci.Key), session: "test-session",
		shell: zmq4.NewDealer(ctx, id), control: zmq4.NewDealer(ctx, id), stdin: zmq4.NewDealer(ctx, id),
		iopub: zmq4.NewSub(ctx), hb: zmq4.NewReq(ctx)}
	ep := func(p int) string { return fmt.Sprintf("tcp://%s:%d", ci.IP, p) }
	for _, d := range []struct {
		s zmq4.Socket
		p int
	}{{c.shell, ci.ShellPort}, {c.control, ci.ControlPort}, {c.stdin, ci.StdinPort}, {c.iopub, ci.IOPubPort}, {c.hb, ci.HBPort}} {
		if err := d.s.Dial(ep(d.p)); err != nil {
			t.Fatalf("dial %s: %v", ep(d.p), err)
		}
	}
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	c.shellC, c.controlC, c.stdinC, c.pubC = c.pump(c.shell), c.pump(c.control), c.pump(c.stdin), c.pump(c.iopub)
	t.Cleanup(func() {
		for _, s := range []zmq4.Socket{c.shell, c.control, c.stdin, c.iopub, c.hb} {
			s.Close()
		}
	})
	return c
}

// pump delivers the decoded messages of s on a channel.
func (c *testClient) pump(s zmq4.Socket) chan *wireMsg {
	ch := make(chan *wireMsg, 4096)
	go func() {
		for {
			zm, err := s.Recv()
			if err != nil {
				close(ch)
				return
			}
			m, err := c.decode(zm.Frames)
			if err != nil {
				c.t.Errorf("client: bad message from kernel: %v", err)
				continue
			}
			ch <- m
		}
	}()
	return ch
}

func (c *testClient) sign(parts [][]byte) string {
	if len(c.key) == 0 {
		return ""
	}
	h := hmac.New(sha256.New, c.key)
	for _, p := range parts {
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (c *testClient) decode(frames [][]byte) (*wireMsg, error) {
	d := -1
	for i, f := range frames {
		if string(f) == "<IDS|MSG>" {
			d = i
		}
	}
	if d < 0 || len(frames) < d+6 {
		return nil, fmt.Errorf("malformed: %q", frames)
	}
	if got, want := string(frames[d+1]), c.sign(frames[d+2:d+6]); got != want {
		return nil, fmt.Errorf("signature %q, want %q", got, want)
	}
	m := &wireMsg{Frames: frames}
	for i, dst := range []*map[string]any{&m.Header, &m.ParentHeader, &m.Metadata, &m.Content} {
		if err := json.Unmarshal(frames[d+2+i], dst); err != nil {
			return nil, fmt.Errorf("part %d: %v", i, err)
		}
	}
	if v := m.Header["version"]; v != "5.3" {
		return nil, fmt.Errorf("header version %v", v)
	}
	return m, nil
}

// frames builds a signed request; it returns the frames and the msg_id.
func (c *testClient) frames(msgType string, content any) ([][]byte, string) {
	c.mu.Lock()
	c.n++
	id := fmt.Sprintf("req-%d", c.n)
	c.mu.Unlock()
	header, _ := json.Marshal(map[string]any{"msg_id": id, "session": c.session, "username": "test",
		"date": time.Now().UTC().Format(time.RFC3339Nano), "msg_type": msgType, "version": "5.3"})
	body, _ := json.Marshal(content)
	parts := [][]byte{header, []byte("{}"), []byte("{}"), body}
	return append([][]byte{[]byte("<IDS|MSG>"), []byte(c.sign(parts))}, parts...), id
}

// send sends a request on s and returns its msg_id.
func (c *testClient) send(s zmq4.Socket, msgType string, content any) string {
	c.t.Helper()
	f, id := c.frames(msgType, content)
	c.sendRaw(s, f)
	return id
}

func (c *testClient) sendRaw(s zmq4.Socket, frames [][]byte) {
	c.t.Helper()
	if err := s.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatalf("send: %v", err)
	}
}

// recv waits for the next message on ch.
func (c *testClient) recv(ch chan *wireMsg, timeout time.Duration) *wireMsg {
	c.t.Helper()
	select {
	case m, ok := <-ch:
		if !ok {
			c.t.Fatal("socket closed")
		}
		return m
	case <-time.After(timeout):
		c.t.Fatalf("no message within %v", timeout)
		return nil
	}
}

// reply waits for the reply to msgID on ch, skipping others.
func (c *testClient) reply(ch chan *wireMsg, msgID string) *wireMsg {
	c.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case m := <-ch:
			if m.Parent() == msgID {
				return m
			}
		case <-deadline:
			c.t.Fatalf("no reply to %s", msgID)
		}
	}
}

// iopubUntilIdle collects the iopub messages of request msgID up to and
// including its idle status.
func (c *testClient) iopubUntilIdle(msgID string) []*wireMsg {
	c.t.Helper()
	var got []*wireMsg
	deadline := time.After(10 * time.Second)
	for {
		select {
		case m := <-c.pubC:
			if m.Parent() != msgID {
				continue
			}
			got = append(got, m)
			if m.Type() == "status" && m.Content["execution_state"] == "idle" {
				return got
			}
		case <-deadline:
			c.t.Fatalf("no idle for %s; got %d messages", msgID, len(got))
		}
	}
}

// waitReady sends kernel_info until iopub delivers (the SUB subscription
// reaches the PUB asynchronously, as with jupyter_client), then syncs so
// that the test starts with nothing pending.
func (c *testClient) waitReady() {
	c.t.Helper()
	for i := 0; i < 100; i++ {
		id := c.send(c.shell, "kernel_info_request", map[string]any{})
		c.reply(c.shellC, id)
		select {
		case <-c.pubC:
			c.sync()
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
	c.t.Fatal("iopub never delivered")
}

// sync returns once every shell reply and iopub message the kernel sent
// before it has arrived, and drops them: the kernel serves shell requests
// one at a time and publishes on one connection, so the idle status of a
// fresh kernel_info request comes after all of them.
func (c *testClient) sync() {
	c.t.Helper()
	id := c.send(c.shell, "kernel_info_request", map[string]any{})
	c.reply(c.shellC, id)
	c.iopubUntilIdle(id)
}

// execute runs code and returns the reply and the iopub messages between
// busy and idle.
func (c *testClient) execute(code string, extra map[string]any) (*wireMsg, []*wireMsg) {
	c.t.Helper()
	content := map[string]any{"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true}
	for k, v := range extra {
		content[k] = v
	}
	id := c.send(c.shell, "execute_request", content)
	rep := c.reply(c.shellC, id)
	return rep, c.iopubUntilIdle(id)
}

func types(ms []*wireMsg) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Type())
	}
	return out
}
