// Package openai is the llm backend of kind "openai": OpenAI chat
// completions and the OpenAI Batch API through the official SDK, to OpenAI
// or any compatible server (xAI, Gemini, OpenRouter, vLLM, Ollama,
// llama.cpp). Importing it registers the kind with pipeline/llm:
//
//	import _ "github.com/specstress/specstress/pipeline/llm/openai"
package openai

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/shared"

	"github.com/specstress/specstress/pipeline/llm"
)

func init() {
	llm.Register(llm.KindOpenAI, llm.Driver{New: func(e llm.Endpoint) (llm.Client, error) { return newBackend(e), nil }})
}

// backend speaks OpenAI chat completions through the official SDK.
type backend struct {
	name   string
	client sdk.Client
}

func newBackend(e llm.Endpoint) *backend {
	opts := []option.RequestOption{
		option.WithAPIKey(e.APIKey),
		option.WithMaxRetries(0), // our retry loop is the only one
		option.WithHTTPClient(e.HTTPClient),
	}
	if e.BaseURL != "" {
		opts = append(opts, option.WithBaseURL(e.BaseURL))
	}
	return &backend{name: e.Name, client: sdk.NewClient(opts...)}
}

// params translates a Request; model is the part after the colon.
func params(model string, req *llm.Request) sdk.ChatCompletionNewParams {
	p := sdk.ChatCompletionNewParams{Model: shared.ChatModel(model)}
	if req.System != "" {
		p.Messages = append(p.Messages, sdk.SystemMessage(req.System))
	}
	for _, m := range req.Messages {
		if m.Role == llm.Assistant {
			p.Messages = append(p.Messages, sdk.AssistantMessage(m.Content))
		} else {
			p.Messages = append(p.Messages, sdk.UserMessage(m.Content))
		}
	}
	if req.Temperature != nil {
		p.Temperature = sdk.Float(*req.Temperature)
	}
	if req.MaxTokens > 0 {
		p.MaxCompletionTokens = sdk.Int(int64(req.MaxTokens))
	}
	if req.Reasoning != "" {
		p.ReasoningEffort = shared.ReasoningEffort(req.Reasoning)
	}
	if req.Schema != nil {
		p.ResponseFormat = sdk.ChatCompletionNewParamsResponseFormatUnion{
			OfJSONSchema: &shared.ResponseFormatJSONSchemaParam{
				JSONSchema: shared.ResponseFormatJSONSchemaJSONSchemaParam{
					Name:   req.Schema.Name,
					Schema: req.Schema.Schema,
				},
			},
		}
	}
	return p
}

// Complete makes one chat completion call (no retry: the Stack retries).
func (b *backend) Complete(ctx context.Context, req *llm.Request) (*llm.Response, error) {
	_, model, err := llm.ParseModel(req.Model)
	if err != nil {
		return nil, err
	}
	c, err := b.client.Chat.Completions.New(ctx, params(model, req))
	if err != nil {
		return nil, b.classify(ctx, err)
	}
	return b.convert(c)
}

// convert turns a chat completion (from a call or a batch result) into a Response.
func (b *backend) convert(c *sdk.ChatCompletion) (*llm.Response, error) {
	if len(c.Choices) == 0 {
		return nil, &llm.APIError{Provider: b.name, Message: "response has no choices", Retryable: true}
	}
	ch := c.Choices[0]
	out := &llm.Response{
		Text:    ch.Message.Content,
		Refusal: ch.Message.Refusal,
		Model:   c.Model,
		Stop:    ch.FinishReason,
		// "length": max_tokens (or the context window) cut the answer.
		Truncated: ch.FinishReason == "length",
		Usage: llm.Usage{
			Input:     c.Usage.PromptTokens,
			Output:    c.Usage.CompletionTokens,
			Reasoning: c.Usage.CompletionTokensDetails.ReasoningTokens,
			CacheRead: c.Usage.PromptTokensDetails.CachedTokens,
		},
	}
	// Some compatible servers (vLLM, DeepSeek, OpenRouter) return the
	// chain of thought beside the content.
	for _, k := range []string{"reasoning_content", "reasoning"} {
		if f, ok := ch.Message.JSON.ExtraFields[k]; ok && out.Thinking == "" {
			var t string
			if json.Unmarshal([]byte(f.Raw()), &t) == nil {
				out.Thinking = t
			}
		}
	}
	return out, nil
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
