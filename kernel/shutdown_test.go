package kernel_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/specstress/specstress/kernel"
)

// slowSubscriber connects a second iopub subscriber whose messages the
// test takes only when it wants to: until then zmq4 buffers a few and TCP
// some more, and the kernel's writes to it block. It returns once the
// subscription is in place.
func slowSubscriber(t *testing.T, c *testClient) chan *wireMsg {
	t.Helper()
	slow := zmq4.NewSub(context.Background())
	t.Cleanup(func() { slow.Close() })
	if err := slow.Dial(fmt.Sprintf("tcp://%s:%d", c.ci.IP, c.ci.IOPubPort)); err != nil {
		t.Fatal(err)
	}
	if err := slow.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	slowC := make(chan *wireMsg) // unbuffered: the reader waits for the test
	go func() {
		defer close(slowC)
		for {
			zm, err := slow.Recv()
			if err != nil {
				return
			}
			m, err := c.decode(zm.Frames)
			if err != nil {
				t.Errorf("slow subscriber: %v", err)
				return
			}
			slowC <- m
		}
	}()
	// kernel_info requests until one's idle status reaches it.
	for {
		id := c.send(c.shell, "kernel_info_request", map[string]any{})
		c.reply(c.shellC, id)
		c.iopubUntilIdle(id)
		select {
		case m := <-slowC:
			for ; !(m.Parent() == id && m.Content["execution_state"] == "idle"); m = <-slowC {
			}
			return slowC
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// spamTotal is more output than a stalled subscriber's buffers hold (1 MB
// messages: zmq4's SUB keeps about ten, TCP a few MB), so that most of it
// is still queued in the kernel.
const spamTotal = 30 << 20

// A subscriber that does not keep up delays only itself: the others get
// their messages as they come.
func TestASlowSubscriberDoesNotHoldUpTheOthers(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, nil)
	slowC := slowSubscriber(t, c)
	// Let the slow one catch up in the end, so that the kernel stops cleanly.
	defer func() {
		go func() {
			for range slowC {
			}
		}()
	}()
	rep, pub := c.execute(fmt.Sprintf("spam %d", spamTotal), nil)
	streamed := 0
	for _, m := range pub {
		if m.Type() == "stream" {
			streamed += len(m.Content["text"].(string))
		}
	}
	if rep.Content["status"] != "ok" || streamed != spamTotal {
		t.Errorf("reply %v, %d of %d bytes of output", rep.Content, streamed, spamTotal)
	}
}

// A kernel that stops must not lose its last iopub messages: the
// shutdown_reply broadcast and the request's idle status reach every
// subscriber before the sockets close, even one that is behind by many
// megabytes when the shutdown arrives.
func TestShutdownDeliversTheLastIopubMessagesToASlowSubscriber(t *testing.T) {
	c, _, done, _ := startKernel(t, testKey, nil)
	slowC := slowSubscriber(t, c)
	run := c.send(c.shell, "execute_request", map[string]any{"code": fmt.Sprintf("spam %d", spamTotal)})
	c.reply(c.shellC, run)
	id := c.send(c.control, "shutdown_request", map[string]any{"restart": false})
	c.reply(c.controlC, id)

	var streamed int
	var sawReply, sawIdle bool
	deadline := time.After(30 * time.Second)
	for !sawIdle {
		select {
		case m, ok := <-slowC:
			if !ok {
				t.Fatalf("the kernel closed iopub before the slow subscriber got everything: %d of %d bytes of output, shutdown_reply %v, idle %v",
					streamed, spamTotal, sawReply, sawIdle)
			}
			switch {
			case m.Type() == "stream" && m.Parent() == run:
				streamed += len(m.Content["text"].(string))
			case m.Type() == "shutdown_reply" && m.Parent() == id:
				sawReply = true
			case m.Type() == "status" && m.Parent() == id && m.Content["execution_state"] == "idle":
				sawIdle = true
			}
		case <-deadline:
			t.Fatalf("after 30 s the slow subscriber has %d of %d bytes, shutdown_reply %v, idle %v", streamed, spamTotal, sawReply, sawIdle)
		}
	}
	if streamed != spamTotal || !sawReply {
		t.Errorf("slow subscriber got %d of %d bytes of output, shutdown_reply %v", streamed, spamTotal, sawReply)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after the shutdown")
	}
}

// Every shutdown, repeated on fresh kernels: the control reply, the
// shutdown_reply broadcast and the idle status all arrive, and Serve
// returns. The time from request to Serve's return is logged (-v), not
// bounded: bench/kernel measures it against ipykernel.
func TestShutdownAlwaysAnswersBeforeTheKernelStops(t *testing.T) {
	rounds := 20
	if testing.Short() {
		rounds = 5
	}
	var took []time.Duration
	for i := range rounds {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			c, _, done, _ := startKernel(t, testKey, nil)
			t0 := time.Now()
			id := c.send(c.control, "shutdown_request", map[string]any{"restart": false})
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Serve: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Serve did not return after the shutdown")
			}
			took = append(took, time.Since(t0))
			if r := c.reply(c.controlC, id); r.Type() != "shutdown_reply" || r.Content["status"] != "ok" {
				t.Errorf("control reply %s %v", r.Type(), r.Content)
			}
			got := types(c.iopubUntilIdle(id))
			if strings.Join(got, " ") != "status shutdown_reply status" {
				t.Errorf("iopub for the shutdown: %v, want busy, shutdown_reply, idle", got)
			}
		})
	}
	t.Logf("shutdown_request sent to Serve returned: %v", took)
}

// When the context the sockets were bound with ends before Serve's own,
// the sockets are closed for good: Serve returns an error that says so
// rather than retrying a receive that can never succeed.
func TestServeEndsWhenItsSocketsContextEnds(t *testing.T) {
	srv, err := kernel.NewServer(kernel.Options{
		Connection: kernel.ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", Key: testKey, SignatureScheme: "hmac-sha256"},
		NewEngine:  (&engines{}).new,
		Log:        io.Discard,
	})
	if err != nil {
		t.Fatal(err)
	}
	sockets, closeSockets := context.WithCancel(context.Background())
	defer closeSockets()
	if err := srv.Listen(sockets); err != nil {
		t.Fatal(err)
	}
	serveCtx, stopServe := context.WithCancel(context.Background())
	defer stopServe()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(serveCtx) }()
	c := dial(t, srv.Connection())
	c.waitReady()
	closeSockets()
	select {
	case err := <-done:
		if err == nil || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "socket stopped receiving") {
			t.Errorf("Serve returned %v, want a socket error wrapping context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve still running 10 s after its sockets' context ended")
	}
}
