package analysis

import (
	"context"
	"fmt"

	"github.com/specstress/specstress/pipeline"
)

// RowEmbedder returns the embeddings of the queries of the given rows,
// row-major (len(rows)*dim floats), and their dimension.
type RowEmbedder func(ctx context.Context, rows []int) (emb []float32, dim int, err error)

// SubsetOptions tunes BuildSubsets. The zero value is the paper's
// construction.
type SubsetOptions struct {
	// Sets are the model subsets to build; nil means pipeline.Subsets()
	// (the six default splits).
	Sets []pipeline.ModelSet
	// Threshold is the D at or above which a row is a candidate; 0 means
	// HighDisagreement (1.5).
	Threshold float64
	// Stop ends the weighted k-center selection when the best weighted
	// distance falls below it; 0 means DefaultWeightedStop (0.8, the
	// paper's); negative keeps and ranks every candidate.
	Stop float64
	// WeightOn places the disagreement weight (PAPER.md section 4 leaves
	// it open); default OnCandidate.
	WeightOn WeightOn
	// Workers bounds the goroutines of the selection; 0 means GOMAXPROCS.
	Workers int
}

// Subset is one built default split.
type Subset struct {
	Set pipeline.ModelSet
	// Rows are the selected rows of the input, in rank order: Rows[k] is
	// the row written with rank k.
	Rows []int
	// D is the disagreement over Set of each row of Rows.
	D []float64
	// Candidates counts the rows with D >= Threshold before the
	// deduplication.
	Candidates int
}

// BuildSubsets builds the default splits the way the paper does (PAPER.md
// sections 3 and 4; section 2.2 and appendix A of the paper): for each
// model subset M, the candidates are the rows with D(x, M) >= 1.5, D as
// Disagreement computes it (null positions skipped, at least two models
// per value); the disagreement-weighted greedy
// k-center selection over the candidates' query embeddings (weights D over
// M, stop 0.8) deduplicates them, and its selection order is the split's
// rank. The selection starts at the candidate with the highest D (the
// lowest row on ties). A set whose models are not all among pos's columns
// is left out of the result. This is the one definition of the splits:
// the stages' export and the simulator both call it.
func BuildSubsets(ctx context.Context, pos *pipeline.Positions, embed RowEmbedder, opt SubsetOptions) ([]Subset, error) {
	if pos == nil {
		return nil, fmt.Errorf("subsets: nil positions")
	}
	sets := opt.Sets
	if sets == nil {
		sets = pipeline.Subsets()
	}
	threshold := opt.Threshold
	if threshold == 0 {
		threshold = HighDisagreement
	}
	var out []Subset
	for _, set := range sets {
		present := true
		for _, id := range set.Models {
			present = present && pos.Index(id) >= 0
		}
		if !present {
			continue
		}
		sub, err := buildSubset(ctx, pos, set, embed, threshold, opt)
		if err != nil {
			return nil, fmt.Errorf("subsets: %s: %w", set.Name, err)
		}
		out = append(out, sub)
	}
	return out, nil
}

func buildSubset(ctx context.Context, pos *pipeline.Positions, set pipeline.ModelSet, embed RowEmbedder, threshold float64, opt SubsetOptions) (Subset, error) {
	s := Subset{Set: set}
	if pos.Rows == 0 || len(set.Models) < 2 || !anyDefined(pos, set) {
		return s, nil // no row has a defined D over the set
	}
	d, err := DisagreementWith(pos, set, DisagreementOptions{Workers: opt.Workers})
	if err != nil {
		return s, err
	}
	var rows []int
	var w []float64
	start := 0
	for r := 0; r < d.Rows; r++ {
		if d.D[r] >= threshold {
			if len(w) > 0 && d.D[r] > w[start] {
				start = len(rows)
			}
			rows = append(rows, r)
			w = append(w, d.D[r])
		}
	}
	s.Candidates = len(rows)
	if len(rows) == 0 {
		return s, nil
	}
	emb, dim, err := embed(ctx, rows)
	if err != nil {
		return s, fmt.Errorf("embed %d queries: %w", len(rows), err)
	}
	if dim <= 0 || len(emb) != len(rows)*dim {
		return s, fmt.Errorf("embedder returned %d floats of dimension %d for %d queries", len(emb), dim, len(rows))
	}
	stop := opt.Stop
	if stop == 0 {
		stop = DefaultWeightedStop
	}
	sel, err := KCenter(ctx, emb, dim, KCenterOptions{Weights: w, Stop: stop, WeightOn: opt.WeightOn, Start: start, Workers: opt.Workers})
	if err != nil {
		return s, err
	}
	s.Rows = make([]int, len(sel.Order))
	s.D = make([]float64, len(sel.Order))
	for k, i := range sel.Order {
		s.Rows[k], s.D[k] = rows[i], w[i]
	}
	return s, nil
}

// anyDefined reports whether some row has positions of two models of set
// on one value (DisagreementWith refuses a set with no defined D at all).
func anyDefined(pos *pipeline.Positions, set pipeline.ModelSet) bool {
	cols := make([]int, len(set.Models))
	for i, id := range set.Models {
		cols[i] = pos.Index(id)
	}
	for r := 0; r < pos.Rows; r++ {
		n1, n2 := 0, 0
		for _, c := range cols {
			if pos.Value1[c][r] != pipeline.NullPosition {
				n1++
			}
			if pos.Value2[c][r] != pipeline.NullPosition {
				n2++
			}
		}
		if n1 >= 2 || n2 >= 2 {
			return true
		}
	}
	return false
}
