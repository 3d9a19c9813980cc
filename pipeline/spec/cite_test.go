package spec

import (
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
