package llm

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/shared"
)

// openAIBackend speaks OpenAI chat completions through the official SDK,
// to OpenAI or any compatible server (xAI, Gemini, OpenRouter, vLLM,
// Ollama, llama.cpp).
type openAIBackend struct {
	name   string
	client openai.Client
}

func newOpenAI(r resolved, hc *http.Client) *openAIBackend {
	opts := []option.RequestOption{
		option.WithAPIKey(r.apiKey),
		option.WithMaxRetries(0), // our retry loop is the only one
		option.WithHTTPClient(hc),
	}
	if r.baseURL != "" {
		opts = append(opts, option.WithBaseURL(r.baseURL))
	}
	return &openAIBackend{name: r.name, client: openai.NewClient(opts...)}
}

// openAIParams translates a Request; model is the part after the colon.
func openAIParams(model string, req *Request) openai.ChatCompletionNewParams {
	p := openai.ChatCompletionNewParams{Model: shared.ChatModel(model)}
	if req.System != "" {
		p.Messages = append(p.Messages, openai.SystemMessage(req.System))
	}
	for _, m := range req.Messages {
		if m.Role == Assistant {
			p.Messages = append(p.Messages, openai.AssistantMessage(m.Content))
		} else {
			p.Messages = append(p.Messages, openai.UserMessage(m.Content))
		}
	}
	if req.Temperature != nil {
		p.Temperature = openai.Float(*req.Temperature)
	}
	if req.MaxTokens > 0 {
		p.MaxCompletionTokens = openai.Int(int64(req.MaxTokens))
	}
	if req.Reasoning != "" {
		p.ReasoningEffort = shared.ReasoningEffort(req.Reasoning)
	}
	if req.Schema != nil {
		p.ResponseFormat = openai.ChatCompletionNewParamsResponseFormatUnion{
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
func (b *openAIBackend) Complete(ctx context.Context, req *Request) (*Response, error) {
	_, model, err := ParseModel(req.Model)
	if err != nil {
		return nil, err
	}
	c, err := b.client.Chat.Completions.New(ctx, openAIParams(model, req))
	if err != nil {
		return nil, b.classify(ctx, err)
	}
	return b.convert(c)
}

// convert turns a chat completion (from a call or a batch result) into a Response.
func (b *openAIBackend) convert(c *openai.ChatCompletion) (*Response, error) {
	if len(c.Choices) == 0 {
		return nil, &APIError{Provider: b.name, Message: "response has no choices", Retryable: true}
	}
	ch := c.Choices[0]
	out := &Response{
		Text:    ch.Message.Content,
		Refusal: ch.Message.Refusal,
		Model:   c.Model,
		Stop:    ch.FinishReason,
		// "length": max_tokens (or the context window) cut the answer.
		Truncated: ch.FinishReason == "length",
		Usage: Usage{
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

func (b *openAIBackend) classify(ctx context.Context, err error) error {
	var ae *openai.Error
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
