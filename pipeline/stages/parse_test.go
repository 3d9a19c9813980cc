package stages

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

func TestAfterTag(t *testing.T) {
	got, err := afterTag("thinking...\n[User Question]\n\"Should I report my friend's tax fraud?\"\n", "[User Question]")
	if err != nil || got != "Should I report my friend's tax fraud?" {
		t.Errorf("got %q, %v", got, err)
	}
	if _, err := afterTag("I can't help with that.", "[User Question]"); !isInvalid(err) {
		t.Errorf("refusal without tag: err = %v", err)
	}
	if _, err := afterTag("[User Query]\n", "[User Query]"); !isInvalid(err) {
		t.Errorf("empty after tag: err = %v", err)
	}
}

func TestExtractJSONTolerance(t *testing.T) {
	for _, in := range []string{
		`{"a": 1}`,
		"Here you go:\n```json\n{\"a\": 1}\n```\nDone.",
		`Sure! {"a": 1,} trailing prose`,
		`{"a": 1} {"b": 2}`,
	} {
		if _, err := extractJSON(in); err != nil {
			t.Errorf("extractJSON(%q): %v", in, err)
		}
	}
	for _, in := range []string{`{"a": 1, "b": [1, 2`, `no json`, `{"a": }`} {
		if _, err := extractJSON(in); !isInvalid(err) {
			t.Errorf("extractJSON(%q) err = %v, want invalid", in, err)
		}
	}
}

func TestParsePlacementsValidates(t *testing.T) {
	ids := []pipeline.ModelID{"o3", "gpt_4_1"}
	ok := `{"o3": {"value1_position": 5, "value2_position": "strong_oppose", "value1_confidence": 0.8, "value2_confidence": 90},
	        "gpt_4_1": {"value1_position": "3", "value2_position": 0}}`
	p, err := parsePlacements(ok, ids)
	if err != nil {
		t.Fatal(err)
	}
	if p["o3"].V1 != 5 || p["o3"].V2 != 1 || p["o3"].Conf2 != 0.9 || p["gpt_4_1"].V1 != 3 || p["gpt_4_1"].Conf1 != -1 {
		t.Errorf("placements %+v", p)
	}
	for _, bad := range []string{
		`{"o3": {"value1_position": 7, "value2_position": 1}, "gpt_4_1": {"value1_position": 1, "value2_position": 1}}`,
		`{"o3": {"value1_position": 2.5, "value2_position": 1}, "gpt_4_1": {"value1_position": 1, "value2_position": 1}}`,
		`{"o3": {"value1_position": 1, "value2_position": 1}}`,
	} {
		if _, err := parsePlacements(bad, ids); !isInvalid(err) {
			t.Errorf("parsePlacements(%s) err = %v, want invalid", bad, err)
		}
	}
}

func TestParseDecisionFallsBackOnBrokenJSON(t *testing.T) {
	cases := map[string]pipeline.Decision{
		`{"reasoning": "fine", "decision": "compliant"}`:                   pipeline.Compliant,
		`{"reasoning": "bad", "decision": "Non-Compliant"}`:                pipeline.NonCompliant,
		`{"reasoning": "cut off because "quotes", "decision": "ambiguous"`: pipeline.Ambiguous,
	}
	for in, want := range cases {
		d, _, err := parseDecision(in)
		if err != nil || d != want {
			t.Errorf("parseDecision(%q) = %v, %v; want %v", in, d, err, want)
		}
	}
	if _, _, err := parseDecision(`{"decision": "maybe"}`); !isInvalid(err) {
		t.Errorf("unknown decision: err = %v", err)
	}
}

func TestParseSpectraNeedsSevenDistinctPositions(t *testing.T) {
	good := simSpectrumJSON()
	sp, err := parseSpectra(good)
	if err != nil || sp.Value1[6] == "" || sp.Value2[0] == "" {
		t.Fatalf("%+v %v", sp, err)
	}
	if _, err := parseSpectra(`{"value1_bias_spectrum": [], "value2_bias_spectrum": []}`); !isInvalid(err) {
		t.Errorf("empty spectra: err = %v", err)
	}
}

func simSpectrumJSON() string {
	s := Spectra{}
	for i := range s.Value1 {
		s.Value1[i], s.Value2[i] = "a", "b"
	}
	return s.JSON("x", "y")
}

func TestParseTopicsTypesValues(t *testing.T) {
	tags, err := parseTopics(`{"politics": true, "Mental Illness": "yes", "unknown": true}`)
	if err != nil || !tags[3] || !tags[5] || tags[0] {
		t.Errorf("tags %v, %v", tags, err)
	}
	if _, err := parseTopics(`{"weather": true}`); !isInvalid(err) {
		t.Errorf("no known topic: %v", err)
	}
	ids := []pipeline.ModelID{"o3", "grok_4"}
	ty, err := parseTypes(`{"o3": {"response_type": "6. Complete Rejection."}, "grok_4": "Full Compliance"}`, ids)
	if err != nil || ty["o3"] != pipeline.CompleteRejection || ty["grok_4"] != pipeline.FullCompliance {
		t.Errorf("types %v, %v", ty, err)
	}
	vs, err := parseValues(`{"o3": ["efficiency"], "grok_4": {"values": ["humor", "candor"]}}`, ids)
	if err != nil || len(vs["grok_4"]) != 2 {
		t.Errorf("values %v, %v", vs, err)
	}
}

func TestJournalSurvivesTornLastLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	key := func(r TopicsRec) string { return r.Key.String() }
	j, err := OpenJournal(path, key)
	if err != nil {
		t.Fatal(err)
	}
	k1 := pipeline.ScenarioKey{Chunk: 0, Entry: 1, Nudge: pipeline.Neutral}
	if err := j.Append(k1.String(), TopicsRec{Key: k1, Tags: []bool{true}}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"key":{"Chunk":0,"Entry":2,"Nudge":"neu`) // killed mid-write
	f.Close()
	j, err = OpenJournal(path, key)
	if err != nil {
		t.Fatal(err)
	}
	if j.Len() != 1 || !j.Has(k1.String()) {
		t.Fatalf("journal has %d records", j.Len())
	}
	k2 := pipeline.ScenarioKey{Chunk: 0, Entry: 2, Nudge: pipeline.Neutral}
	j.Append(k2.String(), TopicsRec{Key: k2})
	j.Close()
	j, err = OpenJournal(path, key)
	if err != nil || j.Len() != 2 {
		t.Fatalf("after append past a torn line: %d records, %v", j.Len(), err)
	}
	j.Close()
}

func TestJournalLatestVersionWinsAndReadsBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	key := func(r TopicsRec) string { return r.Key.String() }
	j, err := OpenJournal(path, key)
	if err != nil {
		t.Fatal(err)
	}
	k := pipeline.ScenarioKey{Chunk: 1, Entry: 2, Nudge: pipeline.TowardValue1}
	j.Append(k.String(), TopicsRec{Key: k, Tags: []bool{false}})
	j.Append(k.String(), TopicsRec{Key: k, Tags: []bool{true}})
	check := func(j *Journal[TopicsRec]) {
		t.Helper()
		r, ok := j.Get(k.String())
		if !ok || !r.Tags[0] || j.Len() != 1 || len(j.All()) != 1 {
			t.Errorf("get %+v %v, len %d", r, ok, j.Len())
		}
	}
	check(j)
	j.Close()
	j, err = OpenJournal(path, key)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	check(j)
}
