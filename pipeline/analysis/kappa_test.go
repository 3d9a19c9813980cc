package analysis

import (
	"math"
	"testing"
)

func TestFleissWikipediaExample(t *testing.T) {
	// https://en.wikipedia.org/wiki/Fleiss%27_kappa, worked example: 10
	// subjects, 14 raters, 5 categories.
	table := [][]float64{
		{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
		{7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
	}
	k, err := FleissKappa(table)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(k-0.209931) > 5e-7 {
		t.Errorf("Fleiss kappa = %.7f, want 0.209931", k)
	}
	// Randolph: P̄ = 0.378022, chance 1/5.
	r, err := RandolphKappa(table)
	if err != nil {
		t.Fatal(err)
	}
	if want := (0.37802197802197807 - 0.2) / 0.8; math.Abs(r-want) > 1e-12 {
		t.Errorf("Randolph kappa = %.12f, want %.12f", r, want)
	}
}

func TestCohenTextbookExample(t *testing.T) {
	k, err := CohenKappa([][]float64{{20, 5}, {10, 15}})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(k-0.4) > 1e-15 {
		t.Errorf("Cohen kappa = %.17g, want 0.4", k)
	}
}

func TestFleissFromPaperMarginals(t *testing.T) {
	// PAPER.md §5: pairwise agreement 67.52 / 72.39 / 76.84 %, flag rates
	// 48.1 / 35.5 / 36.5 %: mean agreement 0.7225, pooled 0.4003, chance
	// 0.5199, kappa 0.422.
	k, err := FleissFromMarginals([]float64{0.6752, 0.7239, 0.7684}, []float64{0.481, 0.355, 0.365})
	if err != nil {
		t.Fatal(err)
	}
	if math.Round(k*1000)/1000 != 0.422 {
		t.Errorf("kappa from the paper's marginals = %.5f, want 0.422", k)
	}
}

func TestKrippendorffPerfectAndMissing(t *testing.T) {
	nan := math.NaN()
	data := [][]float64{{1, 2, 3, nan, 2}, {1, 2, 3, 4, nan}, {nan, 2, 3, 4, 2}}
	for _, interval := range []bool{false, true} {
		a, err := KrippendorffAlpha(data, interval)
		if err != nil {
			t.Fatal(err)
		}
		if a != 1 {
			t.Errorf("alpha (interval %v) of perfect agreement = %v, want 1", interval, a)
		}
	}
	// Krippendorff (2011), "Computing Krippendorff's alpha-reliability",
	// nominal example with missing data: alpha = 0.743.
	r := [][]float64{
		{1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan},
		{1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3},
		{nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan},
		{1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan},
	}
	a, err := KrippendorffAlpha(r, false)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(a-0.743) > 5e-4 {
		t.Errorf("nominal alpha = %.4f, want 0.743", a)
	}
	a, err = KrippendorffAlpha(r, true)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(a-0.849) > 5e-4 {
		t.Errorf("interval alpha = %.4f, want 0.849", a)
	}
}

func TestKappaBadInput(t *testing.T) {
	bad := map[string]func() error{
		"empty fleiss":       func() error { _, err := FleissKappa(nil); return err },
		"ragged raters":      func() error { _, err := FleissKappa([][]float64{{1, 1}, {2, 1}}); return err },
		"one rater":          func() error { _, err := FleissKappa([][]float64{{1, 0}, {0, 1}}); return err },
		"negative count":     func() error { _, err := FleissKappa([][]float64{{3, -1}, {1, 1}}); return err },
		"one category":       func() error { _, err := FleissKappa([][]float64{{2, 0}, {2, 0}}); return err },
		"cohen 1x1":          func() error { _, err := CohenKappa([][]float64{{3}}); return err },
		"cohen not square":   func() error { _, err := CohenKappa([][]float64{{1, 2}, {3}}); return err },
		"cohen empty":        func() error { _, err := CohenKappa([][]float64{{0, 0}, {0, 0}}); return err },
		"kripp one rater":    func() error { _, err := KrippendorffAlpha([][]float64{{1, 2}}, false); return err },
		"kripp no variation": func() error { _, err := KrippendorffAlpha([][]float64{{1, 1}, {1, 1}}, false); return err },
		"marginals mismatch": func() error { _, err := FleissFromMarginals([]float64{0.5}, []float64{0.1, 0.2, 0.3}); return err },
	}
	for name, f := range bad {
		if f() == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
