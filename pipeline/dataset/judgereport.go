package dataset

import (
	"fmt"
	"sort"
	"strings"

	"github.com/specstress/specstress/pipeline"
)

// JudgeReport says what ReadJudgments had to normalise and what it could
// not read, so that no statistic is computed over silently dropped rows.
type JudgeReport struct {
	Splits      []string // config/split names read
	Rows        int
	ModelColumn string // the column holding the evaluated model
	NudgeSource string // where the nudge of each key came from

	ModelRows  map[pipeline.ModelID]int // rows per model after normalisation
	Spellings  map[string]pipeline.ModelID
	Unknown    map[string]int // model spellings not in the registry, with rows
	NullModels int

	NudgeColumnRows    int      // rows whose nudge came from the nudge_direction column
	KeysParsed         int      // rows whose nudge came from query_key
	BadKeys            int      // rows whose nudge could not be read (nudge left empty)
	BadKeyExamples     []string // file and row of the first few
	KeyMismatch        int      // query_key numbers that disagree with chunk/entry columns
	KeyMismatchExample string

	Decisions []DecisionReport // one per judge, in judge order
	Drift     []string         // column types that differ between shards
}

// DecisionReport counts the decisions of one judge column.
type DecisionReport struct {
	Judge           string
	Counts          map[pipeline.Decision]int // compliant, non-compliant, ambiguous
	Null            int                       // null or empty cells
	Respelled       map[string]int            // read, but not in the canonical spelling
	Unparsed        map[string]int            // could not be read: counted as Missing
	UnparsedExample string                    // file and row of the first
}

func newJudgeReport(judges []string) *JudgeReport {
	r := &JudgeReport{ModelRows: map[pipeline.ModelID]int{}, Spellings: map[string]pipeline.ModelID{}, Unknown: map[string]int{}}
	for _, j := range judges {
		r.Decisions = append(r.Decisions, DecisionReport{Judge: j, Counts: map[pipeline.Decision]int{},
			Respelled: map[string]int{}, Unparsed: map[string]int{}})
	}
	return r
}

// merge adds another split's report (same judges) to r.
func (r *JudgeReport) merge(o *JudgeReport) {
	r.Splits = append(r.Splits, o.Splits...)
	r.Rows += o.Rows
	if o.NudgeSource != r.NudgeSource {
		r.NudgeSource += "; " + o.Splits[0] + ": " + o.NudgeSource
	}
	for k, v := range o.ModelRows {
		r.ModelRows[k] += v
	}
	for k, v := range o.Spellings {
		r.Spellings[k] = v
	}
	for k, v := range o.Unknown {
		r.Unknown[k] += v
	}
	r.NullModels += o.NullModels
	r.KeysParsed += o.KeysParsed
	r.NudgeColumnRows += o.NudgeColumnRows
	r.BadKeys += o.BadKeys
	for _, e := range o.BadKeyExamples {
		if len(r.BadKeyExamples) < 3 {
			r.BadKeyExamples = append(r.BadKeyExamples, e)
		}
	}
	r.KeyMismatch += o.KeyMismatch
	if r.KeyMismatchExample == "" {
		r.KeyMismatchExample = o.KeyMismatchExample
	}
	for i := range r.Decisions {
		a, b := &r.Decisions[i], o.Decisions[i]
		for k, v := range b.Counts {
			a.Counts[k] += v
		}
		a.Null += b.Null
		for k, v := range b.Respelled {
			a.Respelled[k] += v
		}
		for k, v := range b.Unparsed {
			a.Unparsed[k] += v
		}
		if a.UnparsedExample == "" {
			a.UnparsedExample = b.UnparsedExample
		}
	}
	r.Drift = append(r.Drift, o.Drift...)
}

// Models returns the evaluated models found, registry models first.
func (r *JudgeReport) Models() []pipeline.ModelID {
	set := map[pipeline.ModelID]bool{}
	for id := range r.ModelRows {
		set[id] = true
	}
	return orderModels(set)
}

// MissingModels returns the models of set that have no judged row.
func (r *JudgeReport) MissingModels(set pipeline.ModelSet) []pipeline.ModelID {
	var out []pipeline.ModelID
	for _, id := range set.Models {
		if r.ModelRows[id] == 0 {
			out = append(out, id)
		}
	}
	return out
}

// UnparsedDecisions is the number of decision cells that could not be read,
// over all judges.
func (r *JudgeReport) UnparsedDecisions() int {
	n := 0
	for _, d := range r.Decisions {
		for _, c := range d.Unparsed {
			n += c
		}
	}
	return n
}

// Warnings lists, one line each, everything a reader of the results must
// know: unknown models, unreadable keys and decisions, type drift. Empty
// when the file read cleanly.
func (r *JudgeReport) Warnings() []string {
	var w []string
	if len(r.Unknown) > 0 {
		w = append(w, fmt.Sprintf("models not in the registry (kept as written): %s", countList(r.Unknown)))
	}
	if r.NullModels > 0 {
		w = append(w, fmt.Sprintf("%d rows have no model id", r.NullModels))
	}
	if r.BadKeys > 0 {
		w = append(w, fmt.Sprintf("%d of %d rows: nudge could not be read (left empty), e.g. %s", r.BadKeys, r.Rows, strings.Join(r.BadKeyExamples, "; ")))
	}
	if r.KeyMismatch > 0 {
		w = append(w, fmt.Sprintf("%d rows: query_key numbers disagree with the chunk/entry columns (columns used), e.g. %s", r.KeyMismatch, r.KeyMismatchExample))
	}
	for _, d := range r.Decisions {
		if len(d.Unparsed) > 0 {
			n := 0
			for _, c := range d.Unparsed {
				n += c
			}
			w = append(w, fmt.Sprintf("judge %s: %d decisions unparsed (counted as missing): %s; first at %s", d.Judge, n, countList(d.Unparsed), d.UnparsedExample))
		}
	}
	for _, d := range r.Drift {
		w = append(w, "type drift between shards (read per shard): "+d)
	}
	return w
}

// String summarises the report: rows, models with their spellings, the
// nudge source, per-judge decision counts, and the warnings.
func (r *JudgeReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "judge evaluations: %d rows from %s; model column %q; nudge from %s\n", r.Rows, strings.Join(r.Splits, ", "), r.ModelColumn, r.NudgeSource)
	var ms []string
	for _, id := range r.Models() {
		ms = append(ms, fmt.Sprintf("%s %d", id, r.ModelRows[id]))
	}
	fmt.Fprintf(&b, "models: %s\n", strings.Join(ms, ", "))
	if len(r.Spellings) > 0 {
		var sp []string
		for k, v := range r.Spellings {
			sp = append(sp, fmt.Sprintf("%q -> %s", k, v))
		}
		sort.Strings(sp)
		fmt.Fprintf(&b, "model spellings normalised: %s\n", strings.Join(sp, ", "))
	}
	for _, d := range r.Decisions {
		fmt.Fprintf(&b, "judge %s: compliant %d, non-compliant %d, ambiguous %d, null %d, unparsed %d\n", d.Judge,
			d.Counts[pipeline.Compliant], d.Counts[pipeline.NonCompliant], d.Counts[pipeline.Ambiguous], d.Null, sum(d.Unparsed))
	}
	for _, w := range r.Warnings() {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	return strings.TrimRight(b.String(), "\n")
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// countList renders a count map as `"a" 3, "b" 1`, largest first.
func countList(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] || m[keys[i]] == m[keys[j]] && keys[i] < keys[j] })
	var parts []string
	for i, k := range keys {
		if i == 8 {
			parts = append(parts, fmt.Sprintf("and %d more", len(keys)-i))
			break
		}
		parts = append(parts, fmt.Sprintf("%q %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
