package kernel

import (
	"context"
	"encoding/binary"
	"fmt"
	"net"
	"sync"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// zmq4 v0.17 allocates a frame's announced size before reading it, so one
// frame header claiming 2^62 bytes panics the process from a goroutine the
// server cannot recover. The server therefore listens through transports
// that watch the ZMTP framing of every inbound byte and drop a connection
// announcing a frame larger than maxFrameBytes, before zmq4 sees it.
const (
	guardedTCP = "specstress-tcp"
	guardedIPC = "specstress-ipc"

	// maxFrameBytes bounds one inbound ZMTP frame: four times the default
	// cell limit leaves room for JSON escaping of a large cell.
	maxFrameBytes = 4 * DefaultMaxCellBytes

	zmtpGreetingLen = 64
)

// registerGuards registers the guarded transports, once per process. Its
// error is kept: every later caller gets it too, rather than a scheme whose
// transport is not (or not entirely) the guarded one.
var registerGuards = sync.OnceValue(func() error {
	if err := zmq4.RegisterTransport(guardedTCP, guardTransport{transport.New("tcp")}); err != nil {
		return err
	}
	return zmq4.RegisterTransport(guardedIPC, guardTransport{transport.New("unix")})
})

// guardedScheme registers the guarded transports (once per process) and
// returns the scheme to use in place of "tcp" or "ipc".
func guardedScheme(transportName string) (string, error) {
	if err := registerGuards(); err != nil {
		return "", fmt.Errorf("register guarded transport: %w", err)
	}
	if transportName == "ipc" {
		return guardedIPC, nil
	}
	return guardedTCP, nil
}

// guardTransport is a zmq4 transport whose accepted connections are
// wrapped in a frameGuard.
type guardTransport struct{ inner transport.Transport }

func (g guardTransport) Dial(ctx context.Context, d transport.Dialer, addr string) (net.Conn, error) {
	return g.inner.Dial(ctx, d, addr)
}

func (g guardTransport) Listen(ctx context.Context, addr string) (net.Listener, error) {
	l, err := g.inner.Listen(ctx, addr)
	if err != nil {
		return nil, err
	}
	return guardListener{l}, nil
}

func (g guardTransport) Addr(ep string) (string, error) { return g.inner.Addr(ep) }

type guardListener struct{ net.Listener }

func (l guardListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &frameGuard{Conn: c, max: maxFrameBytes, greet: zmtpGreetingLen}, nil
}

// frameGuard follows the ZMTP 3 stream read from a peer (a 64-byte
// greeting, then frames: a flags byte, a 1- or 8-byte size, the body) and
// fails the connection when a frame announces more than max bytes.
type frameGuard struct {
	net.Conn
	max   uint64
	greet int    // greeting bytes still to pass
	hdr   []byte // header bytes of the frame being announced
	body  uint64 // body bytes still to pass
	err   error
}

func (g *frameGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.Conn.Read(p)
	if e := g.scan(p[:n]); e != nil {
		e = fmt.Errorf("peer %s %w; connection dropped", g.Conn.RemoteAddr(), e)
		g.err = e
		g.Conn.Close()
		return 0, e
	}
	return n, err
}

func (g *frameGuard) scan(b []byte) error {
	for len(b) > 0 {
		switch {
		case g.greet > 0:
			k := min(g.greet, len(b))
			g.greet -= k
			b = b[k:]
		case g.body > 0:
			k := min(g.body, uint64(len(b)))
			g.body -= k
			b = b[k:]
		default:
			g.hdr = append(g.hdr, b[0])
			b = b[1:]
			need := 2
			if g.hdr[0]&0x02 != 0 { // LONG flag: 8-byte size
				need = 9
			}
			if len(g.hdr) < need {
				continue
			}
			size := uint64(g.hdr[1])
			if need == 9 {
				size = binary.BigEndian.Uint64(g.hdr[1:])
			}
			g.hdr = g.hdr[:0]
			if size > g.max {
				return fmt.Errorf("announced a %d-byte ZMTP frame (limit %d)", size, g.max)
			}
			g.body = size
		}
	}
	return nil
}
