package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/specstress/specstress/kernel/engine"
)

// dispatch answers one request received on sk, between busy and idle
// status messages on iopub as the protocol asks for every request.
func (s *Server) dispatch(ctx context.Context, sk *socket, r received) {
	m := r.msg
	t := m.Header.MsgType
	if t == "kernel_info_request" {
		s.waitForSubscriber(300 * time.Millisecond)
	}
	s.status("busy", m)
	// A shutdown stops Serve only after the idle status is published, so
	// that Serve's flush of iopub covers it.
	stop := false
	defer func() {
		s.status("idle", m)
		if stop {
			s.stop()
		}
	}()
	if r.err != nil {
		s.log.Printf("%s: %s %s: %v", sk.name, t, m.Header.MsgID, r.err)
		if strings.HasSuffix(t, "_request") {
			s.reply(sk, m, errorContent("BadMessage", r.err.Error()))
		}
		return
	}
	switch t {
	case "kernel_info_request":
		s.reply(sk, m, s.kernelInfo())
	case "execute_request":
		if sk != s.shell {
			s.reply(sk, m, errorContent("WrongChannel", "execute_request is served on the shell channel only"))
			return
		}
		s.execute(ctx, sk, r)
	case "is_complete_request":
		s.isComplete(sk, m)
	case "complete_request":
		s.complete(sk, m)
	case "inspect_request":
		s.inspect(sk, m)
	case "history_request":
		s.historyRequest(sk, m)
	case "comm_info_request":
		s.reply(sk, m, map[string]any{"status": "ok", "comms": map[string]any{}})
	case "comm_open":
		// No comm targets exist on this kernel: close the comm at once, as
		// ipykernel does for an unknown target, so the front-end does not wait.
		var c struct {
			CommID string `json:"comm_id"`
		}
		_ = json.Unmarshal(m.Content, &c)
		s.log.Printf("%s: comm_open for unknown target; closing comm %q", sk.name, c.CommID)
		s.publish("comm_close", m, map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
	case "comm_msg", "comm_close":
		s.log.Printf("%s: %s for a comm this kernel never opened; ignored", sk.name, t)
	case "interrupt_request":
		s.Interrupt()
		s.reply(sk, m, map[string]any{"status": "ok"})
	case "shutdown_request":
		stop = s.shutdown(sk, m)
	default:
		s.log.Printf("%s: unknown message type %q", sk.name, t)
		if strings.HasSuffix(t, "_request") {
			s.reply(sk, m, errorContent("UnknownMessageType", fmt.Sprintf("this kernel does not handle %s", t)))
		}
	}
}

// errorContent is the content of an error reply.
func errorContent(ename, evalue string) map[string]any {
	return map[string]any{"status": "error", "ename": ename, "evalue": evalue, "traceback": []string{}}
}

func (s *Server) kernelInfo() map[string]any {
	info := s.engineInfo()
	if s.opts.Connection.Key == "" {
		info.Banner = insecureBanner + info.Banner
	}
	links := make([]map[string]string, 0, len(info.HelpLinks))
	for _, l := range info.HelpLinks {
		links = append(links, map[string]string{"text": l.Text, "url": l.URL})
	}
	return map[string]any{
		"status":                 "ok",
		"protocol_version":       ProtocolVersion,
		"implementation":         info.Implementation,
		"implementation_version": info.ImplVersion,
		"language_info": map[string]any{
			"name":               info.Name,
			"version":            info.Version,
			"mimetype":           info.MimeType,
			"file_extension":     info.FileExtension,
			"pygments_lexer":     info.PygmentsLexer,
			"codemirror_mode":    info.CodeMirrorMode,
			"nbconvert_exporter": "script",
		},
		"banner":     info.Banner,
		"help_links": links,
		"debugger":   false,
	}
}

func (s *Server) engineInfo() (info engine.LanguageInfo) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Printf("engine Info panicked: %v", r)
		}
	}()
	if e := s.currentEngine(); e != nil {
		info = e.Info()
	}
	return info
}

// codeCursor is the content shared by complete and inspect requests.
type codeCursor struct {
	Code      string `json:"code"`
	CursorPos *int   `json:"cursor_pos"`
	Detail    int    `json:"detail_level"`
}

// cursor is the requested cursor as a rune offset into the code (a missing
// one means the end), and the units the client counts in.
func (c codeCursor) cursor() (int, cursorUnits) {
	if c.CursorPos == nil {
		return utf8.RuneCountInString(c.Code), cursorUnits{code: c.Code}
	}
	return resolveCursor(c.Code, *c.CursorPos)
}

// guard runs f, turning a panic of the engine into an error.
func (s *Server) guard(what string, f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Printf("engine %s panicked: %v\n%s", what, r, debug.Stack())
			err = fmt.Errorf("engine %s panicked: %v", what, r)
		}
	}()
	f()
	return nil
}

func (s *Server) isComplete(sk *socket, m *Message) {
	var req struct {
		Code string `json:"code"`
	}
	if err := json.Unmarshal(m.Content, &req); err != nil {
		s.reply(sk, m, map[string]any{"status": "unknown"})
		return
	}
	status, indent := "unknown", ""
	if err := s.guard("IsComplete", func() { status, indent = s.currentEngine().IsComplete(req.Code) }); err != nil {
		status = "unknown"
	}
	switch status {
	case "incomplete":
		s.reply(sk, m, map[string]any{"status": status, "indent": indent})
	case "complete", "invalid", "unknown":
		s.reply(sk, m, map[string]any{"status": status})
	default:
		s.reply(sk, m, map[string]any{"status": "unknown"})
	}
}

func (s *Server) complete(sk *socket, m *Message) {
	var req codeCursor
	if err := json.Unmarshal(m.Content, &req); err != nil {
		s.reply(sk, m, errorContent("BadMessage", "complete_request content: "+err.Error()))
		return
	}
	cur, units := req.cursor()
	var c engine.Completion
	if err := s.guard("Complete", func() { c = s.currentEngine().Complete(req.Code, cur) }); err != nil {
		c = engine.Completion{CursorStart: cur, CursorEnd: cur}
	}
	if c.Matches == nil {
		c.Matches = []string{}
	}
	if c.Metadata == nil {
		c.Metadata = map[string]any{}
	}
	if c.CursorStart == 0 && c.CursorEnd == 0 {
		c.CursorStart, c.CursorEnd = cur, cur // the engine left them unset
	}
	s.reply(sk, m, map[string]any{
		"status":       "ok",
		"matches":      c.Matches,
		"cursor_start": units.back(c.CursorStart),
		"cursor_end":   units.back(c.CursorEnd),
		"metadata":     c.Metadata,
	})
}

func (s *Server) inspect(sk *socket, m *Message) {
	var req codeCursor
	if err := json.Unmarshal(m.Content, &req); err != nil {
		s.reply(sk, m, errorContent("BadMessage", "inspect_request content: "+err.Error()))
		return
	}
	var in engine.Inspection
	cur, _ := req.cursor()
	if err := s.guard("Inspect", func() { in = s.currentEngine().Inspect(req.Code, cur, req.Detail) }); err != nil {
		in = engine.Inspection{}
	}
	data := in.Data
	if data == nil || !in.Found {
		data = engine.Bundle{}
	}
	s.reply(sk, m, map[string]any{
		"status":   "ok",
		"found":    in.Found && len(data) > 0,
		"data":     data,
		"metadata": map[string]any{},
	})
}

// shutdown answers a shutdown_request, restarting the engine in process if
// asked and allowed; it reports whether Serve must stop, which dispatch
// does once the request's idle status is out.
func (s *Server) shutdown(sk *socket, m *Message) (stop bool) {
	var req struct {
		Restart bool `json:"restart"`
	}
	_ = json.Unmarshal(m.Content, &req)
	content := map[string]any{"status": "ok", "restart": req.Restart}
	s.reply(sk, m, content)
	s.publish("shutdown_reply", m, content)
	if !req.Restart || !s.opts.RestartInProcess {
		return true
	}
	s.Interrupt()
	s.execMu.Lock()
	defer s.execMu.Unlock()
	s.closeEngine(s.currentEngine())
	e, err := s.opts.NewEngine()
	if err != nil {
		s.log.Printf("restart: new engine: %v; shutting down", err)
		return true
	}
	s.mu.Lock()
	s.engine = e
	s.execCount = 0
	s.mu.Unlock()
	s.history.newSession()
	return false
}
