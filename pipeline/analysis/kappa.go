package analysis

import (
	"fmt"
	"math"
	"sort"
)

// FleissKappa is Fleiss' kappa exactly as statsmodels'
// stats.inter_rater.fleiss_kappa(table, method="fleiss") defines it: table
// is subjects x categories, table[i][c] the number of raters putting subject
// i in category c; every subject needs the same number (>= 2) of raters.
func FleissKappa(table [][]float64) (float64, error) {
	return fleiss(table, false)
}

// RandolphKappa is Randolph's free-marginal multirater kappa (statsmodels'
// method="randolph"): chance agreement is 1/categories.
func RandolphKappa(table [][]float64) (float64, error) {
	return fleiss(table, true)
}

func fleiss(table [][]float64, randolph bool) (float64, error) {
	if len(table) == 0 {
		return math.NaN(), fmt.Errorf("fleiss kappa: empty table")
	}
	k := len(table[0])
	if k < 2 {
		return math.NaN(), fmt.Errorf("fleiss kappa: %d categories, need at least 2", k)
	}
	raters := -1.0
	catSum := make([]float64, k)
	var pMean, total float64
	for i, row := range table {
		if len(row) != k {
			return math.NaN(), fmt.Errorf("fleiss kappa: row %d has %d categories, row 0 has %d", i, len(row), k)
		}
		var n, sq float64
		for c, x := range row {
			if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
				return math.NaN(), fmt.Errorf("fleiss kappa: row %d category %d: count %v", i, c, x)
			}
			n += x
			sq += x * x
			catSum[c] += x
		}
		if raters < 0 {
			raters = n
		}
		if n != raters {
			return math.NaN(), fmt.Errorf("fleiss kappa: row %d has %v raters, row 0 has %v", i, n, raters)
		}
		total += n
		pMean += (sq - n) / (n * (n - 1))
	}
	if raters < 2 {
		return math.NaN(), fmt.Errorf("fleiss kappa: %v raters per subject, need at least 2", raters)
	}
	pMean /= float64(len(table))
	var pExp float64
	if randolph {
		pExp = 1 / float64(k)
	} else {
		for _, s := range catSum {
			p := s / total
			pExp += p * p
		}
	}
	if pExp == 1 {
		return math.NaN(), fmt.Errorf("fleiss kappa: every rating is in one category, kappa undefined")
	}
	return (pMean - pExp) / (1 - pExp), nil
}

// FleissFromMarginals computes Fleiss' kappa on a binary label from
// published marginals: the raw agreement of each rater pair (whose mean is
// the observed agreement for complete data) and each rater's flag rate
// (whose mean is the pooled rate p, chance p² + (1-p)²). The paper's figures
// give 0.422.
func FleissFromMarginals(pairwise, rates []float64) (float64, error) {
	if len(pairwise) == 0 || len(rates) < 2 {
		return math.NaN(), fmt.Errorf("fleiss from marginals: need pairwise agreements and at least 2 rates")
	}
	if n := len(rates); len(pairwise) != n*(n-1)/2 {
		return math.NaN(), fmt.Errorf("fleiss from marginals: %d rates need %d pairwise agreements, got %d", n, n*(n-1)/2, len(pairwise))
	}
	var po, p float64
	for _, a := range pairwise {
		po += a
	}
	po /= float64(len(pairwise))
	for _, r := range rates {
		p += r
	}
	p /= float64(len(rates))
	pe := p*p + (1-p)*(1-p)
	if pe == 1 {
		return math.NaN(), fmt.Errorf("fleiss from marginals: pooled rate %v leaves kappa undefined", p)
	}
	return (po - pe) / (1 - pe), nil
}

// CohenKappa is Cohen's kappa of a square confusion matrix (rows rater A,
// columns rater B): (po - pe) / (1 - pe).
func CohenKappa(confusion [][]float64) (float64, error) {
	k := len(confusion)
	if k < 2 {
		return math.NaN(), fmt.Errorf("cohen kappa: %dx%d matrix, need at least 2x2", k, k)
	}
	rowSum, colSum := make([]float64, k), make([]float64, k)
	var n, diag float64
	for i, row := range confusion {
		if len(row) != k {
			return math.NaN(), fmt.Errorf("cohen kappa: row %d has %d columns, want %d", i, len(row), k)
		}
		for j, x := range row {
			if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
				return math.NaN(), fmt.Errorf("cohen kappa: cell %d,%d: count %v", i, j, x)
			}
			rowSum[i] += x
			colSum[j] += x
			n += x
			if i == j {
				diag += x
			}
		}
	}
	if n == 0 {
		return math.NaN(), fmt.Errorf("cohen kappa: empty matrix")
	}
	var pe float64
	for i := range rowSum {
		pe += rowSum[i] * colSum[i]
	}
	pe /= n * n
	if pe == 1 {
		return math.NaN(), fmt.Errorf("cohen kappa: both raters use one category, kappa undefined")
	}
	return (diag/n - pe) / (1 - pe), nil
}

// KrippendorffAlpha computes Krippendorff's alpha for data[rater][unit]
// (NaN = missing) with the nominal metric or, with interval, the squared
// difference. Units with fewer than two values are not pairable and are
// dropped, as Krippendorff defines.
func KrippendorffAlpha(data [][]float64, interval bool) (float64, error) {
	if len(data) < 2 {
		return math.NaN(), fmt.Errorf("krippendorff alpha: %d raters, need at least 2", len(data))
	}
	units := len(data[0])
	for i, row := range data {
		if len(row) != units {
			return math.NaN(), fmt.Errorf("krippendorff alpha: rater %d has %d units, rater 0 has %d", i, len(row), units)
		}
		for u, x := range row {
			if math.IsInf(x, 0) {
				return math.NaN(), fmt.Errorf("krippendorff alpha: rater %d unit %d is infinite", i, u)
			}
		}
	}
	// Distinct values, sorted, index the coincidence matrix.
	idx := map[float64]int{}
	var vals []float64
	for _, row := range data {
		for _, x := range row {
			if _, ok := idx[x]; !ok && !math.IsNaN(x) {
				idx[x] = 0
				vals = append(vals, x)
			}
		}
	}
	sort.Float64s(vals)
	for i, v := range vals {
		idx[v] = i
	}
	k := len(vals)
	if k == 0 {
		return math.NaN(), fmt.Errorf("krippendorff alpha: no values")
	}
	o := make([]float64, k*k)
	cnt := make([]float64, k)
	for u := 0; u < units; u++ {
		clear(cnt)
		m := 0.0
		for _, row := range data {
			if x := row[u]; !math.IsNaN(x) {
				cnt[idx[x]]++
				m++
			}
		}
		if m < 2 {
			continue
		}
		for c := 0; c < k; c++ {
			if cnt[c] == 0 {
				continue
			}
			for d := 0; d < k; d++ {
				pairs := cnt[c] * cnt[d]
				if c == d {
					pairs = cnt[c] * (cnt[c] - 1)
				}
				o[c*k+d] += pairs / (m - 1)
			}
		}
	}
	nc := make([]float64, k)
	var n float64
	for c := 0; c < k; c++ {
		for d := 0; d < k; d++ {
			nc[c] += o[c*k+d]
		}
		n += nc[c]
	}
	if n < 2 {
		return math.NaN(), fmt.Errorf("krippendorff alpha: no pairable values")
	}
	var do, de float64
	for c := 0; c < k; c++ {
		for d := 0; d < k; d++ {
			if c == d {
				continue
			}
			delta := 1.0
			if interval {
				delta = (vals[c] - vals[d]) * (vals[c] - vals[d])
			}
			do += o[c*k+d] * delta
			de += nc[c] * nc[d] * delta
		}
	}
	do /= n
	de /= n * (n - 1)
	if de == 0 {
		return math.NaN(), fmt.Errorf("krippendorff alpha: no variation in the values, alpha undefined")
	}
	return 1 - do/de, nil
}
