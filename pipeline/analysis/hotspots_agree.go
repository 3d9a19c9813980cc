package analysis

import (
	"fmt"
	"math"
	"slices"
)

// CiteAgreement compares the clauses retrieval links each scenario to with
// the clauses judges cite on it: retrieval is a cheap first pass, citations
// are the judges' own account, and where they part one of them is wrong
// about the spec. Only scenarios some judge cited a clause on count.
type CiteAgreement struct {
	Scenarios int      // scenarios with at least one cited clause
	Hit       int      // of those, where retrieval has at least one cited clause
	HitRate   Interval // Hit / Scenarios, Wilson
	Jaccard   float64  // mean |retrieved ∩ cited| / |retrieved ∪ cited|
	// Chance is the hit rate when each scenario's cited clauses are set
	// against the retrieved clauses of other scenarios (the mean over
	// ChanceShifts fixed cyclic shifts): the agreement expected if
	// retrieval knew nothing about the scenario but which clauses are
	// common.
	Chance  float64
	Clauses []ClauseAgreement // in clause order; clauses neither cited nor retrieved are left out
}

// ChanceShifts is the number of shifts CiteAgreement.Chance averages over.
const ChanceShifts = 20

// ClauseAgreement is one clause's agreement, over the cited scenarios.
type ClauseAgreement struct {
	Clause            string
	Cited, Retrieved  int     // scenarios citing it, scenarios retrieval links it to
	Both              int     // scenarios with both
	Precision, Recall float64 // Both/Retrieved, Both/Cited (NaN when 0/0)
}

// CitationAgreement compares retrieved and cited evidence over the same
// scenarios: both inputs must have the same clauses and keys (cited is
// retrieved with its sides replaced by CitedSides). A scenario's clauses
// are those of both sides; scenarios with a NaN D in either are left out.
func CitationAgreement(retrieved, cited *HotspotInput, level float64) (*CiteAgreement, error) {
	if retrieved.Evidence != "retrieved" || cited.Evidence != "cited" {
		return nil, fmt.Errorf("citation agreement: evidence %q and %q, want retrieved and cited", retrieved.Evidence, cited.Evidence)
	}
	n := len(retrieved.Keys)
	if len(cited.Keys) != n || len(retrieved.Side1) != n || len(cited.Side1) != n || len(retrieved.D) != n || len(cited.D) != n {
		return nil, fmt.Errorf("citation agreement: inputs of %d and %d scenarios", n, len(cited.Keys))
	}
	if !slices.Equal(retrieved.Clauses, cited.Clauses) {
		return nil, fmt.Errorf("citation agreement: the inputs have different clauses")
	}
	if level == 0 {
		level = 0.95
	}
	union := func(a, b []int32) []int32 {
		out := append([]int32(nil), a...)
		for _, c := range b {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		return out
	}
	var rs, cs [][]int32
	for r := 0; r < n; r++ {
		if math.IsNaN(retrieved.D[r]) || math.IsNaN(cited.D[r]) {
			continue
		}
		c := union(cited.Side1[r], cited.Side2[r])
		if len(c) == 0 {
			continue
		}
		rs, cs = append(rs, union(retrieved.Side1[r], retrieved.Side2[r])), append(cs, c)
	}
	a := &CiteAgreement{Scenarios: len(cs)}
	if a.Scenarios == 0 {
		return nil, fmt.Errorf("citation agreement: no scenario with a defined D has a cited clause")
	}
	nc := len(retrieved.Clauses)
	per := make([]ClauseAgreement, nc)
	hits := func(ret, cit []int32) int {
		k := 0
		for _, c := range ret {
			if slices.Contains(cit, c) {
				k++
			}
		}
		return k
	}
	var jac float64
	for i := range cs {
		both := hits(rs[i], cs[i])
		if both > 0 {
			a.Hit++
		}
		jac += float64(both) / float64(len(rs[i])+len(cs[i])-both)
		for _, c := range cs[i] {
			per[c].Cited++
			if slices.Contains(rs[i], c) {
				per[c].Both++
			}
		}
		for _, c := range rs[i] {
			per[c].Retrieved++
		}
	}
	a.Jaccard = jac / float64(a.Scenarios)
	a.HitRate = Wilson(a.Hit, a.Scenarios, level)
	m := len(cs)
	if m > 1 {
		var chance float64
		shifts := 0
		for s := 1; s <= ChanceShifts; s++ {
			off := 1 + (s*(m-1))/(ChanceShifts+1) // spread over 1..m-1, never 0
			h := 0
			for i := range cs {
				if hits(rs[(i+off)%m], cs[i]) > 0 {
					h++
				}
			}
			chance += float64(h) / float64(m)
			shifts++
		}
		a.Chance = chance / float64(shifts)
	} else {
		a.Chance = math.NaN()
	}
	for c := range per {
		p := per[c]
		if p.Cited+p.Retrieved == 0 {
			continue
		}
		p.Clause = retrieved.Clauses[c]
		p.Precision, p.Recall = ratio(p.Both, p.Retrieved), ratio(p.Both, p.Cited)
		a.Clauses = append(a.Clauses, p)
	}
	return a, nil
}

// Table renders the agreement: one row per clause, the totals in notes.
func (a *CiteAgreement) Table() *Table {
	t := &Table{Title: "Retrieval vs judge citations: do they name the same clauses?",
		Columns: []string{"clause", "cited", "retrieved", "both", "precision", "recall"}}
	for _, c := range a.Clauses {
		t.Rows = append(t.Rows, []any{c.Clause, c.Cited, c.Retrieved, c.Both, c.Precision, c.Recall})
	}
	t.Note("scenarios", fmt.Sprintf("%d with a cited clause", a.Scenarios))
	t.Note("hit rate", fmt.Sprintf("%.3f [%.3f, %.3f] (%g%% Wilson): retrieval names at least one cited clause; chance %.3f (retrieval of other scenarios, %d shifts)",
		ratio(a.Hit, a.Scenarios), a.HitRate.Lo, a.HitRate.Hi, 100*a.HitRate.Level, a.Chance, ChanceShifts))
	t.Note("mean jaccard", fmt.Sprintf("%.3f", a.Jaccard))
	t.Note("precision, recall", "per clause over the cited scenarios: both/retrieved, both/cited")
	return t
}
