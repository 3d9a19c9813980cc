package analysis

import (
	"fmt"
	"math"
	"sort"

	"github.com/specstress/specstress/pipeline"
)

// GroupStat summarises D over the rows of one group.
type GroupStat struct {
	Key       string
	Rows      int     // rows in the group
	Valid     int     // rows with D defined
	MeanD     float64 // mean D over valid rows (NaN if none)
	High      int     // valid rows with D >= HighDisagreement
	HighShare float64 // High / Valid
}

// GroupSummary is D summarised by a grouping of the rows (value pair,
// value, category or nudge direction), sorted by mean D descending then key.
type GroupSummary struct {
	By     string
	Groups []GroupStat
}

// ByNudge summarises D by nudge direction.
func (r *DisagreementResult) ByNudge(sc *pipeline.Scenarios) (*GroupSummary, error) {
	if err := r.checkScenarios(sc, "Nudge", sc != nil && sc.Nudge != nil); err != nil {
		return nil, err
	}
	return r.group("nudge_direction", func(i int, emit func(string)) { emit(string(sc.Nudge[i])) }), nil
}

// ByValuePair summarises D by the (value1, value2) pair of a row.
func (r *DisagreementResult) ByValuePair(sc *pipeline.Scenarios) (*GroupSummary, error) {
	if err := r.checkScenarios(sc, "Value1/Value2", sc != nil && sc.Value1 != nil && sc.Value2 != nil); err != nil {
		return nil, err
	}
	return r.group("value_pair", func(i int, emit func(string)) { emit(sc.Value1[i] + " | " + sc.Value2[i]) }), nil
}

// ByValue summarises D by value: a row counts for both of its values (once
// when both are the same).
func (r *DisagreementResult) ByValue(sc *pipeline.Scenarios) (*GroupSummary, error) {
	if err := r.checkScenarios(sc, "Value1/Value2", sc != nil && sc.Value1 != nil && sc.Value2 != nil); err != nil {
		return nil, err
	}
	return r.group("value", func(i int, emit func(string)) {
		emit(sc.Value1[i])
		if sc.Value2[i] != sc.Value1[i] {
			emit(sc.Value2[i])
		}
	}), nil
}

// ByCategory summarises D by value category: categoryOf maps a value name to
// its category (from the taxonomy); a row counts once for each distinct
// category of its two values, and values missing from the map count under
// "(unmapped)".
func (r *DisagreementResult) ByCategory(sc *pipeline.Scenarios, categoryOf map[string]string) (*GroupSummary, error) {
	if err := r.checkScenarios(sc, "Value1/Value2", sc != nil && sc.Value1 != nil && sc.Value2 != nil); err != nil {
		return nil, err
	}
	if len(categoryOf) == 0 {
		return nil, fmt.Errorf("disagreement by category: empty value-to-category map")
	}
	cat := func(v string) string {
		if c, ok := categoryOf[v]; ok {
			return c
		}
		return "(unmapped)"
	}
	return r.group("category", func(i int, emit func(string)) {
		a, b := cat(sc.Value1[i]), cat(sc.Value2[i])
		emit(a)
		if b != a {
			emit(b)
		}
	}), nil
}

func (r *DisagreementResult) checkScenarios(sc *pipeline.Scenarios, cols string, ok bool) error {
	if sc == nil {
		return fmt.Errorf("disagreement summary: nil scenarios")
	}
	if !ok {
		return fmt.Errorf("disagreement summary: scenarios lack the %s column", cols)
	}
	if sc.Rows != r.Rows {
		return fmt.Errorf("disagreement summary: scenarios have %d rows, disagreement %d", sc.Rows, r.Rows)
	}
	for name, n := range map[string]int{"Nudge": len(sc.Nudge), "Value1": len(sc.Value1), "Value2": len(sc.Value2)} {
		if n != 0 && n != r.Rows {
			return fmt.Errorf("disagreement summary: scenarios column %s has %d rows, want %d", name, n, r.Rows)
		}
	}
	return nil
}

// group accumulates D per key; keys(i, emit) emits the groups of row i.
func (r *DisagreementResult) group(by string, keys func(i int, emit func(string))) *GroupSummary {
	type acc struct {
		rows, valid, high int
		sum               float64
	}
	idx := map[string]int{}
	var names []string
	var accs []acc
	var d float64
	emit := func(k string) {
		j, ok := idx[k]
		if !ok {
			j = len(accs)
			idx[k] = j
			names = append(names, k)
			accs = append(accs, acc{})
		}
		a := &accs[j]
		a.rows++
		if !math.IsNaN(d) {
			a.valid++
			a.sum += d
			if d >= HighDisagreement {
				a.high++
			}
		}
	}
	for i := range r.D {
		d = r.D[i]
		keys(i, emit)
	}
	g := &GroupSummary{By: by, Groups: make([]GroupStat, len(accs))}
	for j, a := range accs {
		s := GroupStat{Key: names[j], Rows: a.rows, Valid: a.valid, High: a.high, MeanD: math.NaN()}
		if a.valid > 0 {
			s.MeanD = a.sum / float64(a.valid)
			s.HighShare = float64(a.high) / float64(a.valid)
		}
		g.Groups[j] = s
	}
	sort.Slice(g.Groups, func(a, b int) bool {
		x, y := g.Groups[a], g.Groups[b]
		if x.MeanD != y.MeanD && !math.IsNaN(x.MeanD) && !math.IsNaN(y.MeanD) {
			return x.MeanD > y.MeanD
		}
		if math.IsNaN(x.MeanD) != math.IsNaN(y.MeanD) {
			return !math.IsNaN(x.MeanD)
		}
		return x.Key < y.Key
	})
	return g
}

// Table renders one row per group.
func (g *GroupSummary) Table() *Table {
	t := &Table{Title: "Disagreement by " + g.By, Columns: []string{g.By, "rows", "valid", "mean_D", "high", "high_share"}}
	for _, s := range g.Groups {
		t.Rows = append(t.Rows, []any{s.Key, s.Rows, s.Valid, s.MeanD, s.High, s.HighShare})
	}
	return t
}

// String renders the groups as aligned text.
func (g *GroupSummary) String() string { return g.Table().String() }

// HTML renders the groups as an HTML table.
func (g *GroupSummary) HTML() string { return g.Table().HTML() }

// SubsetSummary tabulates the disagreement summary of every given model set
// (nil: the six paper subsets) over the same positions: one row per set with
// the valid rows, mean D, the high-disagreement count and share, and the
// paper's bins. Sets whose models are missing from pos are an error.
func SubsetSummary(pos *pipeline.Positions, sets []pipeline.ModelSet) (*Table, error) {
	if sets == nil {
		sets = pipeline.Subsets()
	}
	t := &Table{Title: "Disagreement by model subset", Columns: []string{"subset", "models", "valid", "mean_D", "high", "high_share"}}
	for _, b := range PaperBins() {
		t.Columns = append(t.Columns, "bin "+b.Label)
	}
	for _, set := range sets {
		d, err := Disagreement(pos, set)
		if err != nil {
			return nil, err
		}
		s := d.Summary()
		row := []any{set.Name, len(set.Models), s.Valid, s.Mean, s.High, s.HighShare}
		for _, b := range s.Bins {
			row = append(row, b.Count)
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}
