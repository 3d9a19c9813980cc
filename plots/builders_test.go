package plots

import (
	"math"
	"sort"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
)

// table returns the named data table of f or fails.
func table(t *testing.T, f *Figure, name string) Table {
	t.Helper()
	tb, ok := f.Table(name)
	if !ok {
		var names []string
		for _, d := range f.Data() {
			names = append(names, d.Name)
		}
		t.Fatalf("%s: no data table %q (have %q)", f.Title, name, names)
	}
	return tb
}

// same reports whether two numbers are equal, NaN equal to NaN.
func same(a, b float64) bool {
	return a == b || (math.IsNaN(a) && math.IsNaN(b)) || math.Abs(a-b) < 1e-12
}

func TestEveryFigureRendersAtNotebookWidth(t *testing.T) {
	fx := loadFixture(t)
	for _, b := range builders(fx) {
		t.Run(b.name, func(t *testing.T) {
			f, err := b.build()
			if err != nil {
				t.Fatal(err)
			}
			if f.Width != NotebookWidth {
				t.Errorf("width %v, want NotebookWidth", f.Width)
			}
			if len(f.Data()) == 0 {
				t.Error("figure exposes no data")
			}
			checkRenders(t, f)
		})
	}
}

func TestProfileHeatmapCellsAreTheShares(t *testing.T) {
	p := loadFixture(t).profiles
	f, err := ProfileHeatmap(p)
	if err != nil {
		t.Fatal(err)
	}
	tb := table(t, f, "shares")
	if len(tb.Rows) != len(p.Categories) || len(tb.Cols) != len(p.Models) {
		t.Fatalf("table is %dx%d, want %dx%d", len(tb.Rows), len(tb.Cols), len(p.Categories), len(p.Models))
	}
	for m, id := range p.Models {
		for c, cat := range p.Categories {
			if got, ok := tb.At(cat, string(id)); !ok || !same(got, p.Shares[m][c]) {
				t.Errorf("cell %s/%s = %v, want share %v", cat, id, got, p.Shares[m][c])
			}
		}
	}
	// Columns are grouped by provider: the provider rank never decreases.
	for i := 1; i < len(tb.Cols); i++ {
		if providerRank(pipeline.ModelID(tb.Cols[i]).Provider()) < providerRank(pipeline.ModelID(tb.Cols[i-1]).Provider()) {
			t.Errorf("columns not grouped by provider: %v", tb.Cols)
		}
	}
	if len(f.Legend()) != 4 {
		t.Errorf("legend has %d entries, want the 4 providers", len(f.Legend()))
	}
}

func TestProfileDeviationCellsAreSharesMinusTheMean(t *testing.T) {
	p := loadFixture(t).profiles
	f, err := ProfileDeviation(p)
	if err != nil {
		t.Fatal(err)
	}
	tb := table(t, f, "deviation")
	for c, cat := range p.Categories {
		mean, sum := 0.0, 0.0
		for m := range p.Models {
			mean += p.Shares[m][c] / float64(len(p.Models))
		}
		for m, id := range p.Models {
			got, _ := tb.At(cat, string(id))
			if math.Abs(got-(p.Shares[m][c]-mean)) > 1e-12 {
				t.Errorf("%s/%s: %v, want %v", cat, id, got, p.Shares[m][c]-mean)
			}
			sum += got
		}
		if math.Abs(sum) > 1e-9 {
			t.Errorf("%s: deviations sum to %v, want 0", cat, sum)
		}
	}
}

func TestProfileBarsAreTheCounts(t *testing.T) {
	p := loadFixture(t).profiles
	f, err := ProfileBars(p)
	if err != nil {
		t.Fatal(err)
	}
	tb := table(t, f, "counts")
	if len(tb.Cols) != 9 {
		t.Errorf("default selection has %d categories, want Figure 10's nine", len(tb.Cols))
	}
	for m, id := range p.Models {
		for c, cat := range p.Categories {
			if got, ok := tb.At(string(id), cat); ok && got != float64(p.Counts[m][c]) {
				t.Errorf("bar %s/%s = %v, want count %d", id, cat, got, p.Counts[m][c])
			}
		}
	}
	f, err = ProfileBars(p, "Ethical resp.", "Critical thinking")
	if err != nil {
		t.Fatal(err)
	}
	if tb := table(t, f, "counts"); len(tb.Cols) != 2 || tb.Cols[0] != "Ethical responsibility" {
		t.Errorf("chosen categories by short name: columns %v", tb.Cols)
	}
	if _, err := ProfileBars(p, "No such value"); err == nil {
		t.Error("an unknown category is not an error")
	}
}

func TestProviderProfileBarsAreTheProviderShares(t *testing.T) {
	p := loadFixture(t).profiles
	f, err := ProviderProfileBars(p, "Efficiency")
	if err != nil {
		t.Fatal(err)
	}
	tb := table(t, f, "provider shares")
	c := pipeline.CategoryIndex("Efficiency")
	for j, prov := range p.Providers {
		if got, _ := tb.At(string(prov), p.Categories[c]); !same(got, p.ProviderShares[j][c]) {
			t.Errorf("%s efficiency bar %v, want %v", prov, got, p.ProviderShares[j][c])
		}
	}
}

func TestCoOccurrenceCellsAreTheConditionalProbabilities(t *testing.T) {
	fx := loadFixture(t)
	f, err := CoOccurrence(fx.cooc...)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Panels()) != len(fx.cooc) || len(f.Data()) != len(fx.cooc) {
		t.Fatalf("%d panels / %d tables for %d results", len(f.Panels()), len(f.Data()), len(fx.cooc))
	}
	for i, r := range fx.cooc {
		tb := f.Data()[i]
		for x, cx := range r.Categories {
			for y, cy := range r.Categories {
				if got, _ := tb.At(cx, cy); !same(got, r.P[x][y]) {
					t.Errorf("%s: P(%s|%s) drawn %v, want %v", tb.Name, cy, cx, got, r.P[x][y])
				}
			}
		}
	}
}

func TestDisagreementHistogramCountsEveryValidScenario(t *testing.T) {
	d := loadFixture(t).dis
	f, err := DisagreementHistogram(d)
	if err != nil {
		t.Fatal(err)
	}
	tb := table(t, f, "histogram")
	s := d.Summary()
	var total, high float64
	for i, c := range tb.Values[0] {
		total += c
		if lo := float64(i) * DisagreementBinWidth; lo >= analysis.HighDisagreement-1e-9 {
			high += c
		}
	}
	if int(total) != s.Valid {
		t.Errorf("histogram holds %v scenarios, want the %d with D defined", total, s.Valid)
	}
	if int(high) != s.High {
		t.Errorf("bins from 1.5 hold %v scenarios, want the %d with D >= 1.5", high, s.High)
	}
}

func TestDisagreementBySubsetSharesAreTheBinShares(t *testing.T) {
	fx := loadFixture(t)
	f, err := DisagreementBySubset(fx.subsets...)
	if err != nil {
		t.Fatal(err)
	}
	tb := table(t, f, "bin shares")
	for i, r := range fx.subsets {
		if tb.Rows[i] != r.Set.Name {
			t.Errorf("row %d is %q, want %q", i, tb.Rows[i], r.Set.Name)
		}
		for b, bc := range r.Bins(nil) {
			if !same(tb.Values[i][b], bc.Share) {
				t.Errorf("%s bin %s: %v, want %v", r.Set.Name, bc.Bin.Label, tb.Values[i][b], bc.Share)
			}
		}
	}
}

func TestDisagreementByGroupIsSortedMeanD(t *testing.T) {
	g := loadFixture(t).byCategory
	f, err := DisagreementByGroup(g, 5)
	if err != nil {
		t.Fatal(err)
	}
	tb := table(t, f, "mean D")
	if len(tb.Cols) != 5 {
		t.Fatalf("%d groups drawn, want the top 5", len(tb.Cols))
	}
	want := map[string]float64{}
	for _, s := range g.Groups {
		want[s.Key] = s.MeanD
	}
	for i, k := range tb.Cols {
		if !same(tb.Values[0][i], want[k]) {
			t.Errorf("%s: bar %v, want mean D %v", k, tb.Values[0][i], want[k])
		}
		if i > 0 && tb.Values[0][i] > tb.Values[0][i-1] {
			t.Errorf("groups not sorted by mean D descending: %v", tb.Values[0])
		}
	}
}

func TestNonComplianceBarsAndWhiskersAreFigure2(t *testing.T) {
	r := loadFixture(t).fig2
	f, err := NonCompliance(r)
	if err != nil {
		t.Fatal(err)
	}
	tb := table(t, f, "frequent non-compliance")
	for i, b := range r.Bins {
		if tb.Cols[i] != b.Bin {
			t.Errorf("column %d = %q, want bin %q", i, tb.Cols[i], b.Bin)
		}
		if !same(tb.Values[0][i], b.Majority) || !same(tb.Values[1][i], b.Any) {
			t.Errorf("bin %s: bars %v/%v, want %v/%v", b.Bin, tb.Values[0][i], tb.Values[1][i], b.Majority, b.Any)
		}
		if !same(tb.Err[0][i], b.SEMajority) || !same(tb.Err[1][i], b.SEAny) {
			t.Errorf("bin %s: whiskers %v/%v, want SE %v/%v", b.Bin, tb.Err[0][i], tb.Err[1][i], b.SEMajority, b.SEAny)
		}
	}
}

func TestOutcomeComparisonDrawsTheOutcomeTable(t *testing.T) {
	o := loadFixture(t).outcomes
	f, err := OutcomeComparison(o)
	if err != nil {
		t.Fatal(err)
	}
	tb := table(t, f, "outcomes")
	for i, g := range o.Groups {
		for r, want := range []float64{g.AllPass, g.AnyFail, g.AllFail} {
			if !same(tb.Values[r][i], want) {
				t.Errorf("%s %s: %v, want %v", g.Group, tb.Rows[r], tb.Values[r][i], want)
			}
		}
		if !same(tb.Err[2][i], g.SEAF) {
			t.Errorf("%s all-fail whisker %v, want %v", g.Group, tb.Err[2][i], g.SEAF)
		}
	}
}

func TestJudgeAgreementMatricesAreThePairs(t *testing.T) {
	a := loadFixture(t).agreement
	f, err := JudgeAgreement(a)
	if err != nil {
		t.Fatal(err)
	}
	ag, ka := table(t, f, "agreement"), table(t, f, "cohen kappa")
	for _, p := range a.Pairs {
		for _, ab := range [][2]string{{p.A, p.B}, {p.B, p.A}} {
			if got, _ := ag.At(ab[0], ab[1]); !same(got, p.Agreement) {
				t.Errorf("agreement %s/%s = %v, want %v", ab[0], ab[1], got, p.Agreement)
			}
			if got, _ := ka.At(ab[0], ab[1]); !same(got, p.Cohen) {
				t.Errorf("kappa %s/%s = %v, want %v", ab[0], ab[1], got, p.Cohen)
			}
		}
	}
	if want := "κ = " + fmt2(a.Fleiss); !contains(f.Title, want) {
		t.Errorf("title %q lacks Fleiss' kappa %q", f.Title, want)
	}
}

func TestResponseTypesStackTheShares(t *testing.T) {
	r := loadFixture(t).refusals
	f, err := ResponseTypes(r)
	if err != nil {
		t.Fatal(err)
	}
	tb := table(t, f, "response types")
	for m, id := range r.Models {
		sum := 0.0
		for ty, name := range tb.Cols {
			got, _ := tb.At(string(id), name)
			sum += got
			if !same(got, r.Shares[m][ty]) {
				t.Errorf("%s %s: %v, want %v", id, name, got, r.Shares[m][ty])
			}
		}
		if r.Known[m] > 0 && math.Abs(sum-1) > 1e-9 {
			t.Errorf("%s: stacked shares sum to %v, want 1", id, sum)
		}
	}
	if len(f.Legend()) != 7 {
		t.Errorf("legend has %d entries, want the seven response types", len(f.Legend()))
	}
}

func TestRefusalByTopicCellsAreTheTopicRates(t *testing.T) {
	r := loadFixture(t).refusals
	for _, hard := range []bool{false, true} {
		f, err := RefusalByTopic(r, hard)
		if err != nil {
			t.Fatal(err)
		}
		name, rates := "refusal rate", r.TopicRate
		if hard {
			name, rates = "hard refusal rate", r.TopicHard
		}
		tb := table(t, f, name)
		for ti, topic := range r.Topics {
			for m, id := range r.Models {
				if got, _ := tb.At(topic, string(id)); !same(got, rates[ti][m]) {
					t.Errorf("%s %s/%s = %v, want %v", name, topic, id, got, rates[ti][m])
				}
			}
		}
	}
}

func TestOutlierBarsAreSortedCounts(t *testing.T) {
	o := loadFixture(t).outliers
	f, err := OutlierCounts(o)
	if err != nil {
		t.Fatal(err)
	}
	tb := table(t, f, "outliers")
	want := map[string]float64{}
	for m, id := range o.Set.Models {
		want[string(id)] = float64(o.Counts[m])
	}
	if len(tb.Cols) != len(want) {
		t.Fatalf("%d bars, want %d", len(tb.Cols), len(want))
	}
	if !sort.SliceIsSorted(tb.Values[0], func(a, b int) bool { return tb.Values[0][a] > tb.Values[0][b] }) {
		t.Errorf("bars not sorted most to fewest: %v", tb.Values[0])
	}
	for i, id := range tb.Cols {
		if tb.Values[0][i] != want[id] {
			t.Errorf("%s: bar %v, want %v", id, tb.Values[0][i], want[id])
		}
	}
}

func TestSelectionCurveCountsPicksAboveEachStop(t *testing.T) {
	runs := loadFixture(t).selections
	f, err := SelectionCurve(runs...)
	if err != nil {
		t.Fatal(err)
	}
	tb := table(t, f, "selected")
	for i, r := range runs {
		for j := 0; j < len(tb.Cols); j += 17 {
			stop := parseFloat(t, tb.Cols[j])
			n := 0
			for _, rad := range r.Selection.Radii {
				if rad >= stop {
					n++
				}
			}
			if int(tb.Values[i][j]) != n {
				t.Errorf("%s at stop %v: %v kept, want %d", r.Name, stop, tb.Values[i][j], n)
			}
		}
		// The curve never rises as the stop distance grows.
		for j := 1; j < len(tb.Values[i]); j++ {
			if tb.Values[i][j] > tb.Values[i][j-1] {
				t.Fatalf("%s: curve rises at %s", r.Name, tb.Cols[j])
			}
		}
	}
}

func TestBuildersRejectEmptyInput(t *testing.T) {
	for name, build := range map[string]func() (*Figure, error){
		"ProfileHeatmap":        func() (*Figure, error) { return ProfileHeatmap(nil) },
		"ProfileBars":           func() (*Figure, error) { return ProfileBars(&analysis.ProfileResult{}) },
		"ProfileDeviation":      func() (*Figure, error) { return ProfileDeviation(nil) },
		"ProviderProfileBars":   func() (*Figure, error) { return ProviderProfileBars(nil) },
		"CoOccurrence":          func() (*Figure, error) { return CoOccurrence() },
		"CoOccurrence(nil)":     func() (*Figure, error) { return CoOccurrence(nil) },
		"DisagreementHistogram": func() (*Figure, error) { return DisagreementHistogram(nil) },
		"DisagreementBySubset":  func() (*Figure, error) { return DisagreementBySubset(nil) },
		"DisagreementByGroup":   func() (*Figure, error) { return DisagreementByGroup(&analysis.GroupSummary{}, 0) },
		"NonCompliance":         func() (*Figure, error) { return NonCompliance(nil) },
		"OutcomeComparison":     func() (*Figure, error) { return OutcomeComparison(&analysis.OutcomeTable{}) },
		"JudgeAgreement":        func() (*Figure, error) { return JudgeAgreement(nil) },
		"ResponseTypes":         func() (*Figure, error) { return ResponseTypes(nil) },
		"RefusalByTopic":        func() (*Figure, error) { return RefusalByTopic(nil, false) },
		"OutlierCounts":         func() (*Figure, error) { return OutlierCounts(nil) },
		"SelectionCurve":        func() (*Figure, error) { return SelectionCurve(SelectionRun{Name: "x"}) },
	} {
		if f, err := build(); err == nil || f != nil {
			t.Errorf("%s on empty input: figure %v, err %v; want an error", name, f, err)
		}
	}
}

func TestNaNCellsDrawWithoutFailing(t *testing.T) {
	f := Matrix(MatrixSpec{Title: "nan", Rows: []string{"a", "b"}, Cols: []string{"x", "y"},
		Values: [][]float64{{math.NaN(), 1}, {0.5, math.NaN()}}, Format: "%.1f", BarLabel: "v"})
	checkRenders(t, f)
	g := Bars(BarSpec{Title: "nan bars", Groups: []string{"a", "b"}, Series: []BarSeries{{Name: "s", Values: []float64{math.NaN(), 2}, Err: []float64{math.NaN(), 0.1}}}, Format: "%.1f"})
	checkRenders(t, g)
}
