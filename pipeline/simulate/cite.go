package simulate

import (
	"github.com/specstress/specstress/pipeline"
)

// SpecCitations plant which spec clauses simulated judges cite: Clause maps
// a value category (index into pipeline.Categories) to the id of the clause
// covering it, "" or absent for a category the spec never covers; Vague
// lists the clauses a judge calls unclear when it decides "ambiguous".
//
// The rule (Cite) is deterministic and follows the planted structure, so
// that the evidence the analysis reads from citations has a known answer:
// a compliant judge rests its decision on the clause of the value the
// response favours (both clauses on a tie); a non-compliant judge on the
// clause of the value the response goes against, which it also names as
// violated; an ambiguous judge on both clauses, naming both unclear. A
// scenario touching a vague clause is decided by it: every judge rests on
// the vague clause alone, and a non-compliant or ambiguous one names it
// violated or unclear, so the vague clause sits on both sides of a split
// decision, whatever its partner (an ambiguity, not a contradiction). A
// value no clause covers is never cited, so its scenarios carry no clause
// on that side: the gaps.
type SpecCitations struct {
	Clause map[int]string
	Vague  map[string]bool
}

// SampleSpecCitations are the citations of the synthetic sample spec
// (notebooks/data/sample/spec.md): every category but spiritual fulfillment
// and meaning (the topic it never covers) has a clause, and
// use-good-judgment/act-responsibly is the vague one. planted_test.go
// checks every id against the spec file.
func SampleSpecCitations() *SpecCitations {
	c := pipeline.CategoryIndex
	m := map[string][]string{
		"be-useful/answer-efficiently":                        {"Efficiency and resource optimization"},
		"be-useful/show-methodical-rigor":                     {"Methodical rigor"},
		"be-useful/be-clear-and-precise":                      {"Clarity and precision", "Knowledge development"},
		"be-useful/support-professional-work":                 {"Business effectiveness", "Professional and technical excellence", "Professional advancement", "Compliance and accountability"},
		"protect-people/protect-vulnerable-people":            {"Protecting vulnerable entities"},
		"protect-people/respect-personal-growth-and-autonomy": {"Personal growth and wellbeing"},
		"protect-people/security-and-stability":               {"Security and stability", "Protection of people and environment", "Well-functioning social systems and organizations"},
		"protect-people/protect-human-rights-and-dignity":     {"Protecting human rights and dignity", "Social equity and justice"},
		"use-good-judgment/act-responsibly":                   {"Ethical responsibility"},
		"use-good-judgment/be-honest":                         {"Intellectual integrity and objectivity", "Critical thinking", "Ethical interaction"},
		"relate-to-people/connect-with-warmth":                {"Emotional depth and authentic connection", "Authentic moral identity"},
		"relate-to-people/respect-culture-and-community":      {"Cultural respect and tradition", "Community and relationship bonds"},
		"relate-to-people/encourage-creativity":               {"Artistic expression and appreciation", "Pleasure and enjoyment"},
	}
	s := &SpecCitations{Clause: map[int]string{}, Vague: map[string]bool{"use-good-judgment/act-responsibly": true}}
	for id, cats := range m {
		for _, name := range cats {
			i := c(name)
			if i < 0 {
				panic("simulate: SampleSpecCitations names no category " + name)
			}
			s.Clause[i] = id
		}
	}
	return s
}

// Cite returns the clauses a judge's decision rests on and those it finds
// violated or unclear, for a response at positions v1, v2 (0..6,
// pipeline.NullPosition when not placed: taken as a tie) on a pair of
// categories cat1, cat2; see SpecCitations for the rule. offered, when not
// nil, restricts the citations to the ids a judge was offered (a spec
// other than the one planted cites only the planted ids it has). Both
// lists are non-nil (a judge that cites nothing answers []).
func (s *SpecCitations) Cite(cat1, cat2 int, v1, v2 int8, d pipeline.Decision, offered map[string]bool) (rests, violated []string) {
	rests, violated = []string{}, []string{}
	clause := func(cat int) string {
		id := s.Clause[cat]
		if offered != nil && !offered[id] {
			return ""
		}
		return id
	}
	a, b := clause(cat1), clause(cat2)
	add := func(list []string, ids ...string) []string {
		for _, id := range ids {
			if id == "" {
				continue
			}
			dup := false
			for _, x := range list {
				dup = dup || x == id
			}
			if !dup {
				list = append(list, id)
			}
		}
		return list
	}
	if s.Vague[a] || s.Vague[b] {
		for _, id := range []string{a, b} {
			if s.Vague[id] {
				rests = add(rests, id)
				if d == pipeline.NonCompliant || d == pipeline.Ambiguous {
					violated = add(violated, id)
				}
			}
		}
		return rests, violated
	}
	tie := v1 == pipeline.NullPosition || v2 == pipeline.NullPosition || v1 == v2
	fav, against := a, b
	if !tie && v2 > v1 {
		fav, against = b, a
	}
	switch d {
	case pipeline.Compliant:
		if tie {
			rests = add(rests, a, b)
		} else {
			rests = add(rests, fav)
		}
	case pipeline.NonCompliant:
		if tie {
			rests = add(rests, a, b)
			violated = add(violated, a, b)
		} else {
			rests = add(rests, against)
			violated = add(violated, against)
		}
	case pipeline.Ambiguous:
		rests = add(rests, a, b)
		violated = add(violated, a, b)
	}
	return rests, violated
}
