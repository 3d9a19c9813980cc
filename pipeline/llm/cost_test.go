package llm

import (
	"math"
	"testing"
)

func TestCostCountsPromptCacheReadsAndWrites(t *testing.T) {
	tab := DefaultPrices()
	// 1M prompt tokens of which 800k read from the cache and 100k written,
	// 1M output tokens, on Claude 4 Sonnet ($3 / $15, cached $0.30).
	u := Usage{Input: 1_000_000, CacheRead: 800_000, CacheWrite: 100_000, Output: 1_000_000}
	want := 0.1*3 + 0.8*0.3 + 0.1*1.25*3 + 15
	if got := tab.Cost("anthropic:claude-sonnet-4-0", u); math.Abs(got-want) > 1e-9 {
		t.Errorf("cost %v, want %v", got, want)
	}
	if got := tab.Cost("openai:gpt-4.1-mini-2025", Usage{Input: 1_000_000}); math.Abs(got-0.4) > 1e-9 {
		t.Errorf("gpt-4.1-mini prefix: %v, want 0.4 (longest prefix)", got)
	}
	if _, ok := tab.Lookup("openai:unknown-model"); ok {
		t.Error("unknown model priced")
	}
	if got := tab.Cost("sim:o3", Usage{Input: 1e9, Output: 1e9}); got != 0 {
		t.Errorf("sim costs %v", got)
	}
}
