// Package llmtest provides local HTTP servers that speak the OpenAI and
// Anthropic wire protocols (chat completions, embeddings, messages), with
// fault injection, for tests and benchmarks of code built on pipeline/llm.
// They are driven through the official SDKs, so the SDKs' real request
// encoding and response decoding are exercised.
package llmtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Fault is what the server does instead of (or before) answering one
// request. The zero Fault answers normally.
type Fault struct {
	Status int               // non-zero: answer with this status and an error body
	Header map[string]string // extra response headers
	Delay  time.Duration     // wait before answering (honours client cancellation)
	Body   string            // non-empty: send this raw body with status 200 (malformed JSON tests)
	// Think is a wait after the server has accepted (and billed) the
	// request, before it answers: a client that hangs up meanwhile has
	// still paid, as with the real providers.
	Think time.Duration
	// Truncate answers with the first half of the reply and the finish
	// reason of a response cut off at max_tokens ("length" for OpenAI,
	// "max_tokens" for Anthropic).
	Truncate bool
}

// Bill is what a server charged: answered requests and their tokens as
// reported in the usage of each answer.
type Bill struct {
	Requests int64
	Input    int64
	Output   int64
}

// Cost prices the bill at dollars per million tokens, discounted by factor
// (1 for direct calls, 0.5 for batches).
func (b Bill) Cost(inPerM, outPerM, factor float64) float64 {
	return (float64(b.Input)*inPerM + float64(b.Output)*outPerM) / 1e6 * factor
}

// Server is a fake provider. Faults are consumed in order, one per
// request; Reply builds the answer text from the last user message.
type Server struct {
	*httptest.Server
	Key     string // the API key the server requires
	Faults  func(n int64) Fault
	Reply   func(prompt string) string
	count   atomic.Int64
	mu      sync.Mutex
	bodies  []map[string]any
	prompts map[string]int
	Keep    bool // record bodies and prompts (tests); off for benchmarks
	// BatchPolls is how many polls a batch takes to end; 0 means 2.
	BatchPolls int
	// BatchCreated, if set, runs after a batch is stored and before the
	// creation is answered, with the request's context: a test can kill
	// its client there (the provider has the batch, the client never
	// hears of it).
	BatchCreated func(ctx context.Context, id string)
	// BatchTruncate, if set, says which batched prompts are answered cut
	// off at max_tokens.
	BatchTruncate func(prompt string) bool
	bs            *batchState
	billMu        sync.Mutex
	bill, bbill   Bill
}

// NewOpenAI starts an OpenAI-compatible server; its base URL for the SDK is
// URL + "/v1".
func NewOpenAI(key string) *Server {
	s := &Server{Key: key, prompts: map[string]int{}, Keep: true}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.chat)
	mux.HandleFunc("POST /v1/embeddings", s.embeddings)
	s.addOpenAIBatchRoutes(mux)
	s.Server = httptest.NewServer(mux)
	return s
}

// NewAnthropic starts an Anthropic messages server; its base URL for the
// SDK is URL.
func NewAnthropic(key string) *Server {
	s := &Server{Key: key, prompts: map[string]int{}, Keep: true}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/messages", s.messages)
	s.addAnthropicBatchRoutes(mux)
	s.Server = httptest.NewServer(mux)
	return s
}

// Count returns the number of requests received.
func (s *Server) Count() int64 { return s.count.Load() }

// Billed returns what the server charged for direct calls: every request
// it accepted and answered (or was answering when the client hung up).
func (s *Server) Billed() Bill {
	s.billMu.Lock()
	defer s.billMu.Unlock()
	return s.bill
}

// BatchBilled returns what the server charged for batch requests, counted
// when a batch is created (it is processed whether or not anyone polls).
func (s *Server) BatchBilled() Bill {
	s.billMu.Lock()
	defer s.billMu.Unlock()
	return s.bbill
}

// chargeBody bills the usage of an answer body.
func (s *Server) chargeBody(batch bool, body map[string]any) {
	in, out := usageOf(body)
	s.charge(batch, in, out)
}

func (s *Server) charge(batch bool, in, out int64) {
	s.billMu.Lock()
	defer s.billMu.Unlock()
	b := &s.bill
	if batch {
		b = &s.bbill
	}
	b.Requests++
	b.Input += in
	b.Output += out
}

// Bodies returns the decoded JSON bodies received (when Keep is set).
func (s *Server) Bodies() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.bodies...)
}

// Prompts returns how many times each (model, last user message) was
// received, keyed "model|message".
func (s *Server) Prompts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.prompts))
	for k, v := range s.prompts {
		out[k] = v
	}
	return out
}

// begin counts the request, records it, checks auth and applies the fault.
// It returns the decoded body and false when the response was already sent.
func (s *Server) begin(w http.ResponseWriter, r *http.Request, auth string, errBody func(int, string) string) (map[string]any, string, Fault, bool) {
	n := s.count.Add(1)
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		http.Error(w, `{"error":{"message":"bad json"}}`, http.StatusBadRequest)
		return nil, "", Fault{}, false
	}
	prompt := lastUser(body)
	if s.Keep { // benchmarks turn this off so the server's memory stays flat
		s.mu.Lock()
		s.bodies = append(s.bodies, body)
		s.prompts[fmt.Sprint(body["model"])+"|"+prompt]++
		s.mu.Unlock()
	}
	if s.Key != "" && auth != s.Key {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, errBody(401, "invalid api key"))
		return nil, "", Fault{}, false
	}
	var f Fault
	if s.Faults != nil {
		f = s.Faults(n)
	}
	if f.Delay > 0 {
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return nil, "", Fault{}, false
		}
	}
	for k, v := range f.Header {
		w.Header().Set(k, v)
	}
	if f.Status != 0 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.Status)
		io.WriteString(w, errBody(f.Status, "injected fault"))
		return nil, "", Fault{}, false
	}
	if f.Body != "" {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, f.Body)
		return nil, "", Fault{}, false
	}
	return body, prompt, f, true
}

func lastUser(body map[string]any) string {
	msgs, _ := body["messages"].([]any)
	for i := len(msgs) - 1; i >= 0; i-- {
		m, _ := msgs[i].(map[string]any)
		if m["role"] != "user" {
			continue
		}
		switch c := m["content"].(type) {
		case string:
			return c
		case []any:
			var sb strings.Builder
			for _, p := range c {
				if pm, ok := p.(map[string]any); ok {
					if t, ok := pm["text"].(string); ok {
						sb.WriteString(t)
					}
				}
			}
			return sb.String()
		}
	}
	if in, ok := body["input"]; ok {
		return fmt.Sprint(in)
	}
	return ""
}

func (s *Server) reply(prompt string) string {
	if s.Reply != nil {
		return s.Reply(prompt)
	}
	return "echo: " + prompt
}

func openAIError(status int, msg string) string {
	return fmt.Sprintf(`{"error":{"message":%q,"type":"test_error","param":null,"code":"%d"}}`, msg, status)
}

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	body, prompt, f, ok := s.begin(w, r, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), openAIError)
	if !ok {
		return
	}
	out := chatBody(body, s.reply(prompt), prompt, f.Truncate)
	s.answer(w, r, f, out)
}

// answer bills an accepted request, waits the fault's Think time and
// writes the answer; a client gone meanwhile has paid all the same.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, f Fault, out map[string]any) {
	s.chargeBody(false, out)
	if f.Think > 0 {
		select {
		case <-time.After(f.Think):
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

// usageOf reads the token counts of an answer body of either protocol.
func usageOf(out map[string]any) (in, o int64) {
	u, _ := out["usage"].(map[string]any)
	for _, k := range []string{"prompt_tokens", "input_tokens"} {
		if v, ok := u[k].(int); ok {
			in += int64(v)
		}
	}
	for _, k := range []string{"completion_tokens", "output_tokens"} {
		if v, ok := u[k].(int); ok {
			o += int64(v)
		}
	}
	return in, o
}

// cut returns the first half of text, as a model stopped by max_tokens would.
func cut(text string) string { return text[:len(text)/2] }

// chatBody is a chat completion answering body with text; truncated
// answers carry half the text and finish reason "length".
func chatBody(body map[string]any, text, prompt string, truncated bool) map[string]any {
	finish := "stop"
	if truncated {
		text, finish = cut(text), "length"
	}
	return map[string]any{
		"id": "chatcmpl-test", "object": "chat.completion", "created": 1700000000, "model": body["model"],
		"choices": []any{map[string]any{"index": 0, "finish_reason": finish, "logprobs": nil,
			"message": map[string]any{"role": "assistant", "content": text, "refusal": nil}}},
		"usage": map[string]any{"prompt_tokens": len(prompt)/4 + 10, "completion_tokens": len(text)/4 + 1,
			"total_tokens": len(prompt)/4 + len(text)/4 + 11, "completion_tokens_details": map[string]any{"reasoning_tokens": 0}},
	}
}

func (s *Server) embeddings(w http.ResponseWriter, r *http.Request) {
	body, _, _, ok := s.begin(w, r, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), openAIError)
	if !ok {
		return
	}
	var inputs []string
	switch in := body["input"].(type) {
	case string:
		inputs = []string{in}
	case []any:
		for _, x := range in {
			inputs = append(inputs, fmt.Sprint(x))
		}
	}
	var data []any
	for i, in := range inputs {
		// A tiny deterministic embedding: letter frequencies of a..h.
		v := make([]float64, 8)
		for _, c := range strings.ToLower(in) {
			if c >= 'a' && c <= 'h' {
				v[c-'a']++
			}
		}
		data = append(data, map[string]any{"object": "embedding", "index": i, "embedding": v})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data, "model": body["model"],
		"usage": map[string]any{"prompt_tokens": 5 * len(inputs), "total_tokens": 5 * len(inputs)}})
}

func anthropicError(status int, msg string) string {
	typ := "api_error"
	switch status {
	case 429:
		typ = "rate_limit_error"
	case 401:
		typ = "authentication_error"
	case 529:
		typ = "overloaded_error"
	}
	return fmt.Sprintf(`{"type":"error","error":{"type":%q,"message":%q}}`, typ, msg)
}

func (s *Server) messages(w http.ResponseWriter, r *http.Request) {
	// The SDK sends the key as x-api-key or as a bearer token, by version.
	key := r.Header.Get("X-Api-Key")
	if key == "" {
		key = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	}
	body, prompt, f, ok := s.begin(w, r, key, anthropicError)
	if !ok {
		return
	}
	s.answer(w, r, f, messageBody(body, s.reply(prompt), prompt, f.Truncate))
}

// messageBody is an Anthropic message answering body with text; truncated
// answers carry half the text and stop reason "max_tokens".
func messageBody(body map[string]any, text, prompt string, truncated bool) map[string]any {
	stop := "end_turn"
	if truncated {
		text, stop = cut(text), "max_tokens"
	}
	content := []any{}
	if th, ok := body["thinking"].(map[string]any); ok && th["type"] == "enabled" {
		content = append(content, map[string]any{"type": "thinking", "thinking": "let me think", "signature": "sig"})
	}
	content = append(content, map[string]any{"type": "text", "text": text, "citations": nil})
	resp := map[string]any{
		"id": "msg_test", "type": "message", "role": "assistant", "model": body["model"],
		"content": content, "stop_reason": stop, "stop_sequence": nil,
		"usage": map[string]any{"input_tokens": len(prompt)/4 + 10, "output_tokens": len(text)/4 + 1,
			"cache_creation_input_tokens": 0, "cache_read_input_tokens": 0},
	}
	return resp
}
