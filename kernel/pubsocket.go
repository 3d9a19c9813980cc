package kernel

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/security/null"
	"github.com/go-zeromq/zmq4/transport"
)

// pubSocket is the iopub socket: a ZeroMQ PUB endpoint (ZMTP 3.0, NULL
// security; the handshake is zmq4's). It replaces zmq4's PUB socket, whose
// Send only appends to a queue that a background goroutine drains: nothing
// says when a message has left, and Close drops what is still queued. A
// kernel that exits right after its shutdown_reply and last idle status
// then loses them. Here every subscriber has its own queue and writer, and
// Flush waits until everything published so far is written to every
// subscriber's connection. The socket also reports its first subscription
// (Subscribed), which kernel_info waits for instead of polling.
//
// Like zmq4's PUB, queues are not bounded: a subscriber that stops reading
// makes its queue grow (stream output is capped per cell by
// Options.MaxOutputBytes). It implements zmq4.Socket so that the server
// treats it like the other sockets.
type pubSocket struct {
	ctx context.Context
	log *log.Logger

	mu     sync.Mutex
	ln     net.Listener
	subs   map[*subscriber]struct{}
	greet  map[net.Conn]struct{} // connections still in the handshake
	closed bool

	firstSub  chan struct{} // closed at the first subscription
	firstOnce sync.Once
	wg        sync.WaitGroup // the accept loop and every peer's goroutines
	stopClose func() bool    // cancels the Close at ctx's end
}

// subscriber is one connected peer of a pubSocket.
type subscriber struct {
	conn net.Conn
	addr string

	mu     sync.Mutex
	topics map[string]bool // subscribed prefixes
	queue  []pubItem
	wake   chan struct{} // 1-buffered: the queue has items
	gone   chan struct{} // closed when the peer is dropped
	goneMu sync.Once
}

// pubItem is a message to write, or a flush marker (done non-nil) that the
// writer closes when it reaches it.
type pubItem struct {
	frames [][]byte
	raw    []byte // already framed bytes (a PONG command)
	done   chan struct{}
}

// newPubSocket makes an unbound iopub socket that logs to lg and closes
// when ctx ends, as zmq4's sockets do.
func newPubSocket(ctx context.Context, lg *log.Logger) *pubSocket {
	p := &pubSocket{ctx: ctx, log: lg, subs: map[*subscriber]struct{}{}, greet: map[net.Conn]struct{}{},
		firstSub: make(chan struct{})}
	p.stopClose = context.AfterFunc(ctx, func() { p.Close() })
	return p
}

// Subscribed is closed once any peer has subscribed to any topic.
func (p *pubSocket) Subscribed() <-chan struct{} { return p.firstSub }

// Listen binds ep, whose scheme is one of the server's guarded transports.
func (p *pubSocket) Listen(ep string) error {
	scheme, rest, ok := strings.Cut(ep, "://")
	if !ok {
		return fmt.Errorf("iopub: endpoint %q has no scheme", ep)
	}
	var tr transport.Transport
	switch scheme {
	case guardedTCP:
		tr = guardTransport{transport.New("tcp")}
	case guardedIPC:
		tr = guardTransport{transport.New("unix")}
	default:
		return fmt.Errorf("iopub: unknown transport %q", scheme)
	}
	addr, err := tr.Addr(rest)
	if err != nil {
		return fmt.Errorf("iopub: %w", err)
	}
	ln, err := tr.Listen(p.ctx, addr)
	if err != nil {
		return fmt.Errorf("iopub: could not listen to %q: %w", ep, err)
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.wg.Add(1)
	go p.accept(ln)
	return nil
}

// accept takes connections until the listener closes. A failed Accept that
// is not the listener closing (out of file descriptors, say) is retried
// after a pause that doubles up to a second, as net/http does: a genuine
// back-off, since nothing signals when descriptors become free again.
func (p *pubSocket) accept(ln net.Listener) {
	defer p.wg.Done()
	var pause time.Duration
	for {
		c, err := ln.Accept()
		if err != nil {
			if p.isClosed() || errors.Is(err, net.ErrClosed) {
				return
			}
			pause = min(max(2*pause, 5*time.Millisecond), time.Second)
			p.log.Printf("iopub: accept: %v; retrying in %v", err, pause)
			time.Sleep(pause)
			continue
		}
		pause = 0
		p.wg.Add(1)
		go p.serve(c)
	}
}

func (p *pubSocket) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

// handshakeTimeout bounds the ZMTP greeting and READY exchange of a peer.
const handshakeTimeout = 10 * time.Second

// serve runs one peer: the handshake, then its writer, and reads its
// subscriptions until it goes away.
func (p *pubSocket) serve(c net.Conn) {
	defer p.wg.Done()
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		c.Close()
		return
	}
	p.greet[c] = struct{}{} // Close ends a handshake in progress
	p.mu.Unlock()
	_ = c.SetDeadline(time.Now().Add(handshakeTimeout))
	// zmq4 does the handshake; afterwards this side reads and writes the
	// connection itself, so that its writer is the only one (zmq4's Conn
	// answers a PING from the reading goroutine, which could interleave a
	// PONG with a message being written).
	if _, err := zmq4.Open(c, null.Security(), zmq4.Pub, zmq4.SocketIdentity(""), true, nil); err != nil {
		if !p.isClosed() {
			p.log.Printf("iopub: handshake with %s: %v", c.RemoteAddr(), err)
		}
		p.mu.Lock()
		delete(p.greet, c)
		p.mu.Unlock()
		c.Close()
		return
	}
	_ = c.SetDeadline(time.Time{})
	s := &subscriber{conn: c, addr: c.RemoteAddr().String(), topics: map[string]bool{},
		wake: make(chan struct{}, 1), gone: make(chan struct{})}
	p.mu.Lock()
	delete(p.greet, c)
	if p.closed {
		p.mu.Unlock()
		c.Close()
		return
	}
	p.subs[s] = struct{}{}
	p.mu.Unlock()
	p.wg.Add(1)
	go p.write(s)
	var hdr [9]byte
	for {
		flags, f, err := readFrame(c, &hdr)
		if err != nil {
			break
		}
		if flags&zmtpCommand != 0 {
			if pong, ok := pongFor(f); ok {
				s.enqueue(pubItem{raw: pong})
			}
			continue
		}
		if flags&zmtpMore != 0 {
			// A multipart message is no subscription: skip all of it.
			for flags&zmtpMore != 0 && err == nil {
				flags, _, err = readFrame(c, &hdr)
			}
			if err != nil {
				break
			}
			continue
		}
		if len(f) == 0 {
			continue
		}
		s.mu.Lock()
		switch f[0] {
		case 1:
			s.topics[string(f[1:])] = true
		case 0:
			delete(s.topics, string(f[1:]))
		}
		s.mu.Unlock()
		if f[0] == 1 {
			p.firstOnce.Do(func() { close(p.firstSub) })
		}
	}
	p.drop(s)
}

// drop forgets s and closes its connection.
func (p *pubSocket) drop(s *subscriber) {
	p.mu.Lock()
	delete(p.subs, s)
	p.mu.Unlock()
	s.goneMu.Do(func() {
		close(s.gone)
		s.conn.Close()
	})
}

// write sends s's queue in order until s is dropped.
func (p *pubSocket) write(s *subscriber) {
	defer p.wg.Done()
	var bufs net.Buffers
	for {
		select {
		case <-s.gone:
			return
		case <-s.wake:
		}
		s.mu.Lock()
		items := s.queue
		s.queue = nil
		s.mu.Unlock()
		for _, it := range items {
			if it.done != nil {
				close(it.done)
				continue
			}
			if it.raw != nil {
				bufs = append(bufs[:0], it.raw)
			} else {
				bufs = appendFrames(bufs[:0], it.frames)
			}
			if _, err := bufs.WriteTo(s.conn); err != nil {
				p.log.Printf("iopub: write to %s: %v; dropping the subscriber", s.addr, err)
				p.drop(s)
				return
			}
		}
	}
}

// ZMTP 3.0 frame flags.
const (
	zmtpMore    = 0x01
	zmtpLong    = 0x02
	zmtpCommand = 0x04
)

// maxSubscriberFrame caps a frame from a subscriber: subscriptions are
// topic prefixes, and the kernel's are tens of bytes.
const maxSubscriberFrame = 64 << 10

// readFrame reads one ZMTP frame: flags, a 1- or 8-byte size, the body.
func readFrame(r io.Reader, hdr *[9]byte) (flags byte, body []byte, err error) {
	if _, err = io.ReadFull(r, hdr[:2]); err != nil {
		return 0, nil, err
	}
	flags = hdr[0]
	size := uint64(hdr[1])
	if flags&zmtpLong != 0 {
		if _, err = io.ReadFull(r, hdr[2:9]); err != nil {
			return 0, nil, err
		}
		size = binary.BigEndian.Uint64(hdr[1:9])
	}
	if size > maxSubscriberFrame {
		return 0, nil, fmt.Errorf("a %d-byte frame from a subscriber (at most %d)", size, maxSubscriberFrame)
	}
	body = make([]byte, size)
	_, err = io.ReadFull(r, body)
	return flags, body, err
}

// pongFor returns the framed PONG answering a PING command body (name
// length, "PING", 2-byte TTL, context up to 16 bytes), which echoes the
// context.
func pongFor(cmd []byte) ([]byte, bool) {
	if len(cmd) < 7 || string(cmd[:5]) != "\x04PING" {
		return nil, false
	}
	ctx := cmd[7:]
	if len(ctx) > 16 {
		ctx = ctx[:16]
	}
	body := append([]byte("\x04PONG"), ctx...)
	return append([]byte{zmtpCommand, byte(len(body))}, body...), true
}

// appendFrames appends the ZMTP 3.0 framing of a multipart message: per
// frame a flags byte (more, long) and a 1- or 8-byte size, then the body.
func appendFrames(bufs net.Buffers, frames [][]byte) net.Buffers {
	for i, f := range frames {
		var flags byte
		if i < len(frames)-1 {
			flags |= zmtpMore
		}
		var hdr []byte
		if len(f) > 255 {
			hdr = make([]byte, 9)
			hdr[0] = flags | zmtpLong
			binary.BigEndian.PutUint64(hdr[1:], uint64(len(f)))
		} else {
			hdr = []byte{flags, byte(len(f))}
		}
		bufs = append(bufs, hdr, f)
	}
	return bufs
}

// enqueue appends an item to s's queue unless s is gone.
func (s *subscriber) enqueue(it pubItem) bool {
	select {
	case <-s.gone:
		return false
	default:
	}
	s.mu.Lock()
	s.queue = append(s.queue, it)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
	return true
}

// wants reports whether s subscribed to a prefix of topic.
func (s *subscriber) wants(topic []byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.topics {
		if strings.HasPrefix(string(topic), k) {
			return true
		}
	}
	return false
}

// SendMulti queues msg for every subscriber whose subscription matches its
// first frame. It does not wait for the writes; Flush does.
func (p *pubSocket) SendMulti(msg zmq4.Msg) error {
	if len(msg.Frames) == 0 {
		return errors.New("iopub: empty message")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return errors.New("iopub: socket closed")
	}
	for s := range p.subs {
		if s.wants(msg.Frames[0]) {
			s.enqueue(pubItem{frames: msg.Frames})
		}
	}
	return nil
}

// Send is SendMulti.
func (p *pubSocket) Send(msg zmq4.Msg) error { return p.SendMulti(msg) }

// Flush waits until every message sent before it has been written to the
// connection of every subscriber still connected (subscribers that go away
// meanwhile are not waited for). On ctx's end it returns an error naming
// the subscribers whose messages were not all written.
func (p *pubSocket) Flush(ctx context.Context) error {
	type mark struct {
		s    *subscriber
		done chan struct{}
	}
	p.mu.Lock()
	var marks []mark
	for s := range p.subs {
		m := mark{s, make(chan struct{})}
		if s.enqueue(pubItem{done: m.done}) {
			marks = append(marks, m)
		}
	}
	p.mu.Unlock()
	var late []string
	for _, m := range marks {
		select {
		case <-m.done:
		case <-m.s.gone:
		case <-ctx.Done():
			late = append(late, m.s.addr)
		}
	}
	if len(late) > 0 {
		return fmt.Errorf("iopub: messages to %s not written: %w", strings.Join(late, ", "), context.Cause(ctx))
	}
	return nil
}

// Close stops accepting, drops every subscriber (discarding what is still
// queued: Flush first) and waits for the socket's goroutines.
func (p *pubSocket) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.stopClose()
	ln := p.ln
	subs := make([]*subscriber, 0, len(p.subs))
	for s := range p.subs {
		subs = append(subs, s)
	}
	for c := range p.greet {
		c.Close()
	}
	p.mu.Unlock()
	var err error
	if ln != nil {
		err = ln.Close()
	}
	for _, s := range subs {
		p.drop(s)
	}
	p.wg.Wait()
	return err
}

// Recv fails: a PUB socket does not receive.
func (p *pubSocket) Recv() (zmq4.Msg, error) {
	return zmq4.Msg{}, errors.New("iopub: a PUB socket does not receive")
}

// Dial fails: the kernel's iopub socket only listens.
func (p *pubSocket) Dial(string) error {
	return errors.New("iopub: the kernel's PUB socket does not dial")
}

// Type is zmq4.Pub.
func (p *pubSocket) Type() zmq4.SocketType { return zmq4.Pub }

// Addr returns the bound address, nil before Listen.
func (p *pubSocket) Addr() net.Addr {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln == nil {
		return nil
	}
	return p.ln.Addr()
}

// GetOption has no options.
func (p *pubSocket) GetOption(string) (any, error) { return nil, zmq4.ErrBadProperty }

// SetOption has no options.
func (p *pubSocket) SetOption(string, any) error { return zmq4.ErrBadProperty }

var _ zmq4.Socket = (*pubSocket)(nil)
