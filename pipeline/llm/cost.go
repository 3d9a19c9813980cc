package llm

import (
	"sort"
	"strings"
)

// Price is a model's list price in US dollars per million tokens.
// CachedInput is the price of prompt tokens read from the provider's
// prompt cache (0: charged as Input); prompt-cache writes cost 1.25 x Input
// (Anthropic's rate; OpenAI does not report writes).
type Price struct {
	Input       float64 `json:"input"`
	Output      float64 `json:"output"`
	CachedInput float64 `json:"cached_input,omitempty"`
}

// PriceTable maps a model name prefix (the part after "provider:") to its
// price; the longest matching prefix wins, so "gpt-4.1-mini" beats "gpt-4.1".
type PriceTable map[string]Price

// DefaultPrices are public list prices (USD per million tokens) as of
// late 2025. They are an estimate for budgeting: override them in the run
// configuration when a provider changes its prices.
func DefaultPrices() PriceTable {
	return PriceTable{
		"claude-opus-4":          {15, 75, 1.5},
		"claude-3-opus":          {15, 75, 1.5},
		"claude-sonnet-4":        {3, 15, 0.3},
		"claude-3-7-sonnet":      {3, 15, 0.3},
		"claude-3-5-sonnet":      {3, 15, 0.3},
		"claude-3-5-haiku":       {0.8, 4, 0.08},
		"claude-haiku-4":         {1, 5, 0.1},
		"gpt-4.1":                {2, 8, 0.5},
		"gpt-4.1-mini":           {0.4, 1.6, 0.1},
		"gpt-4.1-nano":           {0.1, 0.4, 0.025},
		"gpt-4o":                 {2.5, 10, 1.25},
		"gpt-4o-mini":            {0.15, 0.6, 0.075},
		"gpt-5":                  {1.25, 10, 0.125},
		"o3":                     {2, 8, 0.5},
		"o4-mini":                {1.1, 4.4, 0.275},
		"gemini-2.5-pro":         {1.25, 10, 0.31},
		"gemini-2.5-flash":       {0.3, 2.5, 0.075},
		"grok-4":                 {3, 15, 0.75},
		"text-embedding-3-small": {0.02, 0, 0},
		"text-embedding-3-large": {0.13, 0, 0},
	}
}

// Lookup returns the price of a "provider:model" name. Models of the sim
// backend and local servers cost nothing; an unknown paid model reports
// ok=false (its calls are counted in tokens, at zero dollars).
func (t PriceTable) Lookup(name string) (Price, bool) {
	prov, model, err := ParseModel(name)
	if err != nil {
		return Price{}, false
	}
	switch prov {
	case "sim", "ollama", "vllm":
		return Price{}, true
	}
	if i := strings.LastIndex(model, "/"); i >= 0 { // openrouter: "openai/gpt-4.1"
		model = model[i+1:]
	}
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	for _, k := range keys {
		if strings.HasPrefix(model, k) {
			return t[k], true
		}
	}
	return Price{}, false
}

// Cost returns the dollar cost of usage on model.
func (t PriceTable) Cost(model string, u Usage) float64 {
	p, _ := t.Lookup(model)
	cached := p.CachedInput
	if cached == 0 {
		cached = p.Input
	}
	plain := max(0, u.Input-u.CacheRead-u.CacheWrite)
	return (float64(plain)*p.Input + float64(u.CacheRead)*cached + float64(u.CacheWrite)*1.25*p.Input +
		float64(u.Output)*p.Output) / 1e6
}
