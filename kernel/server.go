// Package kernel is a Jupyter kernel protocol server (messaging protocol 5.3
// over ZeroMQ, github.com/go-zeromq/zmq4). It knows nothing about the
// language it serves: everything language-specific goes through the
// engine.Engine interface (package kernel/engine, which engines implement
// without linking this package or ZeroMQ), and the tests drive it with a
// fake engine.
//
// Concurrency: shell requests are served one at a time, in order, on one
// goroutine (a running cell blocks the shell, as the protocol intends);
// control requests (interrupt, shutdown, kernel_info, ...) are served on
// their own goroutine, so they are answered while a cell runs. Every
// request is wrapped in busy/idle status messages on iopub and answered on
// the socket it came from. Messages that fail HMAC verification are logged
// and dropped, never executed.
//
// Besides the Server, the package writes kernelspecs (WriteKernelSpec,
// Logo). The cell Output it passes to Execute is an engine.InputReader that
// asks the front-end for standard input.
package kernel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/specstress/specstress/kernel/engine"
)

// Defaults for Options fields left zero.
const (
	// DefaultMaxOutputBytes caps the stream output of one cell. Beyond it the
	// rest is dropped with a note on stderr: a front-end cannot show more,
	// and an unbounded cell would exhaust the kernel's memory queueing it.
	DefaultMaxOutputBytes = 32 << 20
	// DefaultMaxCellBytes caps the source of one execute_request.
	DefaultMaxCellBytes = 64 << 20
	// DefaultFlushInterval is how long stream output is coalesced before it
	// is published.
	DefaultFlushInterval = 20 * time.Millisecond
)

// Options configure a Server.
type Options struct {
	// Connection says where to bind and how to sign.
	Connection ConnectionInfo
	// NewEngine makes the engine at start and after an in-process restart.
	NewEngine func() (engine.Engine, error)
	// Log receives the server's diagnostics (dropped messages and the like);
	// nil means os.Stderr.
	Log io.Writer
	// MaxOutputBytes caps the stdout+stderr bytes published for one cell;
	// 0 means DefaultMaxOutputBytes, negative means no cap.
	MaxOutputBytes int64
	// MaxCellBytes caps the code of one execute_request; 0 means
	// DefaultMaxCellBytes.
	MaxCellBytes int
	// FlushInterval is how long stream text is coalesced; 0 means
	// DefaultFlushInterval.
	FlushInterval time.Duration
	// RestartInProcess makes shutdown_request{restart: true} replace the
	// engine (Close, then NewEngine) and keep serving. Off, every shutdown
	// ends Serve: jupyter_client restarts a kernel by starting a new
	// process and kills one that stays alive, so that is the default.
	RestartInProcess bool
	// Insecure allows a connection with an empty key. Without a key no
	// message is signed or checked, so anyone who can reach the ports can
	// run code; NewServer refuses that (ErrEmptyKey) unless Insecure is
	// set, and then the server warns in its log and in kernel_info's banner.
	Insecure bool
}

// ErrEmptyKey is returned by NewServer for a connection with an empty key
// when Options.Insecure is not set.
var ErrEmptyKey = errors.New("kernel: the connection has an empty key: messages would not be signed, and anyone who can reach the ports could run code")

// insecureBanner heads kernel_info's banner of a server without a key.
const insecureBanner = "WARNING: this kernel runs without message signing (empty key, insecure mode): anyone who can reach its ports can run code as you.\n"

// Server serves one kernel: the shell, control, stdin, iopub and heartbeat
// sockets of a connection file, in front of an Engine.
type Server struct {
	opts    Options
	log     *log.Logger
	sign    signer
	session string

	shell, control, stdin, iopub, hb *socket
	pub                              *pubSocket // iopub's implementation

	mu         sync.Mutex // guards the fields below
	engine     engine.Engine
	cancelCell context.CancelFunc
	execCount  int
	listening  bool

	// execMu is held while the engine executes; a restart takes it to wait
	// for the running cell to end.
	execMu  sync.Mutex
	history *history

	// abortBefore: execute requests received before this instant are
	// aborted (stop_on_error after a failed cell). Shell goroutine only.
	abortBefore time.Time

	inputs  chan *Message // input_reply messages from the stdin socket
	inputMu sync.Mutex    // one input_request at a time

	done     chan struct{}
	stopOnce sync.Once
	stopErr  error // why Serve stops when it is not a shutdown_request or ctx; set before done closes
}

// socket is a ZeroMQ socket with serialised sends.
type socket struct {
	name string
	zs   zmq4.Socket
	mu   sync.Mutex
}

func (s *socket) send(frames [][]byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.zs.SendMulti(zmq4.NewMsgFrom(frames...))
}

// NewServer checks opts and returns a server ready to Listen.
func NewServer(opts Options) (*Server, error) {
	if opts.NewEngine == nil {
		return nil, errors.New("kernel: Options.NewEngine is nil")
	}
	c := opts.Connection
	if err := c.check(); err != nil {
		return nil, fmt.Errorf("kernel: connection: %w", err)
	}
	opts.Connection = c
	if c.Key == "" && !opts.Insecure {
		return nil, ErrEmptyKey
	}
	sg, err := newSigner(c.SignatureScheme, c.Key)
	if err != nil {
		return nil, fmt.Errorf("kernel: %w", err)
	}
	if opts.Log == nil {
		opts.Log = os.Stderr
	}
	if opts.MaxOutputBytes == 0 {
		opts.MaxOutputBytes = DefaultMaxOutputBytes
	}
	if opts.MaxCellBytes <= 0 {
		opts.MaxCellBytes = DefaultMaxCellBytes
	}
	if opts.FlushInterval <= 0 {
		opts.FlushInterval = DefaultFlushInterval
	}
	return &Server{
		opts:    opts,
		log:     log.New(opts.Log, "specstress kernel: ", log.LstdFlags|log.Lmicroseconds),
		sign:    sg,
		session: newID(),
		history: newHistory(),
		inputs:  make(chan *Message, 1),
		done:    make(chan struct{}),
	}, nil
}

// Listen binds the five sockets to the addresses of the connection file
// (and only those). Ports given as 0 are picked by the system; Connection
// reports them afterwards. ctx bounds the sockets' lifetime.
func (s *Server) Listen(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listening {
		return nil
	}
	c := &s.opts.Connection
	type spec struct {
		name string
		port *int
		make func(context.Context, ...zmq4.Option) zmq4.Socket
		dst  **socket
	}
	// ROUTER for heartbeat too: it echoes REQ envelopes as they are, and
	// zmq4's ROUTER is sturdier with many peers than its REP.
	specs := []spec{
		{"shell", &c.ShellPort, zmq4.NewRouter, &s.shell},
		{"control", &c.ControlPort, zmq4.NewRouter, &s.control},
		{"stdin", &c.StdinPort, zmq4.NewRouter, &s.stdin},
		{"iopub", &c.IOPubPort, func(ctx context.Context, _ ...zmq4.Option) zmq4.Socket {
			s.pub = newPubSocket(ctx, s.log)
			return s.pub
		}, &s.iopub},
		{"heartbeat", &c.HBPort, zmq4.NewRouter, &s.hb},
	}
	scheme, err := guardedScheme(c.Transport)
	if err != nil {
		return fmt.Errorf("kernel: %w", err)
	}
	for i, sp := range specs {
		zs := sp.make(ctx, zmq4.WithTimeout(10*time.Second), zmq4.WithLogger(s.log))
		ep := scheme + "://" + c.address(*sp.port)
		if err := zs.Listen(ep); err != nil {
			zs.Close()
			for _, done := range specs[:i] {
				(*done.dst).zs.Close()
			}
			return fmt.Errorf("kernel: bind %s socket to %s: %w", sp.name, ep, err)
		}
		if *sp.port == 0 {
			*sp.port = portOf(zs)
		}
		*sp.dst = &socket{name: sp.name, zs: zs}
	}
	s.listening = true
	return nil
}

// portOf returns the port a listening socket got.
func portOf(zs zmq4.Socket) int {
	a := zs.Addr()
	if a == nil {
		return 0
	}
	addr := a.String()
	i := strings.LastIndexAny(addr, ":-")
	var p int
	fmt.Sscanf(addr[i+1:], "%d", &p)
	return p
}

// Connection returns the connection info with the ports actually bound.
func (s *Server) Connection() ConnectionInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opts.Connection
}

// Interrupt cancels the running cell, if any; the cell's execute_reply then
// reports the engine's error. It is what interrupt_request and SIGINT do.
func (s *Server) Interrupt() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancelCell != nil {
		s.cancelCell()
	}
}

// Serve binds the sockets (unless Listen did), makes the engine and serves
// until a shutdown_request or until ctx is done; then it interrupts the
// running cell, closes the engine, waits (a bounded time) for iopub's last
// messages to be written and closes the sockets. Call it once. It returns
// an error if it stopped because a socket failed (the context given to
// Listen ended before ctx).
func (s *Server) Serve(ctx context.Context) error {
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Bind first: clients connect (and queue their first kernel_info) while
	// the engine starts, instead of waiting out a ZeroMQ reconnect interval.
	if err := s.Listen(ctx); err != nil {
		return err
	}
	eng, err := s.opts.NewEngine()
	if err != nil {
		for _, sk := range []*socket{s.shell, s.control, s.stdin, s.iopub, s.hb} {
			sk.zs.Close()
		}
		return fmt.Errorf("kernel: start engine: %w", err)
	}
	s.mu.Lock()
	s.engine = eng
	s.mu.Unlock()
	if s.opts.Connection.Key == "" {
		s.log.Printf("%s", strings.TrimSpace(insecureBanner))
	}
	s.publish("status", nil, map[string]any{"execution_state": "starting"})

	shellQ := make(chan received, 256)
	go s.recvLoop(ctx, s.shell, func(r received) {
		select {
		case shellQ <- r:
		case <-ctx.Done():
		}
	})
	go s.recvLoop(ctx, s.control, func(r received) { s.dispatch(ctx, s.control, r) })
	go s.recvLoop(ctx, s.stdin, s.deliverInput)
	go s.heartbeat(ctx)
	shellDone := make(chan struct{})
	go func() {
		defer close(shellDone)
		for {
			select {
			case <-ctx.Done():
				return
			case <-s.done:
				return
			case r := <-shellQ:
				s.dispatch(ctx, s.shell, r)
			}
		}
	}()

	select {
	case <-ctx.Done():
	case <-s.done:
	}
	s.Interrupt()
	select {
	case <-shellDone:
		s.mu.Lock()
		e := s.engine
		s.mu.Unlock()
		s.closeEngine(e)
	case <-time.After(3 * time.Second):
		s.log.Printf("the running cell did not stop after interrupt; exiting without closing the engine")
	}
	// Replies on shell and control are written to their connections before
	// send returns (zmq4's ROUTER writes synchronously), but iopub queues:
	// wait until the last messages (shutdown_reply, idle) are written to
	// every subscriber, then close.
	fctx, fcancel := context.WithTimeoutCause(context.Background(), flushTimeout,
		fmt.Errorf("not flushed within %v of the kernel stopping", flushTimeout))
	if err := s.pub.Flush(fctx); err != nil {
		s.log.Printf("closing with iopub messages unsent: %v", err)
	}
	fcancel()
	cancel()
	for _, sk := range []*socket{s.shell, s.control, s.stdin, s.iopub, s.hb} {
		sk.zs.Close()
	}
	if parent.Err() != nil {
		// The sockets may have failed first only because they live on a
		// context derived from parent: that is an ordinary stop.
		return nil
	}
	return s.stopErr
}

// flushTimeout bounds how long a stopping kernel waits for iopub
// subscribers to take its last messages: jupyter_client kills a kernel
// that has not exited 5 s after a shutdown_request.
const flushTimeout = 3 * time.Second

// stop ends Serve.
func (s *Server) stop() { s.stopOnce.Do(func() { close(s.done) }) }

// fail ends Serve with err, unless it is already ending.
func (s *Server) fail(err error) {
	s.stopOnce.Do(func() {
		s.stopErr = err
		close(s.done)
	})
}

// closeEngine closes e, logging errors and panics.
func (s *Server) closeEngine(e engine.Engine) {
	if e == nil {
		return
	}
	defer func() {
		if r := recover(); r != nil {
			s.log.Printf("engine Close panicked: %v", r)
		}
	}()
	if err := e.Close(); err != nil {
		s.log.Printf("engine Close: %v", err)
	}
}

// received is a decoded message and when it arrived.
type received struct {
	msg *Message
	err error // a *contentError: header fine, rest not
	at  time.Time
}

// recvLoop reads messages from sk until ctx is done, dropping (and logging)
// what cannot be authenticated or parsed.
func (s *Server) recvLoop(ctx context.Context, sk *socket, handle func(received)) {
	for {
		zm, err := sk.zs.Recv()
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			s.socketFailed(sk, err)
			return
		}
		m, err := decodeMessage(zm.Frames, s.sign)
		if m == nil {
			s.log.Printf("%s: dropped a message (%d frames): %v", sk.name, len(zm.Frames), err)
			continue
		}
		handle(received{msg: m, err: err, at: time.Now()})
	}
}

// socketFailed ends Serve after a receive error on sk. zmq4's ROUTER
// fails a Recv only once the socket is closed or the context given to
// Listen has ended, so the error is final: retrying would spin.
func (s *Server) socketFailed(sk *socket, err error) {
	err = fmt.Errorf("kernel: %s socket stopped receiving (closed, or the context given to Listen ended): %w", sk.name, err)
	s.log.Printf("%v; stopping", err)
	s.fail(err)
}

// heartbeat echoes every heartbeat message back to its sender.
func (s *Server) heartbeat(ctx context.Context) {
	for {
		zm, err := s.hb.zs.Recv()
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			s.socketFailed(s.hb, err)
			return
		}
		if err := s.hb.send(zm.Frames); err != nil {
			s.log.Printf("heartbeat: %v", err)
		}
	}
}

// deliverInput hands an input_reply to the cell waiting for it.
func (s *Server) deliverInput(r received) {
	if r.err != nil || r.msg.Header.MsgType != "input_reply" {
		s.log.Printf("stdin: ignored %s message", r.msg.Header.MsgType)
		return
	}
	select {
	case s.inputs <- r.msg:
	default:
		s.log.Printf("stdin: input_reply with nobody waiting; dropped")
	}
}

// currentEngine returns the engine serving now.
func (s *Server) currentEngine() engine.Engine {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.engine
}

// reply sends the reply to req on the socket req came in on.
func (s *Server) reply(sk *socket, req *Message, content any) {
	msgType := strings.TrimSuffix(req.Header.MsgType, "_request") + "_reply"
	out := &outgoing{
		identities: req.Identities,
		header:     newHeader(msgType, s.session),
		parent:     req.RawHeader,
		content:    content,
	}
	s.sendOn(sk, out)
}

// publish broadcasts a message on iopub; parent may be nil.
func (s *Server) publish(msgType string, parent *Message, content any) {
	s.publishMeta(msgType, parent, content, nil)
}

func (s *Server) publishMeta(msgType string, parent *Message, content, metadata any) {
	out := &outgoing{
		identities: [][]byte{[]byte("kernel." + s.session + "." + msgType)},
		header:     newHeader(msgType, s.session),
		metadata:   metadata,
		content:    content,
	}
	if parent != nil {
		out.parent = parent.RawHeader
	}
	s.sendOn(s.iopub, out)
}

func (s *Server) sendOn(sk *socket, out *outgoing) {
	frames, err := out.encode(s.sign)
	if err != nil {
		s.log.Printf("%s: %v", sk.name, err)
		return
	}
	if err := sk.send(frames); err != nil {
		s.log.Printf("%s: send %s: %v", sk.name, out.header.MsgType, err)
	}
}

// waitForSubscriber waits (at most max) until some client has subscribed to
// iopub. jupyter_client deems a kernel ready when a kernel_info reply and
// an iopub message both arrive; status messages published before the
// client's subscription reached us are lost, and the client then retries
// only after a 0.2 s timeout. Once anyone has subscribed it never waits.
func (s *Server) waitForSubscriber(max time.Duration) {
	t := time.NewTimer(max)
	defer t.Stop()
	select {
	case <-s.pub.Subscribed():
	case <-t.C:
		s.log.Printf("iopub: no subscriber within %v; answering kernel_info anyway (its status messages reach nobody)", max)
	}
}

// status publishes the kernel's execution state for a request.
func (s *Server) status(state string, parent *Message) {
	s.publish("status", parent, map[string]any{"execution_state": state})
}
