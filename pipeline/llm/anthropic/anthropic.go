// Package anthropic is the llm backend of kind "anthropic": Anthropic
// messages and Message Batches through the official SDK. Importing it
// registers the kind with pipeline/llm:
//
//	import _ "github.com/specstress/specstress/pipeline/llm/anthropic"
package anthropic

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	sdk "github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	"github.com/specstress/specstress/pipeline/llm"
)

func init() {
	llm.Register(llm.KindAnthropic, llm.Driver{
		New:           func(e llm.Endpoint) (llm.Client, error) { return newBackend(e), nil },
		SentMaxTokens: MaxTokens,
	})
}

// backend speaks Anthropic messages through the official SDK.
type backend struct {
	name   string
	client sdk.Client
}

// promptCacheChars: system prompts this long (about 1,000+ tokens, the
// provider's minimum) are marked for prompt caching.
const promptCacheChars = 4096

// defaultMaxTokens: the messages API requires max_tokens.
const defaultMaxTokens = 4096

func newBackend(e llm.Endpoint) *backend {
	opts := []option.RequestOption{
		// Credentials and base URL come from our resolution only, never
		// from profiles or federation files the SDK would otherwise read.
		option.WithoutEnvironmentDefaults(),
		option.WithAPIKey(e.APIKey),
		option.WithMaxRetries(0),
		option.WithHTTPClient(e.HTTPClient),
	}
	if e.BaseURL != "" {
		opts = append(opts, option.WithBaseURL(e.BaseURL))
	}
	return &backend{name: e.Name, client: sdk.NewClient(opts...)}
}

// MaxTokens is the max_tokens a request is sent with: the API requires
// one.
func MaxTokens(req *llm.Request) int64 {
	maxTok := int64(req.MaxTokens)
	if maxTok <= 0 {
		maxTok = defaultMaxTokens
	}
	if req.ThinkingBudget > 0 && maxTok <= int64(req.ThinkingBudget) {
		// The budget must stay below max_tokens; leave room for the answer.
		maxTok = int64(req.ThinkingBudget) + defaultMaxTokens
	}
	return maxTok
}

func params(model string, req *llm.Request) sdk.MessageNewParams {
	p := sdk.MessageNewParams{Model: sdk.Model(model), MaxTokens: MaxTokens(req)}
	if req.System != "" {
		blk := sdk.TextBlockParam{Text: req.System}
		if len(req.System) >= promptCacheChars {
			// A long system prompt (the judges' spec) repeats across
			// thousands of calls: let the provider cache it.
			blk.CacheControl = sdk.NewCacheControlEphemeralParam()
		}
		p.System = []sdk.TextBlockParam{blk}
	}
	for _, m := range req.Messages {
		blk := sdk.NewTextBlock(m.Content)
		if m.Role == llm.Assistant {
			p.Messages = append(p.Messages, sdk.NewAssistantMessage(blk))
		} else {
			p.Messages = append(p.Messages, sdk.NewUserMessage(blk))
		}
	}
	if req.ThinkingBudget > 0 {
		p.Thinking = sdk.ThinkingConfigParamOfEnabled(int64(req.ThinkingBudget))
	}
	if req.Schema != nil {
		p.OutputConfig = sdk.OutputConfigParam{
			Format: sdk.JSONOutputFormatParam{Schema: req.Schema.Schema},
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
func (b *backend) Complete(ctx context.Context, req *llm.Request) (*llm.Response, error) {
	_, model, err := llm.ParseModel(req.Model)
	if err != nil {
		return nil, err
	}
	m, err := b.client.Messages.New(ctx, params(model, req))
	if err != nil {
		return nil, b.classify(ctx, err)
	}
	return response(m), nil
}

// response turns a message (from a call or a batch result) into a Response.
func response(m *sdk.Message) *llm.Response {
	out := &llm.Response{
		Model:     string(m.Model),
		Stop:      string(m.StopReason),
		Truncated: m.StopReason == sdk.StopReasonMaxTokens,
		Usage: llm.Usage{Input: m.Usage.InputTokens + m.Usage.CacheReadInputTokens + m.Usage.CacheCreationInputTokens,
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
	if m.StopReason == sdk.StopReasonRefusal {
		out.Refusal = "refusal"
	}
	return out
}

func (b *backend) classify(ctx context.Context, err error) error {
	var ae *sdk.Error
	if errors.As(err, &ae) {
		var h http.Header
		if ae.Response != nil {
			h = ae.Response.Header
		}
		msg := ae.Message
		if msg == "" {
			msg = http.StatusText(ae.StatusCode)
		}
		return llm.StatusError(b.name, ae.StatusCode, h, msg, time.Now())
	}
	return llm.TransportError(ctx, b.name, err)
}
