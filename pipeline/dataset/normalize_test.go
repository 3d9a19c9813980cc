package dataset

import (
	"testing"

	"github.com/specstress/specstress/pipeline"
)

func TestNormalizeModelID(t *testing.T) {
	known := map[string]pipeline.ModelID{
		"gpt_4_1": pipeline.GPT41, "gpt-4.1": pipeline.GPT41, "GPT_4_1": pipeline.GPT41, "GPT-4.1": pipeline.GPT41,
		"openai/gpt-4.1": pipeline.GPT41, "gpt-4.1-2025-04-14": pipeline.GPT41, "gpt41": pipeline.GPT41,
		"gpt-4.1-mini": pipeline.GPT41Mini, "GPT-4.1-Mini": pipeline.GPT41Mini, "gpt-4.1-mini-2025-04-14": pipeline.GPT41Mini,
		"gpt-4o": pipeline.GPT4o, "openai/gpt-4o": pipeline.GPT4o, "GPT4o": pipeline.GPT4o,
		"o3": pipeline.O3, "O3": pipeline.O3, "o3-2025-04-16": pipeline.O3,
		"o4-mini": pipeline.O4Mini, "O4_MINI": pipeline.O4Mini, "openai/o4-mini": pipeline.O4Mini, " o4 mini ": pipeline.O4Mini,
		"claude-opus-4-20250514": pipeline.ClaudeOpus4, "claude-4-opus": pipeline.ClaudeOpus4, "anthropic/claude-opus-4": pipeline.ClaudeOpus4,
		"claude-3-5-sonnet-20241022": pipeline.Claude35Sonnet, "claude-3.7-sonnet": pipeline.Claude37Sonnet,
		"claude-3-opus": pipeline.ClaudeOpus3, "Claude Sonnet 4": pipeline.ClaudeSonnet4,
		"gemini-2.5-pro": pipeline.Gemini25Pro, "google/gemini-2.5-pro-preview": pipeline.Gemini25Pro,
		"grok-4": pipeline.Grok4, "x-ai/grok-4-0709": pipeline.Grok4,
	}
	for in, want := range known {
		got, ok := NormalizeModelID(in)
		if !ok || got != want {
			t.Errorf("NormalizeModelID(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	// Unknown ids are kept as written (trimmed), never mapped to a near miss.
	for _, in := range []string{"gpt-4", "gpt-4.5", "o1", "claude-opus-4.1", "Mystery-Model", "gpt-4o-mini", "4.1"} {
		got, ok := NormalizeModelID(in)
		if ok || string(got) != in {
			t.Errorf("NormalizeModelID(%q) = %q, %v; want it kept, unknown", in, got, ok)
		}
	}
}

func TestParseDecisionLoose(t *testing.T) {
	cases := map[string]pipeline.Decision{
		"compliant": pipeline.Compliant, "Compliant": pipeline.Compliant, " COMPLIANT. ": pipeline.Compliant, `"compliant"`: pipeline.Compliant,
		"non-compliant": pipeline.NonCompliant, "Non-Compliant": pipeline.NonCompliant, "non_compliant": pipeline.NonCompliant,
		"NONCOMPLIANT": pipeline.NonCompliant, "Non Compliant": pipeline.NonCompliant, "not compliant": pipeline.NonCompliant,
		"**Non-compliant**": pipeline.NonCompliant,
		"ambiguous":         pipeline.Ambiguous, "AMBIGUOUS": pipeline.Ambiguous, "": pipeline.Missing, "  ": pipeline.Missing,
	}
	for in, want := range cases {
		got, ok := ParseDecisionLoose(in)
		if !ok || got != want {
			t.Errorf("ParseDecisionLoose(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"yes", "no", "unclear", "N/A", "1", "0", "true", "partially compliant"} {
		if d, ok := ParseDecisionLoose(in); ok {
			t.Errorf("ParseDecisionLoose(%q) = %v, ok; want unparsed", in, d)
		}
	}
}

func TestParseQueryKey(t *testing.T) {
	k := func(c, e int64, n pipeline.Nudge) ParsedKey { return ParsedKey{c, e, n, true} }
	cases := map[string]ParsedKey{
		"32/579/neutral":             k(32, 579, pipeline.Neutral),
		"32_579_value1":              k(32, 579, pipeline.TowardValue1),
		"32-579-value_2":             k(32, 579, pipeline.TowardValue2),
		"32:579:VALUE2":              k(32, 579, pipeline.TowardValue2),
		"chunk_32_entry_579_neutral": k(32, 579, pipeline.Neutral),
		"(32, 579, 'value1')":        k(32, 579, pipeline.TowardValue1),
		`[32, 579, "neutral"]`:       k(32, 579, pipeline.Neutral),
		`{"chunk_index": 32, "entry_idx": 579, "nudge_direction": "value_2"}`: k(32, 579, pipeline.TowardValue2),
		"neutral_32_579": k(32, 579, pipeline.Neutral),
		"value1":         {-1, -1, pipeline.TowardValue1, false},
	}
	for in, want := range cases {
		got, ok := ParseQueryKey(in)
		if !ok || got != want {
			t.Errorf("ParseQueryKey(%q) = %+v, %v; want %+v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "32/579", "32/579/sideways", "32/579/value1/value2", "1/2/3/neutral", "abc"} {
		if got, ok := ParseQueryKey(in); ok {
			t.Errorf("ParseQueryKey(%q) = %+v, ok; want not ok", in, got)
		}
	}
}
