package stages

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/specstress/specstress/pipeline/embed"
	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/simulate"
)

// NewStack builds the client stack a configuration asks for, with its
// cache (cfg.Cache, default Out/cache.db, opened with the llm.DefaultCache
// backend, which the program wires in by importing
// pipeline/llm/sqlitecache). Close the cache when done.
func NewStack(cfg Config, getenv func(string) string, log func(string, ...any)) (*llm.Stack, llm.Cache, error) {
	path := cfg.Cache
	if path == "" {
		path = filepath.Join(cfg.Out, "cache.db")
	}
	if err := mkdirFor(path); err != nil {
		return nil, nil, err
	}
	cache, err := llm.OpenCache(llm.DefaultCache, path)
	if err != nil {
		return nil, nil, err
	}
	opts := llm.Options{Providers: cfg.Providers, Getenv: getenv, Cache: cache, Prices: cfg.Prices,
		CostLimit: cfg.CostLimit, Timeout: time.Duration(cfg.Timeout), Log: log, Persona: simulate.SimulatePersonas(),
		AllowUnpriced: cfg.AllowUnpriced, TruncatedMaxTokens: cfg.TruncatedMaxTokens}
	if cfg.Prices != nil {
		// The configuration's prices extend the defaults.
		opts.Prices = llm.DefaultPrices()
		for k, v := range cfg.Prices {
			opts.Prices[k] = v
		}
	}
	if cfg.Attempts > 0 {
		opts.Retry = llm.DefaultRetry()
		opts.Retry.Attempts = cfg.Attempts
	}
	if cfg.Replay {
		opts.CacheMode = llm.Replay
	}
	s, err := llm.New(opts)
	if err != nil {
		cache.Close()
		return nil, nil, err
	}
	if !cfg.AllowUnpriced {
		// Before any call: a run must know what each of its models costs.
		if err := s.Prices().CheckPrices(cfg.models()); err != nil {
			cache.Close()
			return nil, nil, fmt.Errorf("run config: %w", err)
		}
	}
	return s, cache, nil
}

// models lists the provider:model names of every role that is set.
func (c *Config) models() []string {
	var out []string
	for _, ms := range [][]ModelSpec{c.Generators, c.Respondents, c.Judges, {c.Spectrum, c.Classifier, c.Tagger}} {
		for _, m := range ms {
			if m.Model != "" {
				out = append(out, m.Model)
			}
		}
	}
	return out
}

// NewEmbedder returns the embedder the configuration names: "hashed" (or
// empty) for the offline one, or provider:model of an embedding API whose
// key and base URL come from the provider table; the provider's kind
// selects the embedder registered with pipeline/embed (the program wires
// in pipeline/embed/openai for OpenAI-compatible APIs).
func NewEmbedder(cfg Config, getenv func(string) string) (embed.Embedder, error) {
	if cfg.Embedder == "" || cfg.Embedder == "hashed" {
		return embed.Hashed{}, nil
	}
	prov, model, err := llm.ParseModel(cfg.Embedder)
	if err != nil {
		return nil, fmt.Errorf("embedder: %w", err)
	}
	pc, ok := cfg.Providers[prov]
	if !ok {
		pc, ok = llm.DefaultProviders()[prov]
	}
	if !ok {
		return nil, fmt.Errorf("embedder %s: unknown provider %q", cfg.Embedder, prov)
	}
	if !slices.Contains(embed.Kinds(), pc.Kind) {
		// Open says which import the missing kind needs.
		_, err := embed.Open(pc.Kind, "", "", model)
		return nil, fmt.Errorf("embedder %s: provider %s: %w", cfg.Embedder, prov, err)
	}
	base, key := pc.BaseURL, pc.APIKey
	if pc.BaseURLEnv != "" && getenv(pc.BaseURLEnv) != "" {
		base = getenv(pc.BaseURLEnv)
	}
	if key == "" && pc.APIKeyEnv != "" {
		key = getenv(pc.APIKeyEnv)
	}
	if key == "" && !pc.NoKey {
		return nil, fmt.Errorf("embedder %s: no API key (set %s)", cfg.Embedder, pc.APIKeyEnv)
	}
	if key == "" {
		key = "none"
	}
	return embed.Open(pc.Kind, strings.TrimSpace(base), key, model)
}
