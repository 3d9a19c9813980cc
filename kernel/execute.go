package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/specstress/specstress/kernel/engine"
)

// executeRequest is the content of an execute_request; pointer fields
// default to true when absent, as in the spec.
type executeRequest struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      *bool             `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

func orTrue(b *bool) bool { return b == nil || *b }

// execute runs a cell: execute_input, the cell's outputs as they happen,
// execute_result or error, then the execute_reply. Everything the cell shows
// is published before the reply.
func (s *Server) execute(ctx context.Context, sk *socket, r received) {
	m := r.msg
	var req executeRequest
	if err := json.Unmarshal(m.Content, &req); err != nil {
		s.reply(sk, m, errorContent("BadMessage", "execute_request content: "+err.Error()))
		return
	}
	storeHistory := orTrue(req.StoreHistory) && !req.Silent
	s.mu.Lock()
	if r.at.Before(s.abortBefore) {
		n := s.execCount
		s.mu.Unlock()
		// stop_on_error: requests queued behind a failed cell are not run.
		s.reply(sk, m, map[string]any{"status": "aborted", "execution_count": n})
		return
	}
	if storeHistory {
		s.execCount++
	}
	n := s.execCount
	s.mu.Unlock()

	if !req.Silent {
		s.publish("execute_input", m, map[string]any{"code": req.Code, "execution_count": n})
	}
	out := newCellOutput(s, m, req.Silent, orTrue(req.AllowStdin))

	var res engine.Result
	var payload []map[string]any
	userExpr := map[string]any{}
	switch {
	case len(req.Code) > s.opts.MaxCellBytes:
		res.Error = &engine.Error{Name: "CellTooLarge",
			Value: fmt.Sprintf("the cell has %d bytes; this kernel accepts at most %d", len(req.Code), s.opts.MaxCellBytes)}
	case isHelpRequest(req.Code):
		payload = s.help(req.Code, out)
	default:
		cellCtx, cancel := context.WithCancel(ctx)
		s.execMu.Lock()
		s.mu.Lock()
		s.cancelCell = cancel
		s.mu.Unlock()
		res = s.runEngine(cellCtx, req.Code, out)
		if res.Error == nil && cellCtx.Err() == nil {
			for name, expr := range req.UserExpressions {
				userExpr[name] = s.userExpression(cellCtx, expr)
			}
		}
		s.mu.Lock()
		s.cancelCell = nil
		s.mu.Unlock()
		s.execMu.Unlock()
		cancel()
	}
	out.finish()

	var histOut any
	if res.Error != nil {
		e := res.Error
		name := e.Name
		if name == "" {
			name = "Error"
		}
		tb := e.Traceback
		if tb == nil {
			tb = []string{}
		}
		// stop_on_error aborts what arrived before this failure was
		// reported; mark the instant before the reply goes out, or a
		// client's next request could arrive in between and be aborted.
		if orTrue(req.StopOnError) {
			s.mu.Lock()
			s.abortBefore = time.Now()
			s.mu.Unlock()
		}
		if !req.Silent {
			s.publish("error", m, map[string]any{"ename": name, "evalue": e.Value, "traceback": tb})
		}
		s.reply(sk, m, map[string]any{"status": "error", "execution_count": n,
			"ename": name, "evalue": e.Value, "traceback": tb})
	} else {
		if len(res.Data) > 0 && !req.Silent {
			md := res.Metadata
			if md == nil {
				md = map[string]any{}
			}
			s.publish("execute_result", m, map[string]any{"execution_count": n, "data": res.Data, "metadata": md})
			if t, ok := res.Data["text/plain"].(string); ok {
				histOut = t
			}
		}
		if payload == nil {
			payload = []map[string]any{}
		}
		s.reply(sk, m, map[string]any{"status": "ok", "execution_count": n,
			"user_expressions": userExpr, "payload": payload})
	}
	if storeHistory {
		s.history.add(n, req.Code, histOut)
	}
}

// runEngine calls Execute, turning a panic into an error result so that a
// broken engine cannot take the kernel down.
func (s *Server) runEngine(ctx context.Context, code string, out engine.Output) (res engine.Result) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Printf("engine Execute panicked: %v\n%s", r, debug.Stack())
			res = engine.Result{Error: &engine.Error{Name: "EnginePanic", Value: fmt.Sprint(r),
				Traceback: strings.Split(strings.TrimRight(string(debug.Stack()), "\n"), "\n")}}
		}
	}()
	return s.currentEngine().Execute(ctx, code, out)
}

// userExpression evaluates one user_expressions entry with its output
// discarded, giving the content the protocol wants for it.
func (s *Server) userExpression(ctx context.Context, expr string) map[string]any {
	r := s.runEngine(ctx, expr, discardOutput{})
	if r.Error != nil {
		tb := r.Error.Traceback
		if tb == nil {
			tb = []string{}
		}
		return map[string]any{"status": "error", "ename": r.Error.Name, "evalue": r.Error.Value, "traceback": tb}
	}
	data, md := r.Data, r.Metadata
	if data == nil {
		data = engine.Bundle{"text/plain": ""}
	}
	if md == nil {
		md = map[string]any{}
	}
	return map[string]any{"status": "ok", "data": data, "metadata": md}
}

// isHelpRequest reports whether code is the IPython-style help syntax
// "name?", "name??" or "?name": one word asking for documentation, which
// the server answers with the engine's inspection in a pager payload.
func isHelpRequest(code string) bool {
	c := strings.TrimSpace(code)
	if c == "" || strings.ContainsAny(c, " \t\r\n;") {
		return false
	}
	body := strings.Trim(c, "?")
	return body != "" && !strings.ContainsAny(body, "?") && (strings.HasSuffix(c, "?") || strings.HasPrefix(c, "?"))
}

// help answers a help request: a "page" payload with the inspection, or a
// line on stdout when nothing is known about the name.
func (s *Server) help(code string, out *cellOutput) []map[string]any {
	c := strings.TrimSpace(code)
	detail := 0
	if strings.HasSuffix(c, "??") || strings.HasPrefix(c, "??") {
		detail = 1
	}
	name := strings.TrimSpace(strings.Trim(c, "?"))
	var in engine.Inspection
	if err := s.guard("Inspect", func() { in = s.currentEngine().Inspect(name, len([]rune(name)), detail) }); err != nil || !in.Found || len(in.Data) == 0 {
		out.Stream("stdout", fmt.Sprintf("no documentation found for %s\n", name))
		return nil
	}
	data := in.Data
	if _, ok := data["text/plain"]; !ok {
		data = engine.Bundle{"text/plain": name}
		for k, v := range in.Data {
			data[k] = v
		}
	}
	return []map[string]any{{"source": "page", "data": data, "start": 0}}
}

// discardOutput drops everything; user expressions show nothing.
type discardOutput struct{}

func (discardOutput) Stream(string, string)                               {}
func (discardOutput) Display(engine.Bundle, map[string]any, string, bool) {}
func (discardOutput) Clear(bool)                                          {}
