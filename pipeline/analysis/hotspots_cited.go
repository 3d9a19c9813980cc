package analysis

import (
	"fmt"
	"math"

	"github.com/specstress/specstress/pipeline"
)

// CitedSides sets in's sides from judge citations instead of retrieval:
// cites[j][i] holds the clause indexes judge j cites on judged row i of
// in.Judged (what it rests its decision on and what it finds violated or
// unclear, together). A clause cited with a compliant decision goes to
// Side1 of the row's scenario, with a flagged one (non-compliant or
// ambiguous) to Side2, so a split decision puts the clauses each camp
// relies on on opposite sides: the contradiction candidates. A missing
// decision cites nothing; a scenario judged but cited by no judge
// implicates nothing. A scenario no judge decided on is left out (its D
// becomes NaN in a copy of in.D): its clauses are unknown, not absent, and
// judged scenarios are usually a sample drawn per disagreement bin, so
// counting the unjudged ones would bias every lift. Evidence becomes
// "cited". It returns the number of judged rows whose key matches no
// scenario (left out).
func CitedSides(in *HotspotInput, cites [][][]int32) (unmatched int, err error) {
	j := in.Judged
	if j == nil {
		return 0, fmt.Errorf("cited sides: no judged responses (HotspotInput.Judged is nil)")
	}
	if len(cites) != len(j.Judges) {
		return 0, fmt.Errorf("cited sides: citations of %d judges, judgments have %d (%v)", len(cites), len(j.Judges), j.Judges)
	}
	rows, err := newScenarioRows(in.Keys, "cited sides")
	if err != nil {
		return 0, err
	}
	n := len(in.Keys)
	side := [2][][]int32{make([][]int32, n), make([][]int32, n)}
	for jj, per := range cites {
		if len(per) != j.Rows {
			return 0, fmt.Errorf("cited sides: judge %s has citations for %d rows, judgments %d", j.Judges[jj], len(per), j.Rows)
		}
		for i, cs := range per {
			for _, c := range cs {
				if c < 0 || int(c) >= len(in.Clauses) {
					return 0, fmt.Errorf("cited sides: judge %s, row %d (%s): clause index %d outside 0..%d", j.Judges[jj], i, j.Keys[i], c, len(in.Clauses)-1)
				}
			}
		}
	}
	judged := make([]bool, n)
	for i := 0; i < j.Rows; i++ {
		r, ok := rows.row(j.Keys[i])
		if !ok {
			unmatched++
			continue
		}
		for jj := range cites {
			d := j.Decisions[jj][i]
			if d == pipeline.Missing {
				continue
			}
			judged[r] = true
			s := 0
			if d.Problematic() {
				s = 1
			}
			for _, c := range cites[jj][i] {
				if !containsInt32(side[s][r], c) {
					side[s][r] = append(side[s][r], c)
				}
			}
		}
	}
	d := make([]float64, n)
	for r := range d {
		d[r] = math.NaN()
		if judged[r] {
			d[r] = in.D[r]
		}
	}
	in.Side1, in.Side2, in.Evidence, in.D = side[0], side[1], "cited", d
	return unmatched, nil
}

func containsInt32(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
