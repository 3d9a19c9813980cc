package analysis

import (
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/specstress/specstress/pipeline"
)

// HighDisagreement is the paper's threshold on D for a high-disagreement
// scenario.
const HighDisagreement = 1.5

// Bin is a half-open interval [Lo, Hi) of D; the last bin of a list is
// closed so that the maximum D falls in it.
type Bin struct {
	Lo, Hi float64
	Label  string
}

// PaperBins returns the paper's five bins of D: [0,1), [1,1.5), [1.5,2),
// [2,2.5), [2.5,3].
func PaperBins() []Bin {
	return []Bin{
		{0, 1, "[0,1)"}, {1, 1.5, "[1,1.5)"}, {1.5, 2, "[1.5,2)"},
		{2, 2.5, "[2,2.5)"}, {2.5, 3, "[2.5,3]"},
	}
}

// BinOf returns the index of the bin holding d, or -1 (NaN or outside).
func BinOf(bins []Bin, d float64) int {
	for i, b := range bins {
		if d >= b.Lo && (d < b.Hi || (i == len(bins)-1 && d <= b.Hi)) {
			return i
		}
	}
	return -1
}

// DisagreementOptions tunes Disagreement.
type DisagreementOptions struct {
	// MinValid is the fewest models with a position for a value's SD to be
	// defined (NaN otherwise); 0 means 2.
	MinValid int
	// Workers bounds the goroutines; 0 means GOMAXPROCS.
	Workers int
}

// DisagreementResult holds per-row disagreement over a model set.
type DisagreementResult struct {
	Set      pipeline.ModelSet
	Rows     int
	MinValid int
	SD1      []float64 // population SD of value1 positions (NaN if undefined)
	SD2      []float64 // population SD of value2 positions (NaN if undefined)
	D        []float64 // max of SD1, SD2 ignoring NaN; NaN when both are
	Valid1   []uint8   // models with a value1 position on the row
	Valid2   []uint8   // models with a value2 position on the row
}

// Disagreement computes D(x, M) for every row of pos over the models of set
// with default options.
func Disagreement(pos *pipeline.Positions, set pipeline.ModelSet) (*DisagreementResult, error) {
	return DisagreementWith(pos, set, DisagreementOptions{})
}

// blockRows is the row block one worker processes at a time; the per-block
// accumulators then stay in L1.
const blockRows = 2048

// DisagreementWith computes D(x, M) with explicit options.
func DisagreementWith(pos *pipeline.Positions, set pipeline.ModelSet, opt DisagreementOptions) (*DisagreementResult, error) {
	sub, err := selectModels(pos, set)
	if err != nil {
		return nil, fmt.Errorf("disagreement: %w", err)
	}
	if opt.MinValid == 0 {
		opt.MinValid = 2
	}
	if len(sub.Models) > maxSDModels {
		return nil, fmt.Errorf("disagreement: %d models, at most %d supported", len(sub.Models), maxSDModels)
	}
	if opt.MinValid < 1 || opt.MinValid > len(sub.Models) {
		return nil, fmt.Errorf("disagreement: MinValid %d outside 1..%d", opt.MinValid, len(sub.Models))
	}
	n := pos.Rows
	res := &DisagreementResult{
		Set: set, Rows: n, MinValid: opt.MinValid,
		SD1: make([]float64, n), SD2: make([]float64, n), D: make([]float64, n),
		Valid1: make([]uint8, n), Valid2: make([]uint8, n),
	}
	blocks := (n + blockRows - 1) / blockRows
	bad := make([]bool, blocks)
	parallelBlocks(blocks, opt.Workers, func(b int) {
		lo := b * blockRows
		hi := min(lo+blockRows, n)
		bad[b] = sdBlock(sub.Value1, lo, hi, opt.MinValid, res.SD1, res.Valid1) ||
			sdBlock(sub.Value2, lo, hi, opt.MinValid, res.SD2, res.Valid2)
		for r := lo; r < hi; r++ {
			res.D[r] = maxIgnoringNaN(res.SD1[r], res.SD2[r])
		}
	})
	for b, isBad := range bad {
		if isBad {
			return nil, badPosition(sub, b*blockRows, min((b+1)*blockRows, n))
		}
	}
	for _, d := range res.D {
		if !math.IsNaN(d) {
			return res, nil
		}
	}
	return nil, fmt.Errorf("disagreement over %s: no row has positions from at least %d models (all null?)", set.Name, opt.MinValid)
}

// selectModels checks pos and returns the columns of set's models.
func selectModels(pos *pipeline.Positions, set pipeline.ModelSet) (*pipeline.Positions, error) {
	if pos == nil {
		return nil, fmt.Errorf("nil positions")
	}
	if len(set.Models) < 2 {
		return nil, fmt.Errorf("model set %q has %d models, need at least 2", set.Name, len(set.Models))
	}
	seen := map[pipeline.ModelID]bool{}
	for _, m := range set.Models {
		if seen[m] {
			return nil, fmt.Errorf("model set %q lists %s twice", set.Name, m)
		}
		seen[m] = true
	}
	if pos.Rows <= 0 {
		return nil, fmt.Errorf("positions have no rows")
	}
	sub, err := pos.Select(set.Models)
	if err != nil {
		return nil, fmt.Errorf("model set %q: %w", set.Name, err)
	}
	for i, m := range sub.Models {
		if len(sub.Value1[i]) != pos.Rows || len(sub.Value2[i]) != pos.Rows {
			return nil, fmt.Errorf("model %s: position columns have %d/%d rows, want %d",
				m, len(sub.Value1[i]), len(sub.Value2[i]), pos.Rows)
		}
	}
	return sub, nil
}

// badPosition names the first out-of-range cell in rows [lo, hi).
func badPosition(sub *pipeline.Positions, lo, hi int) error {
	for i, m := range sub.Models {
		for v, col := range [2][]int8{sub.Value1[i], sub.Value2[i]} {
			for r := lo; r < hi; r++ {
				if col[r] < pipeline.NullPosition || col[r] > 6 {
					return fmt.Errorf("disagreement: %s_value%d_position row %d: %d outside 0..6", m, v+1, r, col[r])
				}
			}
		}
	}
	return fmt.Errorf("disagreement: bad position in rows %d..%d", lo, hi-1)
}

// sdLUT packs, for a position x (indexed by x&7, so null -1 lands on 7),
// x in bits 0-15, x² in bits 16-31 and a count of 1 in bits 32-47; a null
// packs to 0. Summing packed words sums the three fields at once, exactly,
// for up to maxSDModels models.
var sdLUT = [8]uint64{
	0 | 0<<16 | 1<<32, 1 | 1<<16 | 1<<32, 2 | 4<<16 | 1<<32, 3 | 9<<16 | 1<<32,
	4 | 16<<16 | 1<<32, 5 | 25<<16 | 1<<32, 6 | 36<<16 | 1<<32, 0,
}

// maxSDModels keeps 36*models within the 16-bit x² field.
const maxSDModels = 1820

// sdBlock fills sd and valid for rows [lo, hi) from the columns and reports
// whether a cell was out of range. One table lookup and one add per cell
// accumulate Σx, Σx² and the count exactly (see sdLUT), so the variance
// n*Σx² - (Σx)² is exact and the only rounding is in the final sqrt and
// division.
func sdBlock(cols [][]int8, lo, hi, minValid int, sd []float64, valid []uint8) (bad bool) {
	var acc [blockRows]uint64
	m := hi - lo
	lowest, highest := int8(0), int8(0)
	for _, col := range cols {
		c := col[lo:hi]
		a := acc[:len(c)]
		for r, x := range c {
			a[r] += sdLUT[x&7]
			lowest = min(lowest, x)
			highest = max(highest, x)
		}
	}
	for r := 0; r < m; r++ {
		sum := int64(acc[r] & 0xffff)
		sq := int64(acc[r] >> 16 & 0xffff)
		k := int64(acc[r] >> 32 & 0xffff)
		valid[lo+r] = uint8(min(k, 255))
		if int(k) < minValid || k == 0 {
			sd[lo+r] = math.NaN()
			continue
		}
		num := k*sq - sum*sum
		sd[lo+r] = math.Sqrt(float64(num)) / float64(k)
	}
	return lowest < pipeline.NullPosition || highest > 6
}

func maxIgnoringNaN(a, b float64) float64 {
	switch {
	case math.IsNaN(a):
		return b
	case math.IsNaN(b):
		return a
	case b > a:
		return b
	}
	return a
}

// parallelBlocks runs f on blocks 0..n-1 with at most workers goroutines.
func parallelBlocks(n, workers int, f func(b int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	if workers <= 1 {
		for b := 0; b < n; b++ {
			f(b)
		}
		return
	}
	var wg sync.WaitGroup
	per := (n + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*per, min((w+1)*per, n)
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := lo; b < hi; b++ {
				f(b)
			}
		}()
	}
	wg.Wait()
}

// High returns the rows whose D is at least threshold, in row order.
func (r *DisagreementResult) High(threshold float64) []int {
	var out []int
	for i, d := range r.D {
		if d >= threshold {
			out = append(out, i)
		}
	}
	return out
}

// BinCount is the number and share of valid rows in one bin of D.
type BinCount struct {
	Bin   Bin
	Count int
	Share float64 // Count / valid rows
}

// Bins counts the valid rows of D in each bin (nil bins = PaperBins).
func (r *DisagreementResult) Bins(bins []Bin) []BinCount {
	if bins == nil {
		bins = PaperBins()
	}
	out := make([]BinCount, len(bins))
	valid := 0
	for i, b := range bins {
		out[i].Bin = b
	}
	for _, d := range r.D {
		if math.IsNaN(d) {
			continue
		}
		valid++
		if i := BinOf(bins, d); i >= 0 {
			out[i].Count++
		}
	}
	for i := range out {
		if valid > 0 {
			out[i].Share = float64(out[i].Count) / float64(valid)
		}
	}
	return out
}

// DisagreementSummary is the headline of a DisagreementResult.
type DisagreementSummary struct {
	Set       string
	Models    int
	Rows      int
	Valid     int     // rows with D defined
	Mean      float64 // mean D over valid rows
	SD        float64 // population SD of D over valid rows
	Median    float64
	High      int     // rows with D >= HighDisagreement
	HighShare float64 // High / Valid
	Bins      []BinCount
}

// Summary returns the headline numbers and the paper's bins.
func (r *DisagreementResult) Summary() *DisagreementSummary {
	s := &DisagreementSummary{Set: r.Set.Name, Models: len(r.Set.Models), Rows: r.Rows, Bins: r.Bins(nil)}
	vals := make([]float64, 0, len(r.D))
	for _, d := range r.D {
		if !math.IsNaN(d) {
			vals = append(vals, d)
			if d >= HighDisagreement {
				s.High++
			}
		}
	}
	s.Valid = len(vals)
	s.Mean, s.SD, s.Median = math.NaN(), math.NaN(), math.NaN()
	if s.Valid > 0 {
		s.Mean, s.SD = meanSD(vals)
		sort.Float64s(vals)
		s.Median = quantileSorted(vals, 0.5)
		s.HighShare = float64(s.High) / float64(s.Valid)
	}
	return s
}

// meanSD returns the mean and population SD with a two-pass algorithm.
func meanSD(x []float64) (mean, sd float64) {
	var s float64
	for _, v := range x {
		s += v
	}
	mean = s / float64(len(x))
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / float64(len(x)))
}

// quantileSorted is numpy's default (linear, type 7) quantile of sorted x.
func quantileSorted(x []float64, q float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	h := q * float64(len(x)-1)
	lo := int(math.Floor(h))
	if lo >= len(x)-1 {
		return x[len(x)-1]
	}
	return x[lo] + (h-float64(lo))*(x[lo+1]-x[lo])
}

// Table renders the summary: one row per statistic, then one per bin.
func (s *DisagreementSummary) Table() *Table {
	t := &Table{Title: fmt.Sprintf("Disagreement over %s (%d models)", s.Set, s.Models), Columns: []string{"statistic", "value"}}
	t.Rows = append(t.Rows,
		[]any{"rows", s.Rows}, []any{"valid", s.Valid}, []any{"mean D", s.Mean},
		[]any{"sd D", s.SD}, []any{"median D", s.Median},
		[]any{fmt.Sprintf("D >= %g", HighDisagreement), s.High}, []any{"high share", s.HighShare})
	for _, b := range s.Bins {
		t.Rows = append(t.Rows, []any{"bin " + b.Bin.Label, b.Count})
	}
	return t
}

// String renders the summary as aligned text.
func (s *DisagreementSummary) String() string { return s.Table().String() }

// HTML renders the summary as an HTML table.
func (s *DisagreementSummary) HTML() string { return s.Table().HTML() }

// Table renders one row per scenario row: the per-value SDs and D, keyed by
// row index (use Scenarios to add keys, as the CLI does).
func (r *DisagreementResult) Table() *Table {
	t := &Table{Title: "Disagreement over " + r.Set.Name, Columns: []string{"row", "sd_value1", "sd_value2", "D"}}
	t.Rows = make([][]any, r.Rows)
	for i := range r.D {
		t.Rows[i] = []any{i, r.SD1[i], r.SD2[i], r.D[i]}
	}
	return t
}

// String renders the summary (the per-row table is too long to print).
func (r *DisagreementResult) String() string { return r.Summary().String() }

// HTML renders the summary as an HTML table.
func (r *DisagreementResult) HTML() string { return r.Summary().HTML() }
