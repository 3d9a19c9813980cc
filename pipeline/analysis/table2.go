package analysis

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/specstress/specstress/pipeline"
)

// Table 2 of the paper: for each sample of scenarios (1,000 random from S,
// from S_high-dis and from S_OpenAI), the share of scenarios whose five
// judged responses all pass, of which at least one fails, and of which all
// fail, and the fold increase of the all-fail share over the random
// column. The paper reports the majority rule; the any rule is given too.

// Table2Share is k of n scenarios with its Wilson score interval.
type Table2Share struct {
	K, N   int
	Rate   float64 // K/N; NaN when N = 0
	Lo, Hi float64 // Wilson interval at the result's level
}

// Table2Column is one sample's outcome under one rule.
type Table2Column struct {
	Name       string
	Sampled    int // scenarios in the sample
	Incomplete int // left out: some judged model has no known label
	AllPass    Table2Share
	SomeFail   Table2Share // at least one response fails
	AllFail    Table2Share
	// Fold is AllFail.Rate over the first column's; FoldLo and FoldHi its
	// interval by the log (Katz) method; NaN when either all-fail count is 0.
	Fold, FoldLo, FoldHi float64
}

// Table2Result is Table 2 under one aggregation rule.
type Table2Result struct {
	Rule    Rule
	Set     pipeline.ModelSet
	Level   float64
	Columns []Table2Column
}

// Table2 computes Table 2 from judgments whose Bin holds the sample (column)
// name of each row, over the models of set, for the named columns in
// order (the first is the fold ratio's baseline). A scenario counts only
// when every model of set has a known label (see Label); the others are
// counted as Incomplete. level is the intervals' confidence (0.95).
func Table2(j *pipeline.Judgments, set pipeline.ModelSet, columns []string, rule Rule, level float64) (*Table2Result, error) {
	if err := checkJudgments(j); err != nil {
		return nil, fmt.Errorf("table2: %w", err)
	}
	if len(j.Bin) != j.Rows {
		return nil, fmt.Errorf("table2: judgments need the sample name of each row (bin)")
	}
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("table2: level %v outside (0, 1)", level)
	}
	if len(columns) == 0 {
		return nil, fmt.Errorf("table2: no columns")
	}
	rows := map[string][]int{}
	for r, b := range j.Bin {
		rows[b] = append(rows[b], r)
	}
	res := &Table2Result{Rule: rule, Set: set, Level: level}
	for _, name := range columns {
		if len(rows[name]) == 0 {
			return nil, fmt.Errorf("table2: sample %q has no judged responses (samples present: %s)", name, strings.Join(sortedKeys(rows), ", "))
		}
		have := map[pipeline.ModelID]bool{}
		for _, r := range rows[name] {
			have[j.Model[r]] = true
		}
		var missing []string
		for _, m := range set.Models {
			if !have[m] {
				missing = append(missing, string(m))
			}
		}
		if len(missing) > 0 {
			return nil, fmt.Errorf("table2: sample %q has no judged responses of %s (models judged: %v)", name, strings.Join(missing, ", "), modelsOf(have))
		}
		c, err := Compliance(subsetJudgments(j, rows[name]), rule, set)
		if err != nil {
			return nil, fmt.Errorf("table2: sample %s: %w", name, err)
		}
		col := Table2Column{Name: name, Sampled: len(c.Scenarios)}
		var n, pass, fail int
		for _, s := range c.Scenarios {
			if !s.Complete {
				col.Incomplete++
				continue
			}
			n++
			if s.AllPass() {
				pass++
			}
			if s.AllFail() {
				fail++
			}
		}
		col.AllPass = share(pass, n, level)
		col.SomeFail = share(n-pass, n, level)
		col.AllFail = share(fail, n, level)
		res.Columns = append(res.Columns, col)
	}
	base := res.Columns[0].AllFail
	for i := range res.Columns {
		c := &res.Columns[i]
		c.Fold, c.FoldLo, c.FoldHi = foldRatio(c.AllFail.K, c.AllFail.N, base.K, base.N, level)
	}
	return res, nil
}

// share is k of n with its Wilson score interval (see Wilson).
func share(k, n int, level float64) Table2Share {
	iv := Wilson(k, n, level)
	s := Table2Share{K: k, N: n, Rate: ratio(k, n), Lo: iv.Lo, Hi: iv.Hi}
	if n > 0 && k == 0 { // exact bounds, free of rounding
		s.Lo = 0
	}
	if n > 0 && k == n {
		s.Hi = 1
	}
	return s
}

// foldRatio is (k1/n1)/(k0/n0) with its log-method interval (see FoldCI);
// 0 of n1 gives a ratio of 0 with an undefined interval.
func foldRatio(k1, n1, k0, n0 int, level float64) (fold, lo, hi float64) {
	iv := FoldCI(k1, n1, k0, n0, level)
	switch {
	case k1 > 0 && k0 > 0 && n1 > 0 && n0 > 0:
		fold = (float64(k1) / float64(n1)) / (float64(k0) / float64(n0))
	case k0 > 0 && n1 > 0 && n0 > 0:
		fold = 0
	default:
		fold = math.NaN()
	}
	return fold, iv.Lo, iv.Hi
}

// subsetJudgments returns the rows of j listed in rows.
func subsetJudgments(j *pipeline.Judgments, rows []int) *pipeline.Judgments {
	out := &pipeline.Judgments{Rows: len(rows), Judges: j.Judges, Decisions: make([][]pipeline.Decision, len(j.Decisions))}
	for _, r := range rows {
		for k := range j.Decisions {
			out.Decisions[k] = append(out.Decisions[k], j.Decisions[k][r])
		}
		out.Model = append(out.Model, j.Model[r])
		out.Keys = append(out.Keys, j.Keys[r])
		out.Bin = append(out.Bin, j.Bin[r])
		if len(j.MaxStd) == j.Rows {
			out.MaxStd = append(out.MaxStd, j.MaxStd[r])
		}
	}
	return out
}

func modelsOf(have map[pipeline.ModelID]bool) []string {
	out := make([]string, 0, len(have))
	for m := range have {
		out = append(out, string(m))
	}
	sort.Strings(out)
	return out
}

func sortedKeys(m map[string][]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Table renders the result as the paper lays it out: one row per outcome
// and per fold, one column per sample, cells "76.1% ±1.3 [73.4, 78.6]"
// (rate, binomial standard error as the paper prints it, Wilson interval).
func (t *Table2Result) Table() *Table {
	title := fmt.Sprintf("Table 2: scenarios whose %d judged responses pass or fail (%s rule over %s; %g%% Wilson intervals)",
		len(t.Set.Models), t.Rule, fmt.Sprint(t.Set.Models), 100*t.Level)
	cols := []string{"outcome"}
	for _, c := range t.Columns {
		cols = append(cols, c.Name)
	}
	out := &Table{Title: title, Columns: cols}
	row := func(label string, cell func(Table2Column) any) {
		r := []any{label}
		for _, c := range t.Columns {
			r = append(r, cell(c))
		}
		out.Rows = append(out.Rows, r)
	}
	pct := func(s Table2Share) string {
		if s.N == 0 {
			return "n/a"
		}
		se := math.Sqrt(s.Rate * (1 - s.Rate) / float64(s.N))
		return fmt.Sprintf("%.1f%% ±%.1f [%.1f, %.1f]", 100*s.Rate, 100*se, 100*s.Lo, 100*s.Hi)
	}
	row("all models pass", func(c Table2Column) any { return pct(c.AllPass) })
	row("at least one fails", func(c Table2Column) any { return pct(c.SomeFail) })
	row("all models fail", func(c Table2Column) any { return pct(c.AllFail) })
	row("fold increase (all fail)", func(c Table2Column) any {
		if math.IsNaN(c.FoldLo) || math.IsNaN(c.Fold) || math.IsInf(c.Fold, 0) {
			return FormatFold(c.Fold)
		}
		return fmt.Sprintf("%s [%.1f, %.1f]", FormatFold(c.Fold), c.FoldLo, c.FoldHi)
	})
	row("scenarios counted", func(c Table2Column) any { return c.AllPass.N })
	row("left out (a label unknown)", func(c Table2Column) any { return c.Incomplete })
	return out
}

// Long is the machine-readable form: one row per sample and outcome with
// the count, the rate, the interval and the fold ratio of all-fail rows.
func (t *Table2Result) Long() *Table {
	out := &Table{Title: fmt.Sprintf("Table 2 (%s rule over %v)", t.Rule, t.Set.Models),
		Columns: []string{"rule", "sample", "outcome", "k", "n", "rate", "lo", "hi", "fold", "fold_lo", "fold_hi", "left_out"}}
	nan := math.NaN()
	for _, c := range t.Columns {
		for _, o := range []struct {
			name string
			s    Table2Share
		}{{"all_pass", c.AllPass}, {"some_fail", c.SomeFail}, {"all_fail", c.AllFail}} {
			f, lo, hi := nan, nan, nan
			if o.name == "all_fail" {
				f, lo, hi = c.Fold, c.FoldLo, c.FoldHi
			}
			out.Rows = append(out.Rows, []any{t.Rule.String(), c.Name, o.name, o.s.K, o.s.N, o.s.Rate, o.s.Lo, o.s.Hi, f, lo, hi, c.Incomplete})
		}
	}
	return out
}

// String renders the table as text.
func (t *Table2Result) String() string { return t.Table().String() }

// HTML renders the table for notebooks.
func (t *Table2Result) HTML() string { return t.Table().HTML() }
