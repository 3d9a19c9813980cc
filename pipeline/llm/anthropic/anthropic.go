package llm

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
)

// anthropicBackend speaks Anthropic messages through the official SDK.
type anthropicBackend struct {
	name   string
	client anthropic.Client
}

// promptCacheChars: system prompts this long (about 1,000+ tokens, the
// provider's minimum) are marked for prompt caching.
const promptCacheChars = 4096

// defaultAnthropicMaxTokens: the messages API requires max_tokens.
const defaultAnthropicMaxTokens = 4096

func newAnthropic(r resolved, hc *http.Client) *anthropicBackend {
	opts := []option.RequestOption{
		// Credentials and base URL come from our resolution only, never
		// from profiles or federation files the SDK would otherwise read.
		option.WithoutEnvironmentDefaults(),
		option.WithAPIKey(r.apiKey),
		option.WithMaxRetries(0),
		option.WithHTTPClient(hc),
	}
	if r.baseURL != "" {
		opts = append(opts, option.WithBaseURL(r.baseURL))
	}
	return &anthropicBackend{name: r.name, client: anthropic.NewClient(opts...)}
}

// anthropicMaxTokens is the max_tokens a request is sent with: the API
// requires one.
func anthropicMaxTokens(req *Request) int64 {
	maxTok := int64(req.MaxTokens)
	if maxTok <= 0 {
		maxTok = defaultAnthropicMaxTokens
	}
	if req.ThinkingBudget > 0 && maxTok <= int64(req.ThinkingBudget) {
		// The budget must stay below max_tokens; leave room for the answer.
		maxTok = int64(req.ThinkingBudget) + defaultAnthropicMaxTokens
	}
	return maxTok
}

func anthropicParams(model string, req *Request) anthropic.MessageNewParams {
	p := anthropic.MessageNewParams{Model: anthropic.Model(model), MaxTokens: anthropicMaxTokens(req)}
	if req.System != "" {
		blk := anthropic.TextBlockParam{Text: req.System}
		if len(req.System) >= promptCacheChars {
			// A long system prompt (the judges' spec) repeats across
			// thousands of calls: let the provider cache it.
			blk.CacheControl = anthropic.NewCacheControlEphemeralParam()
		}
		p.System = []anthropic.TextBlockParam{blk}
	}
	for _, m := range req.Messages {
		blk := anthropic.NewTextBlock(m.Content)
		if m.Role == Assistant {
			p.Messages = append(p.Messages, anthropic.NewAssistantMessage(blk))
		} else {
			p.Messages = append(p.Messages, anthropic.NewUserMessage(blk))
		}
	}
	if req.ThinkingBudget > 0 {
		p.Thinking = anthropic.ThinkingConfigParamOfEnabled(int64(req.ThinkingBudget))
	}
	if req.Schema != nil {
		p.OutputConfig = anthropic.OutputConfigParam{
			Format: anthropic.JSONOutputFormatParam{Schema: req.Schema.Schema},
		}
	}
	// This SDK version has no typed temperature field; the API still takes it.
	// With thinking on, the API only accepts the default temperature.
	if req.Temperature != nil && req.ThinkingBudget == 0 {
		p.SetExtraFields(map[string]any{"temperature": *req.Temperature})
	}
	return p
}

// Complete makes one Messages call (no retry: the Stack retries).
func (b *anthropicBackend) Complete(ctx context.Context, req *Request) (*Response, error) {
	_, model, err := ParseModel(req.Model)
	if err != nil {
		return nil, err
	}
	m, err := b.client.Messages.New(ctx, anthropicParams(model, req))
	if err != nil {
		return nil, b.classify(ctx, err)
	}
	return anthropicResponse(m), nil
}

// anthropicResponse turns a message (from a call or a batch result) into a Response.
func anthropicResponse(m *anthropic.Message) *Response {
	out := &Response{
		Model:     string(m.Model),
		Stop:      string(m.StopReason),
		Truncated: m.StopReason == anthropic.StopReasonMaxTokens,
		Usage: Usage{Input: m.Usage.InputTokens + m.Usage.CacheReadInputTokens + m.Usage.CacheCreationInputTokens,
			Output: m.Usage.OutputTokens, CacheRead: m.Usage.CacheReadInputTokens, CacheWrite: m.Usage.CacheCreationInputTokens},
	}
	var text, thinking strings.Builder
	for _, blk := range m.Content {
		switch blk.Type {
		case "text":
			text.WriteString(blk.Text)
		case "thinking":
			thinking.WriteString(blk.Thinking)
		}
	}
	out.Text, out.Thinking = text.String(), thinking.String()
	if m.StopReason == anthropic.StopReasonRefusal {
		out.Refusal = "refusal"
	}
	return out
}

func (b *anthropicBackend) classify(ctx context.Context, err error) error {
	var ae *anthropic.Error
	if errors.As(err, &ae) {
		var h http.Header
		if ae.Response != nil {
			h = ae.Response.Header
		}
		msg := ae.Message
		if msg == "" {
			msg = http.StatusText(ae.StatusCode)
		}
		return httpError(b.name, ae.StatusCode, h, msg, time.Now())
	}
	return transportError(ctx, b.name, err)
}
