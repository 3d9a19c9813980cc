package kernel

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSignatureIsHexHMACSHA256OfTheFourParts(t *testing.T) {
	s, err := newSigner("hmac-sha256", "secret")
	if err != nil {
		t.Fatal(err)
	}
	parts := [][]byte{[]byte(`{"a":1}`), []byte(`{}`), []byte(`{}`), []byte(`{"b":2}`)}
	m := hmac.New(sha256.New, []byte("secret"))
	for _, p := range parts {
		m.Write(p)
	}
	want := hex.EncodeToString(m.Sum(nil))
	if got := string(s.sign(parts)); got != want {
		t.Fatalf("sign = %s, want %s", got, want)
	}
	if !s.verify([]byte(want), parts) {
		t.Error("verify rejects a good signature")
	}
	for _, bad := range []string{"", "zz", want[:10], want[:63] + "0"} {
		if s.verify([]byte(bad), parts) && bad != want {
			t.Errorf("verify accepts %q", bad)
		}
	}
}

func TestEmptyKeySignsNothingAndAcceptsAll(t *testing.T) {
	s, err := newSigner("hmac-sha256", "")
	if err != nil {
		t.Fatal(err)
	}
	if sig := s.sign([][]byte{[]byte("x")}); len(sig) != 0 {
		t.Errorf("signature %q with no key", sig)
	}
	if !s.verify([]byte("anything"), nil) {
		t.Error("no key must mean no checking")
	}
}

func TestSchemes(t *testing.T) {
	if _, err := newSigner("hmac-md5", "k"); err == nil {
		t.Error("hmac-md5 accepted")
	}
	s, err := newSigner("hmac-sha512", "k")
	if err != nil {
		t.Fatal(err)
	}
	m := hmac.New(sha512.New, []byte("k"))
	m.Write([]byte("x"))
	if got, want := string(s.sign([][]byte{[]byte("x")})), hex.EncodeToString(m.Sum(nil)); got != want {
		t.Errorf("hmac-sha512 signature %s, want %s", got, want)
	}
}

func frames(s signer, idents []string, header, parent, meta, content string) [][]byte {
	var f [][]byte
	for _, id := range idents {
		f = append(f, []byte(id))
	}
	parts := [][]byte{[]byte(header), []byte(parent), []byte(meta), []byte(content)}
	f = append(f, []byte(delimiter), s.sign(parts))
	return append(f, parts...)
}

const okHeader = `{"msg_id":"1","msg_type":"execute_request","session":"s","username":"u","date":"","version":"5.3","subshell_id":null}`

func TestDecodeRoundTrip(t *testing.T) {
	s := signer{key: []byte("k"), hash: sha256.New}
	m, err := decodeMessage(frames(s, []string{"id1", "id2"}, okHeader, `{}`, `{}`, `{"code":"x"}`), s)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Identities) != 2 || string(m.Identities[1]) != "id2" || m.Header.MsgType != "execute_request" {
		t.Errorf("decoded %+v", m)
	}
	if string(m.RawHeader) != okHeader {
		t.Errorf("raw header %s: unknown fields must survive for parent_header", m.RawHeader)
	}
	out := &outgoing{identities: m.Identities, header: newHeader("execute_reply", "k"), parent: m.RawHeader,
		content: map[string]any{"status": "ok"}}
	f, err := out.encode(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := decodeMessage(f, s)
	if err != nil {
		t.Fatal(err)
	}
	if back.Header.Version != ProtocolVersion || string(back.ParentHeader) != okHeader || string(back.Content) != `{"status":"ok"}` {
		t.Errorf("round trip: %+v", back)
	}
	var h map[string]any
	if err := json.Unmarshal(f[4], &h); err != nil || h["msg_type"] != "execute_reply" {
		t.Errorf("header %s", f[4])
	}
}

func TestDecodeRejects(t *testing.T) {
	s := signer{key: []byte("k"), hash: sha256.New}
	other := signer{key: []byte("other"), hash: sha256.New}
	cases := []struct {
		name   string
		frames [][]byte
		want   error
	}{
		{"no delimiter", [][]byte{[]byte("a"), []byte("b")}, errNoDelimiter},
		{"short", [][]byte{[]byte(delimiter), []byte(""), []byte("{}")}, errShortMessage},
		{"wrong key", frames(other, nil, okHeader, `{}`, `{}`, `{}`), errBadSignature},
		{"unsigned", frames(signer{}, nil, okHeader, `{}`, `{}`, `{}`), errBadSignature},
	}
	for _, c := range cases {
		if _, err := decodeMessage(c.frames, s); !errors.Is(err, c.want) {
			t.Errorf("%s: err %v, want %v", c.name, err, c.want)
		}
	}
	for _, h := range []string{`nope`, `{"msg_id":"1"}`, `{"msg_type":"x"}`, `{"msg_id":3,"msg_type":"x"}`} {
		if m, err := decodeMessage(frames(s, nil, h, `{}`, `{}`, `{}`), s); m != nil || err == nil {
			t.Errorf("header %s accepted", h)
		}
	}
	m, err := decodeMessage(frames(s, nil, okHeader, `{}`, `{}`, `[1,2]`), s)
	var ce *contentError
	if m == nil || !errors.As(err, &ce) || ce.part != "content" {
		t.Errorf("non-object content: %v %v", m, err)
	}
}

func TestIncompleteTailKeepsSplitRunes(t *testing.T) {
	e := []byte("é") // 2 bytes
	euro := []byte("€")
	cases := []struct {
		in   []byte
		want int
	}{
		{[]byte("abc"), 0},
		{append([]byte("a"), e...), 0},
		{append([]byte("a"), e[0]), 1},
		{append([]byte("a"), euro[:2]...), 2},
		{euro, 0},
		{[]byte{0x80, 0x80, 0x80, 0x80}, 0}, // garbage: nothing to wait for
	}
	for _, c := range cases {
		if got := incompleteTail(c.in); got != c.want {
			t.Errorf("incompleteTail(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestGlob(t *testing.T) {
	cases := []struct {
		pat, s string
		want   bool
	}{
		{"*", "anything\nat all", true},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"x*", "yx", false},
		{"[ab]1", "b1", true},
		{"[a-c]1", "b1", true},
		{"[!a]", "!", true},
		{"a.b", "axb", false},
		{"[", "[", true},
	}
	for _, c := range cases {
		if got := globRegexp(c.pat).MatchString(c.s); got != c.want {
			t.Errorf("glob %q on %q = %v", c.pat, c.s, got)
		}
	}
}

func TestFrameGuardFollowsFramesAcrossReads(t *testing.T) {
	g := &frameGuard{max: 1000, greet: zmtpGreetingLen}
	stream := make([]byte, zmtpGreetingLen)
	stream = append(stream, 0x04, 5, 'R', 'E', 'A', 'D', 'Y')               // short command
	stream = append(stream, 0x03, 0, 0, 0, 0, 0, 0, 0x03, 0xe8)             // long frame of 1000 bytes...
	stream = append(stream, make([]byte, 1000)...)                          // ...its body
	stream = append(stream, 0x02, 0, 0, 0, 0, 0, 0, 0x03, 0xe9, 0xde, 0xad) // 1001 bytes: too big
	var err error
	for i := 0; i < len(stream) && err == nil; i += 3 { // fed in 3-byte pieces
		err = g.scan(stream[i:min(i+3, len(stream))])
	}
	if err == nil {
		t.Fatal("oversized frame not refused")
	}
	g = &frameGuard{max: 1000, greet: zmtpGreetingLen}
	if err := g.scan(stream[:len(stream)-11]); err != nil {
		t.Errorf("frames within the limit refused: %v", err)
	}
}

func TestHelpRequestSyntax(t *testing.T) {
	for code, want := range map[string]bool{
		"fmt.Println?": true, "fmt.Println??": true, "?fmt.Println": true, "  x? \n": true,
		"x": false, "?": false, "input name?": false, "a?b": false, "x?\ny?": false, "a ? b : c": false,
	} {
		if got := isHelpRequest(code); got != want {
			t.Errorf("isHelpRequest(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestHistoryClipsHugeEntries(t *testing.T) {
	h := newHistory()
	big := strings.Repeat("é", maxHistoryInput) // 2 bytes a rune
	h.add(1, big, big)
	e := h.entries[0]
	if len(e.input) > maxHistoryInput+64 || !strings.HasSuffix(e.input, "[truncated in history]") || !utf8.ValidString(e.input) {
		t.Errorf("input kept %d bytes", len(e.input))
	}
	if out := e.output.(string); len(out) > maxHistoryOutput+64 || !utf8.ValidString(out) {
		t.Errorf("output kept %d bytes", len(out))
	}
	h.add(2, "small", nil)
	if h.entries[1].input != "small" || h.entries[1].output != nil {
		t.Errorf("small entry %+v", h.entries[1])
	}
}
