package analysis

import (
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

func TestScenarioRowsFindEveryKeyPackedOrNot(t *testing.T) {
	packable := []pipeline.ScenarioKey{
		{Chunk: 0, Entry: 0, Nudge: pipeline.Neutral},
		{Chunk: 0, Entry: 0, Nudge: pipeline.TowardValue1},
		{Chunk: 0, Entry: 0, Nudge: pipeline.TowardValue2},
		{Chunk: 1<<30 - 1, Entry: 1<<30 - 1, Nudge: pipeline.TowardValue2},
		{Chunk: 7, Entry: 1, Nudge: pipeline.Neutral},
		{Chunk: 1, Entry: 7, Nudge: pipeline.Neutral},
	}
	// Each of these cannot pack, so the index falls back to the keys.
	odd := []pipeline.ScenarioKey{
		{Chunk: 1 << 30, Entry: 0, Nudge: pipeline.Neutral},
		{Chunk: 0, Entry: 1 << 30, Nudge: pipeline.Neutral},
		{Chunk: -1, Entry: -1, Nudge: pipeline.Neutral},
		{Chunk: 3, Entry: 4, Nudge: "Value1"},
	}
	absent := []pipeline.ScenarioKey{
		{Chunk: 7, Entry: 1, Nudge: pipeline.TowardValue1},
		{Chunk: 1 << 31, Entry: 0, Nudge: pipeline.Neutral},
		{Chunk: 3, Entry: 4, Nudge: ""},
	}
	cases := map[string][]pipeline.ScenarioKey{"packed": packable}
	for _, k := range odd {
		cases["with "+k.String()] = append(append([]pipeline.ScenarioKey(nil), packable...), k)
	}
	for name, keys := range cases {
		s, err := newScenarioRows(keys, "test")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if (s.keys == nil) != (name == "packed") {
			t.Errorf("%s: packed index %v, want it only when every key packs", name, s.keys == nil)
		}
		for r, k := range keys {
			if got, ok := s.row(k); !ok || got != r {
				t.Errorf("%s: row(%s) = %d, %v; want %d", name, k, got, ok, r)
			}
		}
		for _, k := range absent {
			if got, ok := s.row(k); ok {
				t.Errorf("%s: row(%s) = %d for a key not indexed", name, k, got)
			}
		}
	}
}

func TestScenarioRowsRefuseADuplicateKey(t *testing.T) {
	for _, dup := range []pipeline.ScenarioKey{
		{Chunk: 2, Entry: 5, Nudge: pipeline.TowardValue1},
		{Chunk: 2, Entry: 5, Nudge: "other"},
	} {
		keys := []pipeline.ScenarioKey{{Chunk: 1, Entry: 1, Nudge: pipeline.Neutral}, dup, {Chunk: 3, Entry: 3, Nudge: pipeline.Neutral}, dup}
		_, err := newScenarioRows(keys, "cited sides")
		if err == nil || !strings.Contains(err.Error(), "cited sides: scenario key "+dup.String()+" appears twice") {
			t.Errorf("duplicate %s: error %v", dup, err)
		}
	}
}
