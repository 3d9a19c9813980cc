package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/specstress/specstress/pipeline"
)

// Interval is a confidence interval; Lo and Hi are NaN when undefined
// (no observations, or a ratio over a zero count).
type Interval struct {
	Lo, Hi float64
	Level  float64
	Method string // "wilson", "clopper-pearson", "log", "cluster bootstrap"
}

// String formats the interval as "[lo, hi]".
func (iv Interval) String() string {
	return fmt.Sprintf("[%.4f, %.4f] (%g%% %s)", iv.Lo, iv.Hi, 100*iv.Level, iv.Method)
}

// brief formats the interval as "[lo, hi]" with two decimals.
func (iv Interval) brief() string {
	if math.IsNaN(iv.Lo) || math.IsNaN(iv.Hi) {
		return "(no interval: a zero count)"
	}
	return fmt.Sprintf("[%.2f, %.2f]", iv.Lo, iv.Hi)
}

// orNaN returns the interval, or an undefined one when it was never
// computed (the zero Interval of a hand-built result).
func (iv Interval) orNaN() Interval {
	if iv.Level == 0 {
		return undefined(0, iv.Method)
	}
	return iv
}

func undefined(level float64, method string) Interval {
	return Interval{Lo: math.NaN(), Hi: math.NaN(), Level: level, Method: method}
}

// zOf is the two-sided normal quantile for level (1.96 at 0.95).
func zOf(level float64) float64 { return distuv.UnitNormal.Quantile(1 - (1-level)/2) }

// Wilson is the Wilson score interval of k successes in n trials, as
// statsmodels' proportion_confint(k, n, alpha, method="wilson"). Unlike
// p ± z·SE it stays inside [0, 1] and is not degenerate at small rates (a
// 0.7 % rate at n = 1,000 gives about [0.34 %, 1.44 %]).
func Wilson(k, n int, level float64) Interval {
	if n <= 0 || k < 0 || k > n || !(level > 0 && level < 1) {
		return undefined(level, "wilson")
	}
	z := zOf(level)
	p, nf := float64(k)/float64(n), float64(n)
	z2 := z * z
	den := 1 + z2/nf
	centre := (p + z2/(2*nf)) / den
	half := z * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / den
	return Interval{Lo: math.Max(0, centre-half), Hi: math.Min(1, centre+half), Level: level, Method: "wilson"}
}

// ClopperPearson is the exact (beta) interval of k successes in n trials,
// as statsmodels' proportion_confint(k, n, alpha, method="beta").
func ClopperPearson(k, n int, level float64) Interval {
	if n <= 0 || k < 0 || k > n || !(level > 0 && level < 1) {
		return undefined(level, "clopper-pearson")
	}
	a := (1 - level) / 2
	iv := Interval{Lo: 0, Hi: 1, Level: level, Method: "clopper-pearson"}
	if k > 0 {
		iv.Lo = distuv.Beta{Alpha: float64(k), Beta: float64(n - k + 1)}.Quantile(a)
	}
	if k < n {
		iv.Hi = distuv.Beta{Alpha: float64(k + 1), Beta: float64(n - k)}.Quantile(1 - a)
	}
	return iv
}

// FoldCI is the interval of the ratio of two rates (k1/n1) / (k0/n0) by
// the log method (Katz): exp(log ratio ± z·sqrt(1/k1 - 1/n1 + 1/k0 - 1/n0)),
// as statsmodels' confint_proportions_2indep(k1, n1, k0, n0,
// compare="ratio", method="log"). Undefined (NaN) when either count is 0.
func FoldCI(k1, n1, k0, n0 int, level float64) Interval {
	if k1 <= 0 || k0 <= 0 || n1 <= 0 || n0 <= 0 || k1 > n1 || k0 > n0 || !(level > 0 && level < 1) {
		return undefined(level, "log")
	}
	ratio := (float64(k1) / float64(n1)) / (float64(k0) / float64(n0))
	se := math.Sqrt(1/float64(k1) - 1/float64(n1) + 1/float64(k0) - 1/float64(n0))
	z := zOf(level)
	return Interval{Lo: ratio * math.Exp(-z*se), Hi: ratio * math.Exp(z*se), Level: level, Method: "log"}
}

// PairClusters groups the rows of sc by value-pair triple (chunk_index,
// entry_idx): the neutral query and its two nudged rewrites share a value
// pair and a generator, so their outcomes are not independent. Clusters
// keep first-seen order; rows with a null key are clusters of their own.
func PairClusters(sc *pipeline.Scenarios) [][]int {
	idx := map[pipeline.PairKey]int{}
	var out [][]int
	for r := 0; r < sc.Rows; r++ {
		k := sc.Key(r).Pair()
		if k.Chunk < 0 && k.Entry < 0 {
			out = append(out, []int{r})
			continue
		}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], r)
	}
	return out
}

// ClusterShareCI is a percentile cluster-bootstrap interval of the share
// of hits: hit[r] is 1 (hit), 0 (miss) or -1 (row not counted, e.g. D
// undefined). Each replicate draws len(clusters) clusters with replacement
// and pools their rows, so rows of one value-pair triple move together.
// Replicate b uses the PCG stream (seed, b): the result is reproducible.
func ClusterShareCI(name string, clusters [][]int, hit []int8, reps int, level float64, seed uint64) (CI, error) {
	if len(clusters) == 0 {
		return CI{}, fmt.Errorf("%s: no clusters", name)
	}
	// Per-cluster hits and valid rows: a replicate then costs one add per
	// drawn cluster.
	hits, valid := make([]int, len(clusters)), make([]int, len(clusters))
	var th, tv int
	for c, rows := range clusters {
		for _, r := range rows {
			if r < 0 || r >= len(hit) {
				return CI{}, fmt.Errorf("%s: cluster %d names row %d of %d", name, c, r, len(hit))
			}
			switch hit[r] {
			case 1:
				hits[c]++
				valid[c]++
			case 0:
				valid[c]++
			}
		}
		th += hits[c]
		tv += valid[c]
	}
	if tv == 0 {
		return CI{}, fmt.Errorf("%s: no row counted", name)
	}
	b, err := Bootstrap(len(clusters), reps, seed, func(s []int) float64 {
		h, v := 0, 0
		for _, c := range s {
			h += hits[c]
			v += valid[c]
		}
		if v == 0 {
			return math.NaN()
		}
		return float64(h) / float64(v)
	})
	if err != nil {
		return CI{}, fmt.Errorf("%s: %w", name, err)
	}
	return PercentileCI(name, float64(th)/float64(tv), b, level, seed)
}

// HighShareClusterCI is the cluster-bootstrap interval (over value-pair
// triples of sc) of the share of rows with D >= threshold.
func (r *DisagreementResult) HighShareClusterCI(sc *pipeline.Scenarios, threshold float64, reps int, level float64, seed uint64) (CI, error) {
	if sc == nil || sc.Rows != len(r.D) {
		return CI{}, fmt.Errorf("high-disagreement share interval: scenarios and D have different rows")
	}
	hit := make([]int8, len(r.D))
	for i, d := range r.D {
		switch {
		case math.IsNaN(d):
			hit[i] = -1
		case d >= threshold:
			hit[i] = 1
		}
	}
	return ClusterShareCI(fmt.Sprintf("share D >= %g (cluster bootstrap over value pairs)", threshold), PairClusters(sc), hit, reps, level, seed)
}

// SampleRows draws n of rows distinct row indexes uniformly without
// replacement with the PCG stream (seed, 0), returned in ascending order;
// n >= rows returns every row.
func SampleRows(rows, n int, seed uint64) []int {
	if n >= rows || n < 0 {
		out := make([]int, rows)
		for i := range out {
			out[i] = i
		}
		return out
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	perm := rng.Perm(rows)[:n]
	mark := make([]bool, rows)
	for _, i := range perm {
		mark[i] = true
	}
	out := make([]int, 0, n)
	for i, m := range mark {
		if m {
			out = append(out, i)
		}
	}
	return out
}

// ShareClusterCI is the cluster-bootstrap interval (over value-pair
// triples of sc) of model m's outlier share: rows where the model has a
// position on either value count, rows in OutRows[m] are hits. pos must be
// the positions the result was computed from.
func (o *OutlierResult) ShareClusterCI(pos *pipeline.Positions, sc *pipeline.Scenarios, m, reps int, level float64, seed uint64) (CI, error) {
	if m < 0 || m >= len(o.Set.Models) {
		return CI{}, fmt.Errorf("outlier share interval: model index %d of %d", m, len(o.Set.Models))
	}
	id := o.Set.Models[m]
	if sc == nil || sc.Rows != o.Rows || pos == nil || pos.Rows != o.Rows {
		return CI{}, fmt.Errorf("outlier share interval: scenarios, positions and result have different rows")
	}
	k := -1
	for i, pm := range pos.Models {
		if pm == id {
			k = i
		}
	}
	if k < 0 {
		return CI{}, fmt.Errorf("outlier share interval: positions lack model %s", id)
	}
	hit := make([]int8, o.Rows)
	for r := range hit {
		if pos.Value1[k][r] < 0 && pos.Value2[k][r] < 0 {
			hit[r] = -1
		}
	}
	for _, r := range o.OutRows[m] {
		hit[r] = 1
	}
	return ClusterShareCI(fmt.Sprintf("outlier share of %s (cluster bootstrap over value pairs)", id), PairClusters(sc), hit, reps, level, seed)
}
