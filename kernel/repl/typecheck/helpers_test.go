package typecheck

import (
	"testing"

	"github.com/specstress/specstress/stdlib"
)

// newSession returns a checker with the engine's preloads.
func newSession() *Session {
	var pre []Import
	for _, p := range stdlib.Preloads {
		pre = append(pre, Import{p.Name, p.Path})
	}
	return New(pre)
}

// runSession checks and commits cells that Go must accept, failing the
// test on an error or an unjudged cell.
func runSession(t *testing.T, s *Session, cells ...string) {
	t.Helper()
	for _, c := range cells {
		r := s.Check(c)
		if len(r.Errors) > 0 || r.Unsure != "" || len(r.Notes) > 0 {
			t.Fatalf("session cell %q: errors %v, unsure %q, notes %v", c, r.Errors, r.Unsure, r.Notes)
		}
		s.Commit(r, true)
	}
}
