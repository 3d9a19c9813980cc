package kernel

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"time"
)

// ProtocolVersion is the Jupyter messaging protocol version the server speaks.
// jupyter_kernel_test validates headers strictly against it, so every header
// the server sends carries exactly this string.
const ProtocolVersion = "5.3"

// delimiter separates the routing identities of a message from its signed
// parts on the wire.
const delimiter = "<IDS|MSG>"

// Header is the header of a Jupyter message.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message as received: routing identities, the parsed
// header and the raw JSON of the other parts.
type Message struct {
	Identities [][]byte
	Header     Header
	// RawHeader is the header exactly as received; replies echo it as their
	// parent_header so that fields this server does not know survive.
	RawHeader    json.RawMessage
	ParentHeader json.RawMessage
	Metadata     json.RawMessage
	Content      json.RawMessage
	Buffers      [][]byte
}

// Errors returned by decodeMessage; the server logs and drops such messages.
var (
	errNoDelimiter  = errors.New("no <IDS|MSG> delimiter")
	errShortMessage = errors.New("fewer than 5 frames after the delimiter")
	errBadSignature = errors.New("bad or missing HMAC signature")
)

// signer computes and checks message signatures. A nil key means the
// connection file asked for no signing: the signature frame is empty and not
// checked, as the messaging spec says.
type signer struct {
	key  []byte
	hash func() hash.Hash
}

// schemes are the signature_scheme values accepted: jupyter_client allows
// "hmac-" + any hashlib name; these are the SHA-2 ones (sha256 is the
// default everywhere).
var schemes = map[string]func() hash.Hash{
	"":            sha256.New,
	"hmac-sha256": sha256.New,
	"hmac-sha224": sha256.New224,
	"hmac-sha384": sha512.New384,
	"hmac-sha512": sha512.New,
}

// newSigner validates the scheme of a connection file.
func newSigner(scheme, key string) (signer, error) {
	if key == "" { // no signing: the scheme does not matter
		return signer{}, nil
	}
	h, ok := schemes[scheme]
	if !ok {
		return signer{}, fmt.Errorf("signature_scheme %q: want hmac-sha256 (or hmac-sha224/384/512)", scheme)
	}
	return signer{key: []byte(key), hash: h}, nil
}

func (s signer) mac(parts [][]byte) hash.Hash {
	h := s.hash
	if h == nil {
		h = sha256.New
	}
	m := hmac.New(h, s.key)
	for _, p := range parts {
		m.Write(p)
	}
	return m
}

// sign returns the hex signature of the four signed parts.
func (s signer) sign(parts [][]byte) []byte {
	if s.key == nil {
		return []byte{}
	}
	sum := s.mac(parts).Sum(nil)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// verify reports whether sig is the signature of parts, in constant time.
func (s signer) verify(sig []byte, parts [][]byte) bool {
	if s.key == nil {
		return true
	}
	want := s.mac(parts).Sum(nil)
	got := make([]byte, hex.DecodedLen(len(sig)))
	if _, err := hex.Decode(got, sig); err != nil {
		return false
	}
	return hmac.Equal(got, want)
}

// decodeMessage parses the frames of a ROUTER message. It checks the
// signature before looking at any JSON. A message whose header parses but
// whose other parts do not is returned together with an error wrapping
// errBadContent, so that the caller can still answer with an error reply.
func decodeMessage(frames [][]byte, s signer) (*Message, error) {
	d := -1
	for i, f := range frames {
		if string(f) == delimiter {
			d = i
			break
		}
	}
	if d < 0 {
		return nil, errNoDelimiter
	}
	rest := frames[d+1:]
	if len(rest) < 5 {
		return nil, errShortMessage
	}
	if !s.verify(rest[0], rest[1:5]) {
		return nil, errBadSignature
	}
	m := &Message{Identities: frames[:d], Buffers: rest[5:]}
	if err := json.Unmarshal(rest[1], &m.Header); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if m.Header.MsgType == "" {
		return nil, errors.New("header: missing msg_type")
	}
	if m.Header.MsgID == "" {
		return nil, fmt.Errorf("header of %s: missing msg_id", m.Header.MsgType)
	}
	m.RawHeader = json.RawMessage(rest[1])
	parts := []struct {
		name string
		dst  *json.RawMessage
		raw  []byte
	}{
		{"parent_header", &m.ParentHeader, rest[2]},
		{"metadata", &m.Metadata, rest[3]},
		{"content", &m.Content, rest[4]},
	}
	for _, p := range parts {
		raw := bytes.TrimSpace(p.raw)
		if len(raw) == 0 || raw[0] != '{' || !json.Valid(raw) {
			return m, &contentError{part: p.name}
		}
		*p.dst = json.RawMessage(raw)
	}
	return m, nil
}

// contentError reports a message whose header is fine but whose parent
// header, metadata or content is not a JSON object.
type contentError struct{ part string }

func (e *contentError) Error() string { return e.part + ": not a JSON object" }

// outgoing is a message the server sends.
type outgoing struct {
	identities [][]byte
	header     Header
	parent     json.RawMessage // nil for "{}"
	metadata   any             // nil for "{}"
	content    any
}

// encode returns the wire frames of m, signed with s.
func (m *outgoing) encode(s signer) ([][]byte, error) {
	header, err := json.Marshal(m.header)
	if err != nil {
		return nil, fmt.Errorf("encode %s header: %w", m.header.MsgType, err)
	}
	parent := []byte(m.parent)
	if len(parent) == 0 {
		parent = []byte("{}")
	}
	metadata := []byte("{}")
	if m.metadata != nil {
		if metadata, err = json.Marshal(m.metadata); err != nil {
			return nil, fmt.Errorf("encode %s metadata: %w", m.header.MsgType, err)
		}
	}
	content, err := json.Marshal(m.content)
	if err != nil {
		return nil, fmt.Errorf("encode %s content: %w", m.header.MsgType, err)
	}
	signed := [][]byte{header, parent, metadata, content}
	frames := make([][]byte, 0, len(m.identities)+6)
	frames = append(frames, m.identities...)
	frames = append(frames, []byte(delimiter), s.sign(signed))
	return append(frames, signed...), nil
}

// newHeader makes the header of a message the kernel originates.
func newHeader(msgType, session string) Header {
	return Header{
		MsgID:    newID(),
		Session:  session,
		Username: "kernel",
		Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z07:00"),
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
}

// newID returns a random UUID-shaped identifier.
func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on supported platforms; fall back to
		// time so a message still gets a unique-enough id.
		t := time.Now().UnixNano()
		for i := range b {
			b[i] = byte(t >> (8 * (i % 8)))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[:4], b[4:6], b[6:8], b[8:10], b[10:])
}
