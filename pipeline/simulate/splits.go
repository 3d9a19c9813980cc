package simulate

import (
	"context"
	"math"

	"github.com/specstress/specstress/pipeline/analysis"
)

// QueryEmbeddingDim is the dimension of the simulated query embeddings.
const QueryEmbeddingDim = 16

// QueryEmbedding is the simulated embedding of a complete-config row's
// query: a seeded random unit vector. The synthetic queries are templated
// stand-ins whose text says nothing about their topic, so embedding their
// words would make every query a near-duplicate of every other; random
// directions play distinct scenarios instead, so the selection ranks the
// candidates and rarely drops one.
func (c *Config) QueryEmbedding(row int, out []float32) {
	var sq float64
	for k := range out {
		x := normal(mix(c.Seed, pQueryEmbedding, uint64(row), uint64(k)))
		out[k] = float32(x)
		sq += x * x
	}
	n := float32(1 / math.Sqrt(max(sq, 1e-300)))
	for k := range out {
		out[k] *= n
	}
}

// buildSplits builds the default splits with the one definition the
// stages' export uses too (analysis.BuildSubsets): per paper subset, the
// rows with every position and D >= SplitThreshold over the subset, in
// the order of the disagreement-weighted k-center selection over the
// query embeddings.
func (d *Data) buildSplits() error {
	embed := func(_ context.Context, rows []int) ([]float32, int, error) {
		emb := make([]float32, len(rows)*QueryEmbeddingDim)
		for i, r := range rows {
			d.Config.QueryEmbedding(r, emb[i*QueryEmbeddingDim:(i+1)*QueryEmbeddingDim])
		}
		return emb, QueryEmbeddingDim, nil
	}
	subs, err := analysis.BuildSubsets(context.Background(), d.Positions, embed, analysis.SubsetOptions{Threshold: d.Config.SplitThreshold})
	if err != nil {
		return err
	}
	for _, s := range subs {
		d.Splits[s.Set.Name] = s.Rows
	}
	return nil
}
