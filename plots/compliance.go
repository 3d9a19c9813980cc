package plots

import (
	"fmt"
	"image/color"
	"math"
	"regexp"
	"strconv"

	"github.com/specstress/specstress/pipeline/analysis"
)

// Rule colours: the strict majority rule dark, the lenient any-judge rule
// light, so the pair reads as one quantity under two definitions.
var (
	majorityColor = color.RGBA{0x08, 0x51, 0x9C, 0xFF}
	anyColor      = color.RGBA{0x9E, 0xCA, 0xE1, 0xFF}
)

var binName = regexp.MustCompile(`^std_([0-9.]+)_to_([0-9.]+)$`)

// binLabel turns a judge bin name ("std_1.5_to_2.0") into an interval
// label ("D 1.5–2.0"); other names pass through.
func binLabel(name string) string {
	m := binName.FindStringSubmatch(name)
	if m == nil {
		return name
	}
	lo, err1 := strconv.ParseFloat(m[1], 64)
	hi, err2 := strconv.ParseFloat(m[2], 64)
	if err1 != nil || err2 != nil {
		return name
	}
	return fmt.Sprintf("D %g–%g", lo, hi)
}

// NonCompliance draws Figure 2: per disagreement bin, the share of
// scenarios where every model of the set is flagged (frequent
// non-compliance), under the majority and the any-judge rule, with binomial
// standard-error whiskers. Its Data table "frequent non-compliance" has rows
// "majority" and "any", a column per bin name, and Err filled with the SEs.
func NonCompliance(r *analysis.Figure2) (*Figure, error) {
	if r == nil || len(r.Bins) == 0 {
		return nil, fmt.Errorf("non-compliance: empty result")
	}
	var groups, names []string
	maj := BarSeries{Name: "majority of judges (≥ 2 of 3)", Color: majorityColor}
	anyS := BarSeries{Name: "any judge (≥ 1 of 3)", Color: anyColor}
	for _, b := range r.Bins {
		groups = append(groups, fmt.Sprintf("%s\nn = %d", binLabel(b.Bin), b.N))
		names = append(names, b.Bin)
		maj.Values = append(maj.Values, b.Majority)
		maj.Err = append(maj.Err, b.SEMajority)
		anyS.Values = append(anyS.Values, b.Any)
		anyS.Err = append(anyS.Err, b.SEAny)
	}
	f := Bars(BarSpec{
		Title: "Frequent non-compliance by disagreement bin",
		Subtitle: fmt.Sprintf("share of %d scenarios where all %d models of %s are flagged; whiskers ±1 SE; highest bin / lowest bin: %s %s (majority), %s %s (any), 95%% log intervals",
			r.Rows(), len(r.Set.Models), setName(r.Set.Name), fold(r.FoldMajority), foldCI(r.CIFoldMajority), fold(r.FoldAny), foldCI(r.CIFoldAny)),
		Groups:  groups,
		Series:  []BarSeries{maj, anyS},
		XLabel:  "disagreement bin (D over the set's models)",
		YLabel:  "scenarios with every response flagged",
		Percent: true,
		Format:  "%.1f%%",
	})
	t := f.tables[0]
	t.Name, t.Rows, t.Cols = "frequent non-compliance", []string{"majority", "any"}, names
	f.tables[0] = t
	return f, nil
}

// OutcomeComparison draws an outcome table as grouped bars: for each group
// of scenarios (disagreement bins: the data behind Figure 2; or the
// samples of the paper's Table 2), the shares where all responses pass, at
// least one fails, and all fail, with SE whiskers. Its
// Data table "outcomes" has rows "all pass", "≥1 fails", "all fail" and a
// column per group.
func OutcomeComparison(t *analysis.OutcomeTable) (*Figure, error) {
	if t == nil || len(t.Groups) == 0 {
		return nil, fmt.Errorf("outcome comparison: empty table")
	}
	pass := BarSeries{Name: "all pass", Color: color.RGBA{0x1A, 0x98, 0x50, 0xFF}}
	some := BarSeries{Name: "≥1 fails", Color: color.RGBA{0xFC, 0x8D, 0x59, 0xFF}}
	all := BarSeries{Name: "all fail", Color: color.RGBA{0xB2, 0x18, 0x2B, 0xFF}}
	var groups, names []string
	for _, o := range t.Groups {
		label := fmt.Sprintf("%s\nn = %d", binLabel(o.Group), o.N)
		groups = append(groups, label)
		names = append(names, o.Group)
		pass.Values, pass.Err = append(pass.Values, o.AllPass), append(pass.Err, o.SEAllPass)
		some.Values, some.Err = append(some.Values, o.AnyFail), append(some.Err, o.SEAnyFail)
		all.Values, all.Err = append(all.Values, o.AllFail), append(all.Err, o.SEAF)
	}
	f := Bars(BarSpec{
		Title:    "Scenario outcomes by " + groupBy(t) + " (" + t.Rule.String() + " rule)",
		Subtitle: fmt.Sprintf("share of %d complete scenarios over %s; whiskers ±1 SE", t.Rows(), setName(t.Set.Name)),
		Groups:   groups,
		Series:   []BarSeries{pass, some, all},
		XLabel:   "scenario group",
		YLabel:   "share of scenarios",
		Percent:  true,
		Format:   "%.1f%%",
	})
	tb := f.tables[0]
	tb.Name, tb.Cols = "outcomes", names
	f.tables[0] = tb
	return f, nil
}

// fold formats a ratio of rates as the analyses print it; a zero lowest
// rate makes it undefined.
func fold(x float64) string { return analysis.FormatFold(x) }

// foldCI formats a fold-ratio interval; undefined (a zero count) gives "".
func foldCI(iv analysis.Interval) string {
	if math.IsNaN(iv.Lo) || math.IsNaN(iv.Hi) {
		return ""
	}
	return fmt.Sprintf("[%.1f, %.1f]", iv.Lo, iv.Hi)
}

func groupBy(t *analysis.OutcomeTable) string {
	if t.GroupBy == "" {
		return "group"
	}
	return t.GroupBy
}
