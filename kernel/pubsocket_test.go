package kernel

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/security/null"
)

// listenPub binds a pubSocket on a free loopback port.
func listenPub(t *testing.T) (*pubSocket, string) {
	t.Helper()
	scheme, err := guardedScheme("tcp")
	if err != nil {
		t.Fatal(err)
	}
	p := newPubSocket(context.Background(), log.New(io.Discard, "", 0))
	t.Cleanup(func() { p.Close() })
	if err := p.Listen(scheme + "://127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	return p, fmt.Sprintf("tcp://127.0.0.1:%d", portOf(p))
}

// subscribe dials a zmq4 SUB to ep with the given prefix.
func subscribe(t *testing.T, ep, prefix string) zmq4.Socket {
	t.Helper()
	sub := zmq4.NewSub(context.Background())
	t.Cleanup(func() { sub.Close() })
	if err := sub.Dial(ep); err != nil {
		t.Fatal(err)
	}
	if err := sub.SetOption(zmq4.OptionSubscribe, prefix); err != nil {
		t.Fatal(err)
	}
	return sub
}

func waitSubscribed(t *testing.T, p *pubSocket) {
	t.Helper()
	select {
	case <-p.Subscribed():
	case <-time.After(10 * time.Second):
		t.Fatal("Subscribed not closed 10 s after a SUB subscribed")
	}
}

// Subscribed opens at the first subscription, and a subscriber gets only
// the messages whose first frame starts with its prefix, in order.
func TestPubSocketSubscribedAndPrefixes(t *testing.T) {
	p, ep := listenPub(t)
	select {
	case <-p.Subscribed():
		t.Fatal("Subscribed closed before anyone subscribed")
	default:
	}
	sub := subscribe(t, ep, "kernel.a")
	waitSubscribed(t, p)
	for _, topic := range []string{"kernel.b.x", "kernel.a.1", "other", "kernel.a.2"} {
		if err := p.SendMulti(zmq4.NewMsgFrom([]byte(topic), []byte("body of "+topic))); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"kernel.a.1", "kernel.a.2"} {
		m, err := sub.Recv()
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Frames) != 2 || string(m.Frames[0]) != want || string(m.Frames[1]) != "body of "+want {
			t.Fatalf("got %q, want [%s, body of %s]", m.Frames, want, want)
		}
	}
}

// Flush waits for a subscriber that does not read; when its context ends
// it names the subscriber it gave up on. Once the subscriber reads, Flush
// returns and everything arrives, in order, long frames intact.
func TestPubSocketFlushWaitsForAStalledSubscriber(t *testing.T) {
	p, ep := listenPub(t)
	sub := subscribe(t, ep, "")
	waitSubscribed(t, p)
	const n, size = 30, 1 << 20 // beyond what the SUB and TCP buffer
	for i := range n {
		body := bytes.Repeat([]byte{byte('a' + i%26)}, size)
		if err := p.SendMulti(zmq4.NewMsgFrom([]byte("t"), []byte(fmt.Sprint(i)), body)); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	flushed := make(chan error, 1)
	go func() { flushed <- p.Flush(ctx) }()
	// The subscriber reads nothing, so the flush cannot end but by ctx.
	cancel(errors.New("test gave up"))
	err := <-flushed
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:") || !strings.Contains(err.Error(), "test gave up") {
		t.Errorf("Flush after cancel: %v, want an error naming the subscriber and the cause", err)
	}
	go func() { flushed <- p.Flush(context.Background()) }()
	for i := range n {
		m, err := sub.Recv()
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Frames) != 3 || string(m.Frames[1]) != fmt.Sprint(i) || len(m.Frames[2]) != size || m.Frames[2][size-1] != byte('a'+i%26) {
			t.Fatalf("message %d: %d frames, second %q, body %d bytes", i, len(m.Frames), m.Frames[1], len(m.Frames[2]))
		}
	}
	if err := <-flushed; err != nil {
		t.Errorf("Flush once the subscriber read everything: %v", err)
	}
}

// A raw ZMTP peer: a PING command is answered by a PONG echoing its
// context, and a subscription sent as a message makes the peer receive
// what is published, framed as ZMTP 3.0.
func TestPubSocketAnswersPingAndTakesRawSubscriptions(t *testing.T) {
	p, ep := listenPub(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(ep, "tcp://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := zmq4.Open(conn, null.Security(), zmq4.Sub, zmq4.SocketIdentity("raw"), false, nil); err != nil {
		t.Fatal(err)
	}
	// Fail rather than hang if an answer does not come.
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	ping := append([]byte{zmtpCommand, 10, 4, 'P', 'I', 'N', 'G', 0, 10}, "ctx"...)
	if _, err := conn.Write(ping); err != nil {
		t.Fatal(err)
	}
	var hdr [9]byte
	flags, body, err := readFrame(conn, &hdr)
	if err != nil || flags != zmtpCommand || string(body) != "\x04PONGctx" {
		t.Fatalf("answer to PING: flags %#x body %q err %v", flags, body, err)
	}
	if _, err := conn.Write([]byte{0, 3, 1, 'a', 'b'}); err != nil {
		t.Fatal(err)
	}
	waitSubscribed(t, p)
	if err := p.SendMulti(zmq4.NewMsgFrom([]byte("abc"), bytes.Repeat([]byte("z"), 300))); err != nil {
		t.Fatal(err)
	}
	f1, b1, err1 := readFrame(conn, &hdr)
	if err1 != nil || f1 != zmtpMore || string(b1) != "abc" {
		t.Fatalf("first frame: flags %#x %q %v", f1, b1, err1)
	}
	f2, b2, err2 := readFrame(conn, &hdr)
	if err2 != nil || f2 != zmtpLong || len(b2) != 300 {
		t.Fatalf("second frame: flags %#x, %d bytes, %v", f2, len(b2), err2)
	}
}

// Close does not wait out the handshake timeout of a peer that connected
// and never spoke: it ends the handshake.
func TestPubSocketCloseEndsAHandshakeInProgress(t *testing.T) {
	p, ep := listenPub(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(ep, "tcp://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// The server's greeting arrives once its handshake has begun.
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.ReadFull(conn, make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	closed := make(chan error, 1)
	go func() { closed <- p.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Errorf("Close: %v", err)
		}
	case <-time.After(handshakeTimeout / 2):
		t.Fatalf("Close still waiting after %v for a peer stuck in the handshake", handshakeTimeout/2)
	}
}
