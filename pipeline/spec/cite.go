package spec

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Citation is what a judge says its decision rests on, in the extension of
// the compliance answer that asks for clause ids: Clauses are the clauses
// the decision rests on; Violated, for a non-compliant or ambiguous
// decision, the clauses the response breaks or that are unclear. Both hold
// indexes into Spec.Clauses.
type Citation struct {
	Clauses  []int
	Violated []int
	// Unknown are cited ids the spec does not have, as written; they are
	// kept out of Clauses and Violated and reported, never guessed.
	Unknown []string
	// Written are the two fields' ids as a judge output file stores them
	// (the extension columns <judge>_clauses and <judge>_violated): the
	// canonical id of each resolved clause and each unknown id as written,
	// in citation order, repeats dropped. A reader resolves them again
	// against its spec, which may differ from the judge's.
	Written [2][]string
}

// CitationFields are the JSON fields a judge answer carries the citations
// in, beside "reasoning" and "decision".
var CitationFields = [2]string{"clauses", "violated"}

// CitationInstruction is the sentence added to the compliance prompt when
// the judge is asked to cite clauses (our own words), followed by the
// clause list from ClauseList.
const CitationInstruction = `Also list the ids of the spec clauses your decision rests on in "clauses", and, when the decision is non-compliant or ambiguous, the ids of the clauses the response breaks or that leave the case unclear in "violated". Use only ids from the list below, spelled exactly.`

// ClauseList renders the clause ids and titles for a prompt, one a line.
func (s *Spec) ClauseList() string {
	var b strings.Builder
	for _, c := range s.Clauses {
		if c.Text == "" {
			continue // a heading with no text cannot be what a decision rests on
		}
		title := c.Title
		if title == "" {
			title = firstWords(c.Text, 8)
		}
		fmt.Fprintf(&b, "%s: %s\n", c.ID, title)
	}
	return b.String()
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		return strings.Join(f[:n], " ") + " …"
	}
	return strings.Join(f, " ")
}

// ParseCitation reads the citation fields from a judge's JSON answer. A
// missing field is an empty list (a judge may cite nothing); a field that
// is not a list of strings is an error naming it; ids are resolved with
// Resolve's rules (exact, or a unique explicit anchor), and ids the spec
// lacks go to Unknown. The same id cited twice counts once.
func (s *Spec) ParseCitation(answer []byte) (Citation, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(answer, &raw); err != nil {
		return Citation{}, fmt.Errorf("judge citation: answer is not a JSON object: %w", err)
	}
	var c Citation
	for i, field := range CitationFields {
		v, ok := raw[field]
		if !ok || string(v) == "null" {
			continue
		}
		var ids []string
		if err := json.Unmarshal(v, &ids); err != nil {
			return Citation{}, fmt.Errorf("judge citation: field %q: want a list of clause id strings, got %.60s", field, v)
		}
		seen := map[int]bool{}
		seenUnknown := map[string]bool{}
		c.Written[i] = []string{}
		for _, id := range ids {
			idx, err := s.Resolve([]string{id})
			if err != nil {
				if !seenUnknown[id] {
					seenUnknown[id] = true
					c.Unknown = append(c.Unknown, id)
					c.Written[i] = append(c.Written[i], id)
				}
				continue
			}
			if seen[idx[0]] {
				continue
			}
			seen[idx[0]] = true
			c.Written[i] = append(c.Written[i], s.Clauses[idx[0]].ID)
			if i == 0 {
				c.Clauses = append(c.Clauses, idx[0])
			} else {
				c.Violated = append(c.Violated, idx[0])
			}
		}
	}
	return c, nil
}
