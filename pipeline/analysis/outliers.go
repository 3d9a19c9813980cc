package analysis

import (
	"fmt"

	"github.com/specstress/specstress/pipeline"
)

// ValueChoice says which value's positions a per-model statistic looks at.
type ValueChoice int

// Value choices; MaxOfValues (the default) takes, per model and row, the
// larger count over the two values.
const (
	MaxOfValues ValueChoice = iota
	Value1Only
	Value2Only
)

// OutlierOptions tunes Outliers.
type OutlierOptions struct {
	// MinDiff is the position difference that makes another model disagree;
	// 0 means 4.
	MinDiff int
	// MinOthers is how many other models must disagree; 0 means 9 for 12
	// models and round(9/11 * (n-1)) for a set of n models (at least 1).
	MinOthers int
	// Value picks the value(s) compared; default MaxOfValues.
	Value ValueChoice
	// Reading picks how the two values combine (PAPER.md section 7 leaves
	// it open); default SameValue.
	Reading OutlierReading
}

// OutlierReading is one of the two readings of the paper's outlier rule
// "differs by >= 4 points from at least 9 of the other 11 models".
type OutlierReading int

// Outlier readings.
const (
	// SameValue (the default) counts, for each value separately, the other
	// models at least MinDiff away on that value, and flags the model when
	// either count reaches MinOthers: the others must differ on the same
	// value.
	SameValue OutlierReading = iota
	// EitherValue counts another model as differing when it is at least
	// MinDiff away on value1 or on value2, and flags the model when that
	// count reaches MinOthers. It flags at least every row SameValue flags.
	EitherValue
)

// String names the reading.
func (r OutlierReading) String() string {
	if r == EitherValue {
		return "either value"
	}
	return "same value"
}

// ParseOutlierReading reads "same" / "same-value" or "either" /
// "either-value".
func ParseOutlierReading(s string) (OutlierReading, error) {
	switch s {
	case "", "same", "same-value", "same_value":
		return SameValue, nil
	case "either", "either-value", "either_value":
		return EitherValue, nil
	}
	return SameValue, fmt.Errorf("outlier reading %q: want same or either", s)
}

// OutlierResult counts, per model of a set, the rows on which the model is
// an outlier (Figure 6).
type OutlierResult struct {
	Set       pipeline.ModelSet
	Rows      int
	MinDiff   int
	MinOthers int
	Value     ValueChoice
	Reading   OutlierReading
	Counts    []int   // Counts[m]: outlier rows of Set.Models[m]
	Valid     []int   // Valid[m]: rows where model m has a position
	OutRows   [][]int // OutRows[m]: the outlier rows of model m, ascending
}

// Outliers flags model m on row r when its position differs by at least
// MinDiff from at least MinOthers of the other models of set (nulls never
// count as differing; a null model is never an outlier).
func Outliers(pos *pipeline.Positions, set pipeline.ModelSet, opt OutlierOptions) (*OutlierResult, error) {
	sub, err := selectModels(pos, set)
	if err != nil {
		return nil, fmt.Errorf("outliers: %w", err)
	}
	n := len(sub.Models)
	if n > 127 { // per-row counts are int8
		return nil, fmt.Errorf("outliers: %d models, at most 127 supported", n)
	}
	if opt.MinDiff == 0 {
		opt.MinDiff = 4
	}
	if opt.MinOthers == 0 {
		opt.MinOthers = defaultMinOthers(n)
	}
	if opt.MinDiff < 1 || opt.MinDiff > 6 {
		return nil, fmt.Errorf("outliers: MinDiff %d outside 1..6", opt.MinDiff)
	}
	if opt.MinOthers < 1 || opt.MinOthers > n-1 {
		return nil, fmt.Errorf("outliers: MinOthers %d outside 1..%d for %d models", opt.MinOthers, n-1, n)
	}
	if opt.Value < MaxOfValues || opt.Value > Value2Only {
		return nil, fmt.Errorf("outliers: unknown value choice %d", opt.Value)
	}
	if opt.Reading != SameValue && opt.Reading != EitherValue {
		return nil, fmt.Errorf("outliers: unknown reading %d", opt.Reading)
	}
	if opt.Reading == EitherValue && opt.Value != MaxOfValues {
		return nil, fmt.Errorf("outliers: the either-value reading compares both values; it cannot be limited to one")
	}
	res := &OutlierResult{Set: set, Rows: pos.Rows, MinDiff: opt.MinDiff, MinOthers: opt.MinOthers, Value: opt.Value, Reading: opt.Reading,
		Counts: make([]int, n), Valid: make([]int, n), OutRows: make([][]int, n)}
	blocks := (pos.Rows + blockRows - 1) / blockRows
	// Each block records its own flags; merging in block order keeps OutRows
	// sorted without locks.
	flags := make([][][]int32, blocks)
	valid := make([][]int, blocks)
	bad := make([]bool, blocks)
	parallelBlocks(blocks, 0, func(b int) {
		lo, hi := b*blockRows, min((b+1)*blockRows, pos.Rows)
		if opt.Reading == EitherValue {
			flags[b], valid[b], bad[b] = outlierBlockEither(sub, lo, hi, opt)
			return
		}
		flags[b], valid[b], bad[b] = outlierBlock(sub, lo, hi, opt)
	})
	for b := range flags {
		if bad[b] {
			return nil, fmt.Errorf("outliers: %w", badPosition(sub, b*blockRows, min((b+1)*blockRows, pos.Rows)))
		}
		for m := range flags[b] {
			res.Valid[m] += valid[b][m]
			for _, r := range flags[b][m] {
				res.OutRows[m] = append(res.OutRows[m], int(r))
			}
		}
	}
	anyValid := false
	for m := range res.OutRows {
		res.Counts[m] = len(res.OutRows[m])
		anyValid = anyValid || res.Valid[m] > 0
	}
	if !anyValid {
		return nil, fmt.Errorf("outliers over %s: every position is null", set.Name)
	}
	return res, nil
}

func defaultMinOthers(n int) int {
	if n == 12 {
		return 9
	}
	k := (9*(n-1) + 5) / 11
	return max(1, k)
}

// outlierBlock scans rows [lo, hi) column by column. A per-row histogram
// of the 7 positions (null lands in slot 7 via x&7) gives, for each
// position x, how many models sit at least MinDiff away; each model then
// needs one table lookup per row. Scratch lives on the stack.
func outlierBlock(sub *pipeline.Positions, lo, hi int, opt OutlierOptions) (flags [][]int32, valid []int, bad bool) {
	n := len(sub.Models)
	m := hi - lo
	flags = make([][]int32, n)
	valid = make([]int, n)
	var far [2][blockRows][8]int8 // far[v][r][x]: models at distance >= MinDiff from x; [7] = -1 (null)
	cols := [2][][]int8{sub.Value1, sub.Value2}
	for v := 0; v < 2; v++ {
		f := &far[v]
		if (v == 0 && opt.Value == Value2Only) || (v == 1 && opt.Value == Value1Only) {
			for r := 0; r < m; r++ {
				f[r] = [8]int8{-1, -1, -1, -1, -1, -1, -1, -1}
			}
			continue
		}
		// One 64-bit add per cell: byte x&7 of hist[r] counts the models at
		// position x (null in byte 7); at most 127 models keep bytes apart.
		var hist [blockRows]uint64
		lowest, highest := int8(0), int8(0)
		for _, col := range cols[v] {
			c := col[lo:hi]
			hh := hist[:len(c)]
			for r, x := range c {
				hh[r] += 1 << (8 * uint(x&7))
				lowest = min(lowest, x)
				highest = max(highest, x)
			}
		}
		if lowest < pipeline.NullPosition || highest > 6 {
			return nil, nil, true
		}
		// Multiplying by 0x0101… turns the byte counts into prefix sums:
		// byte k of cum = models at positions <= k. Then the models at least
		// D away from x are cum[x-D] + (total - cum[x+D-1]).
		d := opt.MinDiff
		for r := 0; r < m; r++ {
			cum := (hist[r] & 0x00ffffffffffffff) * 0x0101010101010101
			total := int8(cum >> 48)
			row := &f[r]
			for x := 0; x < 7; x++ {
				var c int8
				if x >= d {
					c += int8(cum >> (8 * (x - d)))
				}
				if x+d <= 6 {
					c += total - int8(cum>>(8*(x+d-1)))
				}
				row[x] = c
			}
			row[7] = -1
		}
	}
	minOthers := int8(opt.MinOthers)
	for j := 0; j < n; j++ {
		c1, c2 := sub.Value1[j][lo:hi], sub.Value2[j][lo:hi]
		cnt := 0
		for r := range c1 {
			best := max(far[0][r][c1[r]&7], far[1][r][c2[r]&7])
			if best >= 0 {
				cnt++
			}
			if best >= minOthers {
				flags[j] = append(flags[j], int32(lo+r))
			}
		}
		valid[j] = cnt
	}
	return flags, valid, false
}

// outlierBlockEither is the EitherValue reading over rows [lo, hi): a
// direct count over model pairs (12 models: 66 pairs a row).
func outlierBlockEither(sub *pipeline.Positions, lo, hi int, opt OutlierOptions) (flags [][]int32, valid []int, bad bool) {
	n := len(sub.Models)
	flags = make([][]int32, n)
	valid = make([]int, n)
	far := func(a, b int8) bool {
		return a >= 0 && b >= 0 && (a-b >= int8(opt.MinDiff) || b-a >= int8(opt.MinDiff))
	}
	cnt := make([]int, n)
	for r := lo; r < hi; r++ {
		for j := 0; j < n; j++ {
			a1, a2 := sub.Value1[j][r], sub.Value2[j][r]
			if a1 < pipeline.NullPosition || a1 > 6 || a2 < pipeline.NullPosition || a2 > 6 {
				return nil, nil, true
			}
			cnt[j] = 0
		}
		for j := 0; j < n; j++ {
			for k := j + 1; k < n; k++ {
				if far(sub.Value1[j][r], sub.Value1[k][r]) || far(sub.Value2[j][r], sub.Value2[k][r]) {
					cnt[j]++
					cnt[k]++
				}
			}
		}
		for j := 0; j < n; j++ {
			if sub.Value1[j][r] < 0 && sub.Value2[j][r] < 0 {
				continue
			}
			valid[j]++
			if cnt[j] >= opt.MinOthers {
				flags[j] = append(flags[j], int32(r))
			}
		}
	}
	return flags, valid, false
}

// Table renders one row per model: display name, provider, count, share of
// valid rows with its Wilson 95 % interval; sorted as the models of the
// set.
func (o *OutlierResult) Table() *Table {
	t := &Table{Title: fmt.Sprintf("Outliers over %s (%d rows; diff >= %d from >= %d others, %s reading)", o.Set.Name, o.Rows, o.MinDiff, o.MinOthers, o.Reading),
		Columns: []string{"model", "name", "provider", "outliers", "valid", "share", "share_lo", "share_hi"}}
	for m, id := range o.Set.Models {
		share := 0.0
		if o.Valid[m] > 0 {
			share = float64(o.Counts[m]) / float64(o.Valid[m])
		}
		ci := Wilson(o.Counts[m], o.Valid[m], 0.95)
		t.Rows = append(t.Rows, []any{string(id), id.Display(), string(id.Provider()), o.Counts[m], o.Valid[m], share, ci.Lo, ci.Hi})
	}
	return t
}

// String renders the counts as aligned text.
func (o *OutlierResult) String() string { return o.Table().String() }

// HTML renders the counts as an HTML table.
func (o *OutlierResult) HTML() string { return o.Table().HTML() }
