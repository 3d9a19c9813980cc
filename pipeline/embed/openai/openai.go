// Package openai embeds texts through an OpenAI-compatible /embeddings
// endpoint with the official SDK (OpenAI, vLLM, Ollama, Gemini's
// compatible endpoint, ...). Importing it registers the embedder of
// provider kind "openai" with pipeline/embed:
//
//	import _ "github.com/specstress/specstress/pipeline/embed/openai"
package openai

import (
	"context"
	"fmt"
	"net/http"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/specstress/specstress/pipeline/embed"
)

// Importing the package makes it the embedder of provider kind "openai".
func init() {
	embed.Register("openai", func(baseURL, apiKey, model string) (embed.Embedder, error) {
		return New(baseURL, apiKey, model, nil), nil
	})
}

// Embedder embeds through an OpenAI-compatible /embeddings endpoint; it
// implements embed.Embedder.
type Embedder struct {
	Model string
	Batch int // texts per request; 0 means 256
	c     sdk.Client
}

// New returns an API embedder. baseURL may be empty (OpenAI itself);
// hc may be nil. The SDK makes up to two retries of its own here, as
// embedding calls are cheap and not cached.
func New(baseURL, apiKey, model string, hc *http.Client) *Embedder {
	opts := []option.RequestOption{option.WithAPIKey(apiKey), option.WithMaxRetries(2)}
	if baseURL != "" {
		opts = append(opts, option.WithBaseURL(baseURL))
	}
	if hc != nil {
		opts = append(opts, option.WithHTTPClient(hc))
	}
	return &Embedder{Model: model, c: sdk.NewClient(opts...)}
}

// Embed embeds texts in batches; the result keeps the input order.
func (o *Embedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	bs := o.Batch
	if bs <= 0 {
		bs = 256
	}
	out := make([][]float32, len(texts))
	for lo := 0; lo < len(texts); lo += bs {
		hi := min(lo+bs, len(texts))
		resp, err := o.c.Embeddings.New(ctx, sdk.EmbeddingNewParams{
			Model: sdk.EmbeddingModel(o.Model),
			Input: sdk.EmbeddingNewParamsInputUnion{OfArrayOfStrings: texts[lo:hi]},
		})
		if err != nil {
			return nil, fmt.Errorf("embeddings %s texts %d..%d: %w", o.Model, lo, hi-1, err)
		}
		for _, d := range resp.Data {
			i := lo + int(d.Index)
			if d.Index < 0 || i >= hi {
				return nil, fmt.Errorf("embeddings %s: index %d out of range", o.Model, d.Index)
			}
			v := make([]float32, len(d.Embedding))
			for k, x := range d.Embedding {
				v[k] = float32(x)
			}
			out[i] = v
		}
	}
	for i, v := range out {
		if v == nil {
			return nil, fmt.Errorf("embeddings %s: no vector for text %d", o.Model, i)
		}
	}
	return out, nil
}
