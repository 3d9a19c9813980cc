// Package llm is the one client the pipeline's stages use to talk to
// language models: a Client interface, an offline deterministic backend
// "sim", and the operations a multi-million call run needs: per-provider
// adaptive concurrency, retries that honour the providers' rate-limit
// headers, a persistent cache that doubles as record/replay, token and cost
// accounting, a spending guard (Budget) that reserves every call's and
// batch's estimated cost before sending it, and progress.
//
// The backends of real providers live in their own packages and register
// themselves by kind when imported, as database/sql drivers do:
// pipeline/llm/openai (OpenAI and every OpenAI-compatible server through a
// base URL) and pipeline/llm/anthropic, on the official SDKs; the SQLite
// cache is pipeline/llm/sqlitecache. This package links none of them, so
// the interpreter's symbol tables and everything built on it stay small;
// the specstress binary imports them all.
//
// Models are named "provider:model", e.g. "anthropic:claude-opus-4-1",
// "openai:gpt-4.1", "xai:grok-4", "openai-compatible:llama3" or
// "sim:claude_opus_4".
package llm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Role is the author of a chat message.
type Role string

// The chat roles a request may carry (the system prompt is separate).
const (
	User      Role = "user"
	Assistant Role = "assistant"
)

// Message is one turn of a conversation.
type Message struct {
	Role    Role   `json:"role"`
	Content string `json:"content"`
}

// Schema asks for structured output: a JSON schema the answer must follow.
// OpenAI-compatible backends send it as response_format json_schema,
// Anthropic as output_config.format; the stages still validate the answer.
type Schema struct {
	Name   string         `json:"name"`
	Schema map[string]any `json:"schema"`
}

// Request is one model call. Every field but Meta is part of the cache key,
// so two requests that could get different answers never share an entry.
type Request struct {
	Model          string    `json:"model"` // provider:model
	System         string    `json:"system,omitempty"`
	Messages       []Message `json:"messages"`
	Temperature    *float64  `json:"temperature,omitempty"`
	MaxTokens      int       `json:"max_tokens,omitempty"`
	Reasoning      string    `json:"reasoning,omitempty"`       // OpenAI reasoning_effort: minimal, low, medium, high
	ThinkingBudget int       `json:"thinking_budget,omitempty"` // Anthropic extended thinking budget in tokens
	Schema         *Schema   `json:"schema,omitempty"`
	Task           string    `json:"task,omitempty"`   // the stage asking, e.g. "classify"
	Sample         int       `json:"sample,omitempty"` // separates repeated samples of the same prompt
	// Meta carries structured hints (value names, model ids) that only the
	// offline sim backend reads. It is derived from the prompt, so leaving
	// it out of the key loses nothing.
	Meta map[string]string `json:"-"`
}

// Key returns the cache key of the request: the hex SHA-256 of its JSON
// encoding. API keys and base URLs are never part of a request.
func (r *Request) Key() string {
	b, _ := json.Marshal(r) // a Request always marshals: strings, ints, maps of any from JSON
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// Usage counts the tokens of one call.
type Usage struct {
	Input      int64 `json:"input"`                 // all prompt tokens, cached ones included
	Output     int64 `json:"output"`                // reasoning included
	Reasoning  int64 `json:"reasoning,omitempty"`   // included in Output
	CacheRead  int64 `json:"cache_read,omitempty"`  // prompt tokens read from the provider's prompt cache (in Input)
	CacheWrite int64 `json:"cache_write,omitempty"` // prompt tokens written to it (in Input)
}

// Response is the answer to one Request.
type Response struct {
	Text     string `json:"text"`
	Thinking string `json:"thinking,omitempty"`
	Model    string `json:"model,omitempty"` // the model the provider reports
	Stop     string `json:"stop,omitempty"`  // finish/stop reason
	// Truncated says the provider stopped the answer at max_tokens
	// (OpenAI finish_reason "length", Anthropic stop_reason
	// "max_tokens"): the text is cut off and the Stack never hands it out
	// as an answer, only inside a *TruncatedError.
	Truncated bool    `json:"truncated,omitempty"`
	Refusal   string  `json:"refusal,omitempty"`
	Usage     Usage   `json:"usage"`
	Cost      float64 `json:"cost"` // US dollars, from the price table
	// Cached is true when the answer came from the cache (no call, no cost).
	Cached bool `json:"-"`
}

// Client answers requests. The backends make exactly one attempt; the
// Stack adds caching, limits, retries and accounting and is the Client
// stages use.
type Client interface {
	Complete(ctx context.Context, req *Request) (*Response, error)
}

// ClientFunc adapts a function to the Client interface.
type ClientFunc func(ctx context.Context, req *Request) (*Response, error)

// Complete calls f.
func (f ClientFunc) Complete(ctx context.Context, req *Request) (*Response, error) {
	return f(ctx, req)
}

// Text is a convenience for single-turn requests: the user message.
func Text(model, system, user string) *Request {
	return &Request{Model: model, System: system, Messages: []Message{{Role: User, Content: user}}}
}
