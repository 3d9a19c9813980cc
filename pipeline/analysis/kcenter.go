package analysis

import (
	"context"
	"fmt"
	"math"
	"runtime"

	"gonum.org/v1/gonum/blas/blas32"
)

// WeightOn says where the disagreement weight of weighted k-center sits.
type WeightOn int

// Weight placements (PAPER.md section 4 leaves it open).
const (
	// OnCandidate scores point i by w_i * min_j ||h_i - h_j|| (default).
	OnCandidate WeightOn = iota
	// OnCentre scores point i by min_j w_j * ||h_i - h_j||.
	OnCentre
)

// Default stop distances of the paper.
const (
	DefaultStop         = 0.4 // unweighted farthest-first
	DefaultWeightedStop = 0.8 // disagreement-weighted
)

// KCenterOptions tunes KCenter. The zero value is the paper's unweighted
// farthest-first traversal from point 0 with stop distance 0.4.
type KCenterOptions struct {
	// K caps the number of centres; 0 means no cap (run to the stop).
	K int
	// Stop ends the selection when the best score falls below it; 0 means
	// DefaultStop (DefaultWeightedStop with weights); negative means never
	// (then K must be set, or every point is selected).
	Stop float64
	// Weights, when non-nil, are the per-point weights (D) of the weighted
	// variant; finite and >= 0.
	Weights []float64
	// WeightOn places the weight; default OnCandidate.
	WeightOn WeightOn
	// Start is the index of the first centre.
	Start int
	// Workers bounds the goroutines of a pass; 0 means GOMAXPROCS.
	Workers int
	// NoPrune keeps points that can no longer be chosen in every pass (to
	// measure what pruning saves); the selection is the same.
	NoPrune bool
	// ProgressEvery is how often (in centres) KCenterProgress reports;
	// 0 means 1000.
	ProgressEvery int
}

// Selection is the result of KCenter.
type Selection struct {
	Order []int     // point indexes in selection order (the dataset's rank)
	Radii []float64 // score of each pick when chosen (+Inf for the first)
	Rank  []int     // Rank[i]: position of point i in Order, or -1
	// Evaluated counts the points scanned over all passes: every point not
	// yet chosen without pruning, fewer with it (the measure of pruning).
	Evaluated int64
}

// KCenter runs greedy k-center over n = len(emb)/dim points stored row-major
// as float32. Each pass adds the point with the highest score (distance to
// its nearest centre, optionally weighted); ties go to the lowest index, so
// the result is deterministic for any number of workers. Scores only
// decrease as centres are added, so a point whose score is already below
// the stop can never be chosen: it is pruned from later passes (exact).
func KCenter(ctx context.Context, emb []float32, dim int, opt KCenterOptions) (*Selection, error) {
	return KCenterProgress(ctx, emb, dim, opt, nil)
}

// KCenterProgress is KCenter calling progress (when not nil) every
// opt.ProgressEvery centres with the number chosen so far and the last
// pick's score. (A func-typed option field would break composite literals
// of KCenterOptions in the yaegi interpreter, hence the separate argument.)
func KCenterProgress(ctx context.Context, emb []float32, dim int, opt KCenterOptions, progress func(centres int, score float64)) (*Selection, error) {
	n, err := checkEmbeddings(emb, dim)
	if err != nil {
		return nil, fmt.Errorf("k-center: %w", err)
	}
	weighted := opt.Weights != nil
	if weighted {
		if len(opt.Weights) != n {
			return nil, fmt.Errorf("k-center: %d weights for %d points", len(opt.Weights), n)
		}
		for i, w := range opt.Weights {
			if !(w >= 0) || math.IsInf(w, 0) {
				return nil, fmt.Errorf("k-center: weight %d is %v, want finite and >= 0", i, w)
			}
		}
	}
	if opt.WeightOn != OnCandidate && opt.WeightOn != OnCentre {
		return nil, fmt.Errorf("k-center: unknown weight placement %d", opt.WeightOn)
	}
	if opt.Start < 0 || opt.Start >= n {
		return nil, fmt.Errorf("k-center: start %d outside 0..%d", opt.Start, n-1)
	}
	if opt.K < 0 {
		return nil, fmt.Errorf("k-center: K %d is negative", opt.K)
	}
	stop := opt.Stop
	if stop == 0 {
		stop = DefaultStop
		if weighted {
			stop = DefaultWeightedStop
		}
	}
	k := opt.K
	if k == 0 || k > n {
		k = n
	}
	every := opt.ProgressEvery
	if every <= 0 {
		every = 1000
	}
	s := newKCState(emb, dim, n, opt, stop)
	defer s.close()
	sel := &Selection{Rank: make([]int, n)}
	for i := range sel.Rank {
		sel.Rank[i] = -1
	}
	c, score := opt.Start, math.Inf(1)
	for {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("k-center: after %d centres: %w", len(sel.Order), err)
		}
		sel.Rank[c] = len(sel.Order)
		sel.Order = append(sel.Order, c)
		sel.Radii = append(sel.Radii, score)
		if progress != nil && len(sel.Order)%every == 0 {
			progress(len(sel.Order), score)
		}
		if len(sel.Order) == k {
			break // no pass needed to find a centre that will not be added
		}
		var best int
		best, score = s.pass(c)
		if best < 0 || (stop > 0 && score < stop) {
			break
		}
		c = best
	}
	sel.Evaluated = s.evaluated
	return sel, nil
}

// checkEmbeddings validates a row-major embedding matrix.
func checkEmbeddings(emb []float32, dim int) (int, error) {
	if dim <= 0 {
		return 0, fmt.Errorf("dimension %d, want > 0", dim)
	}
	if len(emb) == 0 || len(emb)%dim != 0 {
		return 0, fmt.Errorf("%d floats is not a positive multiple of dimension %d", len(emb), dim)
	}
	// Checked in parallel blocks of rows; the first bad block is reported.
	n := len(emb) / dim
	const rowsPerBlock = 4096
	blocks := (n + rowsPerBlock - 1) / rowsPerBlock
	bad := make([]int, blocks)
	parallelBlocks(blocks, 0, func(b int) {
		bad[b] = -1
		lo, hi := b*rowsPerBlock*dim, min((b+1)*rowsPerBlock, n)*dim
		for i, x := range emb[lo:hi] {
			if x != x || x > math.MaxFloat32 || x < -math.MaxFloat32 {
				bad[b] = lo + i
				return
			}
		}
	})
	for _, i := range bad {
		if i >= 0 {
			return 0, fmt.Errorf("embedding row %d column %d is %v", i/dim, i%dim, emb[i])
		}
	}
	return n, nil
}

// kcState is the running state: key[i] is min squared distance to the
// centres (unweighted, OnCandidate) or min weighted distance (OnCentre).
// The active points are split into one part per worker; each part shrinks
// as points are selected or pruned.
type kcState struct {
	emb       []float32
	dim       int
	norm      []float64
	key       []float64
	w         []float64
	on        WeightOn
	stop      float64
	prune     bool
	parts     [][]int32
	dots      [][]float64 // per part: the pass's dot products, in part order
	scratch   []dotScratch
	evaluated int64
	jobs      []chan int
	done      chan partBest
}

type partBest struct {
	part  int
	idx   int
	score float64
	evals int
}

func newKCState(emb []float32, dim, n int, opt KCenterOptions, stop float64) *kcState {
	s := &kcState{emb: emb, dim: dim, norm: make([]float64, n), key: make([]float64, n),
		w: opt.Weights, on: opt.WeightOn, stop: stop, prune: !opt.NoPrune && stop > 0}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// A pass over few floats is not worth a goroutine hand-off.
	if n*dim < 1<<18 {
		workers = 1
	}
	workers = max(1, min(workers, n))
	const rowsPerBlock = 4096
	parallelBlocks((n+rowsPerBlock-1)/rowsPerBlock, workers, func(b int) {
		for i := b * rowsPerBlock; i < min((b+1)*rowsPerBlock, n); i++ {
			row := s.row(i)
			s.norm[i] = blas32.DDot(row, row)
			s.key[i] = math.Inf(1)
		}
	})
	per := (n + workers - 1) / workers
	for p := 0; p < workers; p++ {
		lo, hi := p*per, min((p+1)*per, n)
		part := make([]int32, 0, max(hi-lo, 0))
		for i := lo; i < hi; i++ {
			part = append(part, int32(i))
		}
		s.parts = append(s.parts, part)
		s.dots = append(s.dots, make([]float64, len(part)))
		s.scratch = append(s.scratch, dotScratch{})
	}
	if workers > 1 {
		s.done = make(chan partBest, workers)
		for p := range s.parts {
			ch := make(chan int)
			s.jobs = append(s.jobs, ch)
			go func() {
				for c := range ch {
					s.done <- s.scan(p, c)
				}
			}()
		}
	}
	return s
}

func (s *kcState) close() {
	for _, ch := range s.jobs {
		close(ch)
	}
}

func (s *kcState) row(i int) blas32.Vector {
	return blas32.Vector{N: s.dim, Inc: 1, Data: s.emb[i*s.dim : (i+1)*s.dim]}
}

// pass makes c a centre and returns the next best point and its score
// (-1 when no point is left).
func (s *kcState) pass(c int) (int, float64) {
	s.key[c] = 0
	var results []partBest
	var buf [16]partBest
	if s.jobs == nil {
		results = append(buf[:0], s.scan(0, c))
	} else {
		for _, ch := range s.jobs {
			ch <- c
		}
		results = buf[:0]
		if len(s.jobs) > len(buf) {
			results = make([]partBest, 0, len(s.jobs))
		}
		for range s.jobs {
			results = append(results, <-s.done)
		}
	}
	best, score := -1, math.Inf(-1)
	for _, r := range results {
		s.evaluated += int64(r.evals)
		if r.idx >= 0 && (r.score > score || (r.score == score && r.idx < best)) {
			best, score = r.idx, r.score
		}
	}
	s.rebalance()
	return best, score
}

// rebalance evens out the parts when pruning has emptied some faster than
// others, so that no worker idles. Parts hold ascending, disjoint index
// ranges in order, so concatenating and re-splitting keeps every part
// ascending (the tie-break relies on it).
func (s *kcState) rebalance() {
	if len(s.parts) < 2 {
		return
	}
	lo, hi, total := len(s.parts[0]), len(s.parts[0]), 0
	for _, p := range s.parts {
		lo, hi = min(lo, len(p)), max(hi, len(p))
		total += len(p)
	}
	if hi-lo < 4096 || hi < 2*lo {
		return
	}
	all := make([]int32, 0, total)
	for _, p := range s.parts {
		all = append(all, p...)
	}
	per := (total + len(s.parts) - 1) / len(s.parts)
	for i := range s.parts {
		a, b := min(i*per, total), min((i+1)*per, total)
		s.parts[i] = append(s.parts[i][:0], all[a:b]...)
	}
}

// scan updates the points of one part against the new centre c, drops c
// and pruned points from the part, and returns the part's best point.
func (s *kcState) scan(p, c int) partBest {
	part := s.parts[p]
	cv := s.row(c)
	nc := s.norm[c]
	wc := 1.0
	if s.w != nil && s.on == OnCentre {
		wc = s.w[c]
	}
	out := partBest{part: p, idx: -1, score: math.Inf(-1), evals: len(part)}
	if cap(s.dots[p]) < len(part) {
		s.dots[p] = make([]float64, len(part)) // rebalance grew the part
	}
	// All dot products first (the kernel reads the part as four streams),
	// then the points in part order as before, so ties resolve as always.
	dots := s.dots[p][:len(part)]
	rowDots(dotKernel, s.emb, s.dim, part, cv.Data, dots, &s.scratch[p])
	kept := part[:0]
	for q, i32 := range part {
		i := int(i32)
		if i == c {
			continue
		}
		d2 := s.norm[i] + nc - 2*dots[q]
		if d2 < 0 {
			d2 = 0 // rounding of the norm expansion for near-duplicates
		}
		var score float64
		switch {
		case s.w == nil:
			s.key[i] = math.Min(s.key[i], d2)
			score = math.Sqrt(s.key[i])
		case s.on == OnCandidate:
			s.key[i] = math.Min(s.key[i], d2)
			score = s.w[i] * math.Sqrt(s.key[i])
		default:
			s.key[i] = math.Min(s.key[i], wc*math.Sqrt(d2))
			score = s.key[i]
		}
		if s.prune && score < s.stop {
			continue
		}
		kept = append(kept, i32)
		// Parts hold ascending indexes, so ">" keeps the lowest index on ties.
		if score > out.score {
			out.idx, out.score = i, score
		}
	}
	s.parts[p] = kept
	return out
}
