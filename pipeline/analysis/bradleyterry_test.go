package analysis

import (
	"math"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

// Two values compared only without a nudge have a one-dimensional optimum:
// by symmetry θ_a = −θ_b = t, where n·σ(2t) − w + λ·t = 0. Bisection on
// that equation is an independent check of the optimiser.
func TestBradleyTerryTwoValuesMatchesClosedForm(t *testing.T) {
	const n, w, l2 = 1000, 730, 0.5
	pos := &pipeline.Positions{Rows: n, Models: []pipeline.ModelID{pipeline.O3},
		Value1: [][]int8{make([]int8, n)}, Value2: [][]int8{make([]int8, n)}}
	sc := &pipeline.Scenarios{Rows: n, Value1: make([]string, n), Value2: make([]string, n), Nudge: make([]pipeline.Nudge, n)}
	for r := range n {
		// Alternate which side "alpha" is on, so the canonical flip is used.
		alphaFirst := r%2 == 0
		alphaWins := r < w
		sc.Value1[r], sc.Value2[r] = "alpha", "beta"
		if !alphaFirst {
			sc.Value1[r], sc.Value2[r] = "beta", "alpha"
		}
		sc.Nudge[r] = pipeline.Neutral
		if alphaWins == alphaFirst {
			pos.Value1[0][r], pos.Value2[0][r] = 5, 2
		} else {
			pos.Value1[0][r], pos.Value2[0][r] = 2, 5
		}
	}
	bt, err := BradleyTerry(pos, sc, BTOptions{L2: l2})
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := 0.0, 10.0
	for range 200 {
		mid := (lo + hi) / 2
		if n*sigmoid(2*mid)-w+l2*mid < 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	want := (lo + hi) / 2
	rk := bt.Rankings[0]
	if rk.Values[0] != "alpha" || math.Abs(rk.Scores[0]-want) > 1e-9 || math.Abs(rk.Scores[1]+want) > 1e-9 {
		t.Errorf("ranking %v %v, want alpha %.12g, beta %.12g", rk.Values, rk.Scores, want, -want)
	}
	if rk.Comparisons != n || rk.Nudge != 0 {
		t.Errorf("comparisons %d nudge %g, want %d and 0 (no nudged rows)", rk.Comparisons, rk.Nudge, n)
	}
}

// An objective without a minimum is reported, not returned as a fit.
func TestMinimizeBTRefusesUnboundedObjective(t *testing.T) {
	_, err := minimizeBT([]float64{0, 0}, func(x, g []float64) float64 {
		g[0], g[1] = -1, 0
		return -x[0]
	})
	if err == nil || !strings.Contains(err.Error(), "L-BFGS") {
		t.Fatalf("err = %v, want the optimiser's failure", err)
	}
}

// A line search that fails far from a stationary point (here: a gradient
// that disagrees with the objective) is an error, not convergence.
func TestMinimizeBTRefusesFailedLineSearch(t *testing.T) {
	_, err := minimizeBT([]float64{1}, func(x, g []float64) float64 {
		g[0] = -2 * x[0] // the true gradient is +2x
		return x[0]*x[0] + 1
	})
	if err == nil || !strings.Contains(err.Error(), "linesearch") {
		t.Fatalf("err = %v, want the failed line search reported", err)
	}
}
