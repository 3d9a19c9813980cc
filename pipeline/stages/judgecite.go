package stages

import (
	"fmt"
	"sort"
	"strings"

	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/spec"
)

// Clause citations are this project's extension of the compliance stage
// (B.6), not part of the paper's method: with a spec configured, each judge
// also gets the spec's clause ids and titles and is asked which clauses its
// decision rests on and, for a non-compliant or ambiguous decision, which
// it finds violated or unclear. The paper's B.6 template is left as it is
// (prompts_test.go checks it); the request is appended after it, to the
// system prompt (cacheable, the same for every call of a judge) or, with a
// one-message template, to the user message. "no_clause_citations" in the
// configuration turns the extension off and sends B.6 alone.

// judgeSpec is what a judge call needs of the spec: its text for B.6 and,
// when citations are asked for, its clauses.
type judgeSpec struct {
	text    string
	clauses *spec.Spec // nil: no citations asked
}

func (r *Run) judgeSpec() (judgeSpec, error) {
	text, err := r.spec()
	if err != nil {
		return judgeSpec{}, err
	}
	sp, err := r.citeSpec()
	if err != nil {
		return judgeSpec{}, err
	}
	return judgeSpec{text: text, clauses: sp}, nil
}

// citationBlock is what is appended to the B.6 prompt: our instruction
// and the clause list in tags.
func citationBlock(sp *spec.Spec) string {
	return "\n\n" + spec.CitationInstruction + "\n\n<" + llm.ClauseListTag + ">\n" + sp.ClauseList() + "</" + llm.ClauseListTag + ">"
}

// extend appends the citation request to the system prompt, or to the user
// message when the template has no system part.
func (js judgeSpec) extend(system, user string) (string, string) {
	if js.clauses == nil {
		return system, user
	}
	if system != "" {
		return system + citationBlock(js.clauses), user
	}
	return system, user + citationBlock(js.clauses)
}

// schema is the structured-output schema: B.6's, plus the two lists of
// clause ids when citations are asked for. Ids are free strings, not an
// enum, so that a judge inventing an id is seen and counted rather than
// forced onto some real clause.
func (js judgeSpec) schema() *llm.Schema {
	if js.clauses == nil {
		return judgeSchema
	}
	return citeSchema
}

var citeSchema = func() *llm.Schema {
	ids := map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
	return &llm.Schema{Name: "compliance_judgment_with_clauses", Schema: map[string]any{
		"type": "object", "additionalProperties": false,
		"required": []string{"reasoning", "decision", spec.CitationFields[0], spec.CitationFields[1]},
		"properties": map[string]any{
			"reasoning":            map[string]any{"type": "string"},
			"decision":             map[string]any{"type": "string", "enum": []string{"compliant", "non-compliant", "ambiguous"}},
			spec.CitationFields[0]: ids,
			spec.CitationFields[1]: ids,
		}}}
}()

// cites reads the citations of an answer whose decision parseDecision has
// read. An answer without a JSON object (a decision found by the fallback
// pattern) has no citations to read: nil, recorded as not answered. A
// citation field of the wrong type makes the answer invalid (asked again);
// unknown ids are kept as written and reported by unknownCitations.
func (js judgeSpec) cites(text string) (*JudgeCites, error) {
	if js.clauses == nil {
		return nil, nil
	}
	raw, err := extractJSON(text)
	if err != nil {
		return nil, nil
	}
	c, err := js.clauses.ParseCitation(raw)
	if err != nil {
		return nil, invalid("%v", err)
	}
	return &JudgeCites{Clauses: c.Written[0], Violated: c.Written[1], Unknown: c.Unknown}, nil
}

// unknownCitations summarises the journaled citations of ids the spec
// lacks, per judge, for the stage's warnings; "" when there are none.
func (r *Run) unknownCitations() string {
	perJudge := map[string]int{}
	first := map[string]string{}
	total := 0
	for _, rec := range r.judged.All() {
		if rec.Cites == nil || len(rec.Cites.Unknown) == 0 {
			continue
		}
		perJudge[rec.Judge] += len(rec.Cites.Unknown)
		total += len(rec.Cites.Unknown)
		if _, ok := first[rec.Judge]; !ok {
			first[rec.Judge] = fmt.Sprintf("%q on %s (%s)", rec.Cites.Unknown[0], rec.Key, rec.Model)
		}
	}
	if total == 0 {
		return ""
	}
	var parts []string
	for j, n := range perJudge {
		parts = append(parts, fmt.Sprintf("%s %d, first %s", j, n, first[j]))
	}
	sort.Strings(parts)
	return fmt.Sprintf("judges cited %d clause ids the spec does not have (kept as written in <judge>_clauses/_violated, left out by analyze hotspots and counted there): %s",
		total, strings.Join(parts, "; "))
}
