package spec

import (
	"fmt"
	"sort"
	"strings"
)

// CiteReport says what resolving stored judge citations against a spec
// found. Ids the spec lacks are left out of the evidence, never guessed,
// and counted here per judge with where the first ones are, so that a
// judge (or a spec edited since the judging) citing ids that do not exist
// shows up in every output instead of silently thinning the evidence.
type CiteReport struct {
	Judges   []string
	Rows     int   // rows where at least one judge has a citation cell
	Resolved []int // per judge: cited ids found in the spec
	Unknown  []int // per judge: cited ids the spec lacks (left out)
	// UnknownIDs counts each unknown id over every judge.
	UnknownIDs map[string]int
	// Examples are the first unknown citations with their place, e.g.
	// `gpt41 cites "be-usefull" (judge_evaluations/std_1.5_to_2.0-00000-of-00001.parquet row 7)`.
	Examples []string
}

// maxExamples bounds CiteReport.Examples.
const maxExamples = 5

// TotalUnknown is the number of unknown ids cited over every judge.
func (r *CiteReport) TotalUnknown() int {
	n := 0
	for _, u := range r.Unknown {
		n += u
	}
	return n
}

// String is the one-line summary outputs carry as a note.
func (r *CiteReport) String() string {
	var parts []string
	for j, name := range r.Judges {
		parts = append(parts, fmt.Sprintf("%s %d ids (%d unknown)", name, r.Resolved[j]+r.Unknown[j], r.Unknown[j]))
	}
	s := fmt.Sprintf("%d rows with citations; %s", r.Rows, strings.Join(parts, ", "))
	if u := r.TotalUnknown(); u > 0 {
		ids := make([]string, 0, len(r.UnknownIDs))
		for id := range r.UnknownIDs {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(a, b int) bool {
			if r.UnknownIDs[ids[a]] != r.UnknownIDs[ids[b]] {
				return r.UnknownIDs[ids[a]] > r.UnknownIDs[ids[b]]
			}
			return ids[a] < ids[b]
		})
		if len(ids) > maxExamples {
			ids = ids[:maxExamples]
		}
		q := make([]string, len(ids))
		for i, id := range ids {
			q[i] = fmt.Sprintf("%q x%d", id, r.UnknownIDs[id])
		}
		s += fmt.Sprintf("; %d unknown ids left out (%s); first: %s", u, strings.Join(q, ", "), strings.Join(r.Examples, "; "))
	}
	return s
}

// ResolveCited maps stored citations to clause indexes: fields[0] and
// fields[1] are the <judge>_clauses and <judge>_violated cells, indexed
// [judge][row], each the ids as stored (nil for a null cell). The result
// holds, per judge and row, the union of both fields' clauses, each once,
// as CitedSides of pipeline/analysis takes them. Ids are resolved with
// Resolve's rules; an id the spec lacks is left out and counted in the
// report with where(row) naming its file and row.
func (s *Spec) ResolveCited(judges []string, fields [2][][][]string, where func(row int) string) ([][][]int32, *CiteReport, error) {
	rep := &CiteReport{Judges: judges, Resolved: make([]int, len(judges)), Unknown: make([]int, len(judges)), UnknownIDs: map[string]int{}}
	rows := -1
	for f := range fields {
		if len(fields[f]) != len(judges) {
			return nil, nil, fmt.Errorf("spec %s: citations of %d judges, want %d (%v)", s.Source, len(fields[f]), len(judges), judges)
		}
		for j := range fields[f] {
			if rows >= 0 && len(fields[f][j]) != rows {
				return nil, nil, fmt.Errorf("spec %s: judge %s has citation cells for %d rows, another %d", s.Source, judges[j], len(fields[f][j]), rows)
			}
			rows = len(fields[f][j])
		}
	}
	if rows < 0 {
		rows = 0
	}
	out := make([][][]int32, len(judges))
	any := make([]bool, rows)
	for j := range judges {
		out[j] = make([][]int32, rows)
		for r := 0; r < rows; r++ {
			var cs []int32
			for f := range fields {
				ids := fields[f][j][r]
				if ids != nil {
					any[r] = true
				}
				for _, id := range ids {
					idx, err := s.Resolve([]string{id})
					if err != nil {
						rep.Unknown[j]++
						rep.UnknownIDs[id]++
						if len(rep.Examples) < maxExamples {
							rep.Examples = append(rep.Examples, fmt.Sprintf("%s cites %q (%s)", judges[j], id, where(r)))
						}
						continue
					}
					rep.Resolved[j]++
					if c := int32(idx[0]); !containsInt32(cs, c) {
						cs = append(cs, c)
					}
				}
			}
			out[j][r] = cs
		}
	}
	for _, a := range any {
		if a {
			rep.Rows++
		}
	}
	return out, rep, nil
}

func containsInt32(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
