package spec

import (
	"slices"
	"strings"
	"testing"
)

func TestParseCitation(t *testing.T) {
	s := parse(t, "# Be useful {#useful}\nHelp.\n## Be brief\nShort.\n# Be safe\nSafe.\n")
	c, err := s.ParseCitation([]byte(`{"reasoning": "r", "decision": "non-compliant",
		"clauses": ["be-useful/be-brief", "useful", "be-useful/be-brief", "made-up"], "violated": ["#be-safe", "2.1"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Clauses) != 2 || c.Clauses[0] != 1 || c.Clauses[1] != 0 {
		t.Errorf("clauses %v, want [1 0] (anchor resolved, repeat dropped)", c.Clauses)
	}
	if len(c.Violated) != 1 || c.Violated[0] != 2 {
		t.Errorf("violated %v, want [2]", c.Violated)
	}
	if strings.Join(c.Unknown, ",") != "made-up,2.1" {
		t.Errorf("unknown %v, want made-up and 2.1 kept as written", c.Unknown)
	}
	c, err = s.ParseCitation([]byte(`{"decision": "compliant"}`))
	if err != nil || len(c.Clauses)+len(c.Violated)+len(c.Unknown) != 0 {
		t.Errorf("no citation fields: %+v, %v", c, err)
	}
	for _, bad := range []string{`{"clauses": "be-safe"}`, `{"violated": [1, 2]}`, `not json`} {
		if _, err := s.ParseCitation([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	if _, err := s.ParseCitation([]byte(`{"clauses": "x"}`)); err == nil || !strings.Contains(err.Error(), `"clauses"`) {
		t.Errorf("error does not name the field: %v", err)
	}
}

func TestClauseListSkipsEmptyHeadings(t *testing.T) {
	s := parse(t, "# Top\n## A\ntext a\n")
	if got := s.ClauseList(); got != "top/a: A\n" {
		t.Errorf("ClauseList = %q", got)
	}
}

// Stored citations resolve against the spec; ids it lacks are left out and
// counted per judge with their place, never guessed or dropped silently.
func TestResolveCited(t *testing.T) {
	s := parse(t, "# Be useful {#useful}\nHelp.\n## Be brief\nShort.\n# Be safe\nSafe.\n")
	fields := [2][][][]string{
		{{{"useful", "be-useful/be-brief"}, nil, {}}, {{"be-safe"}, {"Be Safe"}, {"be-useful"}}},
		{{{"be-safe", "useful"}, nil, {"made-up"}}, {{}, {}, nil}},
	}
	where := func(r int) string { return "f.parquet row " + string(rune('0'+r)) }
	got, rep, err := s.ResolveCited([]string{"a", "b"}, fields, where)
	if err != nil {
		t.Fatal(err)
	}
	want := [][][]int32{{{0, 1, 2}, nil, nil}, {{2}, nil, {0}}}
	for j := range want {
		for r := range want[j] {
			if !slices.Equal(got[j][r], want[j][r]) {
				t.Errorf("judge %d row %d: %v, want %v", j, r, got[j][r], want[j][r])
			}
		}
	}
	if rep.Rows != 3 || rep.Resolved[0] != 4 || rep.Unknown[0] != 1 || rep.Resolved[1] != 2 || rep.Unknown[1] != 1 {
		t.Errorf("report %+v", rep)
	}
	if rep.TotalUnknown() != 2 || rep.UnknownIDs["made-up"] != 1 || rep.UnknownIDs["Be Safe"] != 1 {
		t.Errorf("unknown ids %v", rep.UnknownIDs)
	}
	str := rep.String()
	for _, w := range []string{`a cites "made-up" (f.parquet row 2)`, `b cites "Be Safe" (f.parquet row 1)`, "2 unknown ids left out"} {
		if !strings.Contains(str, w) {
			t.Errorf("report %q lacks %q", str, w)
		}
	}
	if _, _, err := s.ResolveCited([]string{"a"}, fields, where); err == nil {
		t.Error("citations of two judges accepted for one")
	}
}
