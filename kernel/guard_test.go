package kernel_test

import (
	"encoding/binary"
	"net"
	"strconv"
	"testing"
	"time"
)

// zmtpGreeting is a ZMTP 3.0 greeting for the NULL mechanism, client side.
func zmtpGreeting() []byte {
	g := make([]byte, 64)
	g[0], g[9] = 0xff, 0x7f
	g[10], g[11] = 3, 0
	copy(g[12:], "NULL")
	return g
}

// TestHugeZMTPFrameDoesNotKillTheKernel sends, at the ZeroMQ transport
// level, a frame header announcing 2^62 bytes. zmq4 would allocate that up
// front and die; the server's transport guard must refuse it and keep
// serving everyone else.
func TestHugeZMTPFrameDoesNotKillTheKernel(t *testing.T) {
	c, srv, _, _ := startKernel(t, testKey, nil)
	ci := srv.Connection()
	for _, flags := range []byte{0x06, 0x02} { // a long command, a long message
		conn, err := net.Dial("tcp", net.JoinHostPort(ci.IP, strconv.Itoa(ci.ShellPort)))
		if err != nil {
			t.Fatal(err)
		}
		hdr := make([]byte, 9)
		hdr[0] = flags
		binary.BigEndian.PutUint64(hdr[1:], 1<<62)
		conn.Write(append(zmtpGreeting(), hdr...))
		conn.SetReadDeadline(time.Now().Add(2 * time.Second))
		buf := make([]byte, 4096)
		for { // the server closes the connection
			if _, err := conn.Read(buf); err != nil {
				break
			}
		}
		conn.Close()
	}
	if rep, _ := c.execute("value still here", nil); rep.Content["status"] != "ok" {
		t.Errorf("after a huge frame: %v", rep.Content)
	}
}
