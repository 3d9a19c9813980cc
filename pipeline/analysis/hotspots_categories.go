package analysis

import (
	"fmt"
	"math"
)

// ClauseCategories is, per spec clause and value category, where a
// clause's disagreement comes from: the scenarios implicating the clause
// one of whose two values is of the category, split by D, and their lift
// against the result's baseline (the share of all high-D scenarios they
// make up over the share of all low-D ones). A contradiction lights up its
// clauses under each other's category; a vague clause under every category
// it meets.
type ClauseCategories struct {
	Evidence    string
	Clauses     []string
	Categories  []string
	HighN, LowN [][]int     // [clause][category]
	Lift        [][]float64 // NaN when undefined (no scenario), +Inf when only the low count is 0
	MinCount    int         // the result's MinCount, for callers that blank small cells
}

// CategoryLift tabulates ClauseCategories for res computed from in:
// category(value) names a value's category index into categories (-1 for
// none: the value counts under no category).
func (res *HotspotResult) CategoryLift(in *HotspotInput, categories []string, category func(value string) int) (*ClauseCategories, error) {
	n := len(in.D)
	if len(in.Value1) != n || len(in.Value2) != n || len(in.Side1) != n || len(in.Side2) != n {
		return nil, fmt.Errorf("clause categories: columns of unequal length")
	}
	if len(res.ClauseStats) != len(in.Clauses) {
		return nil, fmt.Errorf("clause categories: result has %d clauses, input %d", len(res.ClauseStats), len(in.Clauses))
	}
	nc, nk := len(in.Clauses), len(categories)
	out := &ClauseCategories{Evidence: res.Evidence, Clauses: in.Clauses, Categories: categories, MinCount: res.Options.MinCount,
		HighN: make([][]int, nc), LowN: make([][]int, nc), Lift: make([][]float64, nc)}
	for c := range out.HighN {
		out.HighN[c], out.LowN[c], out.Lift[c] = make([]int, nk), make([]int, nk), make([]float64, nk)
	}
	memo := map[string]int{}
	catOf := func(v string) (int, error) {
		k, ok := memo[v]
		if !ok {
			k = category(v)
			if k >= nk {
				return 0, fmt.Errorf("clause categories: value %q has category %d of %d", v, k, nk)
			}
			memo[v] = k
		}
		return k, nil
	}
	mark := make([]int, nc)
	for r := 0; r < n; r++ {
		d := in.D[r]
		if math.IsNaN(d) {
			continue
		}
		k1, err := catOf(in.Value1[r])
		if err != nil {
			return nil, err
		}
		k2, err := catOf(in.Value2[r])
		if err != nil {
			return nil, err
		}
		high := d >= res.Options.High
		for _, side := range [2][]int32{in.Side1[r], in.Side2[r]} {
			for _, c := range side {
				if mark[c] == r+1 {
					continue
				}
				mark[c] = r + 1
				for i, k := range [2]int{k1, k2} {
					if k < 0 || (i == 1 && k == k1) {
						continue
					}
					if high {
						out.HighN[c][k]++
					} else {
						out.LowN[c][k]++
					}
				}
			}
		}
	}
	for c := range out.Lift {
		for k := range out.Lift[c] {
			out.Lift[c][k] = ratioOfRates(out.HighN[c][k], res.High, out.LowN[c][k], res.Low)
		}
	}
	return out, nil
}
