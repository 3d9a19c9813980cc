package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"
)

// CI is a percentile bootstrap confidence interval.
type CI struct {
	Stat     string
	Estimate float64 // the statistic on the original sample
	Lo, Hi   float64
	Level    float64 // e.g. 0.95
	Reps     int     // replicates with a defined statistic
	Seed     uint64
}

// String formats the interval as "stat = est [lo, hi] (95%, B reps)".
func (c CI) String() string {
	return fmt.Sprintf("%s = %.4f [%.4f, %.4f] (%g%%, %d reps, seed %d)", c.Stat, c.Estimate, c.Lo, c.Hi, 100*c.Level, c.Reps, c.Seed)
}

// Bootstrap resamples n items with replacement reps times and returns the
// replicate statistics in replicate order. Replicate b draws from its own
// PCG stream (seed, b), so the result does not depend on the number of
// workers. stat receives the drawn indexes and must not keep them; it is
// called concurrently and must be safe for that.
func Bootstrap(n, reps int, seed uint64, stat func(sample []int) float64) ([]float64, error) {
	out := make([]float64, reps)
	err := eachReplicate(n, reps, seed, func() func(b int, rng *rand.Rand) {
		sample := make([]int, n)
		return func(b int, rng *rand.Rand) {
			for i := range sample {
				sample[i] = rng.IntN(n)
			}
			out[b] = stat(sample)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachReplicate runs reps replicates of a bootstrap over n items on
// GOMAXPROCS workers. Each worker calls newWorker once for its own state
// and then runs the replicates b it is given, with b's PCG stream
// (seed, b): the draws do not depend on the number of workers.
func eachReplicate(n, reps int, seed uint64, newWorker func() func(b int, rng *rand.Rand)) error {
	if n <= 0 {
		return fmt.Errorf("bootstrap: %d items", n)
	}
	if reps <= 0 {
		return fmt.Errorf("bootstrap: %d replicates", reps)
	}
	workers := min(runtime.GOMAXPROCS(0), reps)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run := newWorker()
			for b := w; b < reps; b += workers {
				run(b, rand.New(rand.NewPCG(seed, uint64(b))))
			}
		}()
	}
	wg.Wait()
	return nil
}

// PercentileCI turns replicate statistics into a percentile interval at
// level (numpy's default linear quantiles); NaN replicates are dropped.
func PercentileCI(name string, estimate float64, reps []float64, level float64, seed uint64) (CI, error) {
	if !(level > 0 && level < 1) {
		return CI{}, fmt.Errorf("bootstrap %s: level %v outside (0,1)", name, level)
	}
	vals := make([]float64, 0, len(reps))
	for _, v := range reps {
		if !math.IsNaN(v) {
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		return CI{}, fmt.Errorf("bootstrap %s: every replicate is undefined", name)
	}
	sort.Float64s(vals)
	a := (1 - level) / 2
	return CI{Stat: name, Estimate: estimate, Lo: quantileSorted(vals, a), Hi: quantileSorted(vals, 1-a),
		Level: level, Reps: len(vals), Seed: seed}, nil
}

// validD returns the defined values of D.
func (r *DisagreementResult) validD() []float64 {
	v := make([]float64, 0, len(r.D))
	for _, d := range r.D {
		if !math.IsNaN(d) {
			v = append(v, d)
		}
	}
	return v
}

// MeanCI is a percentile bootstrap interval of mean D over valid rows.
func (r *DisagreementResult) MeanCI(reps int, level float64, seed uint64) (CI, error) {
	v := r.validD()
	if len(v) == 0 {
		return CI{}, fmt.Errorf("mean D interval: no valid rows")
	}
	mean := func(s []int) float64 {
		var t float64
		for _, i := range s {
			t += v[i]
		}
		return t / float64(len(s))
	}
	all := make([]int, len(v))
	for i := range all {
		all[i] = i
	}
	b, err := Bootstrap(len(v), reps, seed, mean)
	if err != nil {
		return CI{}, err
	}
	return PercentileCI("mean D", mean(all), b, level, seed)
}

// HighShareCI is a percentile bootstrap interval of the share of valid rows
// with D >= threshold.
func (r *DisagreementResult) HighShareCI(threshold float64, reps int, level float64, seed uint64) (CI, error) {
	v := r.validD()
	if len(v) == 0 {
		return CI{}, fmt.Errorf("high-disagreement share interval: no valid rows")
	}
	share := func(s []int) float64 {
		c := 0
		for _, i := range s {
			if v[i] >= threshold {
				c++
			}
		}
		return float64(c) / float64(len(s))
	}
	all := make([]int, len(v))
	for i := range all {
		all[i] = i
	}
	b, err := Bootstrap(len(v), reps, seed, share)
	if err != nil {
		return CI{}, err
	}
	return PercentileCI(fmt.Sprintf("share D >= %g", threshold), share(all), b, level, seed)
}

// FleissCI is a percentile bootstrap interval of Fleiss' kappa, resampling
// responses.
func (a *AgreementResult) FleissCI(reps int, level float64, seed uint64) (CI, error) {
	nj := len(a.Labels)
	ones := make([]int, a.N)
	for k := range a.Labels {
		for i, l := range a.Labels[k] {
			ones[i] += int(l)
		}
	}
	// P_i for a subject with o ones of nj ratings: agreeing ordered pairs
	// over all ordered pairs.
	pi := make([]float64, nj+1)
	for o := range pi {
		z := nj - o
		pi[o] = float64(o*(o-1)+z*(z-1)) / float64(nj*(nj-1))
	}
	kappa := func(s []int) float64 {
		var pbar float64
		tot := 0
		for _, i := range s {
			pbar += pi[ones[i]]
			tot += ones[i]
		}
		pbar /= float64(len(s))
		p := float64(tot) / float64(len(s)*nj)
		pe := p*p + (1-p)*(1-p)
		if pe == 1 {
			return math.NaN()
		}
		return (pbar - pe) / (1 - pe)
	}
	b, err := Bootstrap(a.N, reps, seed, kappa)
	if err != nil {
		return CI{}, err
	}
	return PercentileCI("fleiss kappa", a.Fleiss, b, level, seed)
}
