package spec

import (
	"context"
	"fmt"
	"sort"

	"github.com/specstress/specstress/pipeline/embed"
)

// DefaultMinScore is the similarity below which the offline embedder's
// (512 dimensions) match is treated as no match: a text the spec does not
// speak to. Chosen on the sample spec against the 78 value names of the
// simulator (26 categories x 3 facets): hash collisions alone reach about
// 0.23, a value named in a clause scores 0.29 or more. With another
// embedder choose the threshold again.
const DefaultMinScore = 0.25

// Hit is one retrieved clause: its index in Spec.Clauses and the cosine
// similarity of its embedding to the query text.
type Hit struct {
	Clause int
	Score  float32
}

// Retriever finds the clauses nearest to texts by embedding similarity:
// the cheap first pass that needs no LLM. Clause embeddings are computed
// once; texts that repeat (value names recur across many scenarios) are
// embedded once per call.
type Retriever struct {
	Spec *Spec
	emb  embed.Embedder
	vecs [][]float32
}

// NewRetriever embeds every clause of s (heading path and own text).
func NewRetriever(ctx context.Context, e embed.Embedder, s *Spec) (*Retriever, error) {
	if s == nil || len(s.Clauses) == 0 {
		return nil, fmt.Errorf("spec retrieval: no clauses")
	}
	texts := make([]string, len(s.Clauses))
	for i := range s.Clauses {
		texts[i] = s.EmbedText(i)
	}
	vecs, err := e.Embed(ctx, texts)
	if err != nil {
		return nil, fmt.Errorf("spec retrieval: embedding %d clauses of %s: %w", len(texts), s.Source, err)
	}
	if len(vecs) != len(texts) {
		return nil, fmt.Errorf("spec retrieval: embedder returned %d vectors for %d clauses", len(vecs), len(texts))
	}
	return &Retriever{Spec: s, emb: e, vecs: vecs}, nil
}

// Nearest returns, for each text, up to k clauses with similarity at least
// minScore, best first (ties by document order). Clauses with no text of
// their own (a heading directly followed by its sub-headings) are never
// returned. A text may get none:
// that is how retrieval says the spec does not speak to it.
func (r *Retriever) Nearest(ctx context.Context, texts []string, k int, minScore float32) ([][]Hit, error) {
	if k <= 0 {
		return nil, fmt.Errorf("spec retrieval: k = %d, want at least 1", k)
	}
	uniq := map[string]int{}
	var distinct []string
	for _, t := range texts {
		if _, ok := uniq[t]; !ok {
			uniq[t] = len(distinct)
			distinct = append(distinct, t)
		}
	}
	vecs, err := r.emb.Embed(ctx, distinct)
	if err != nil {
		return nil, fmt.Errorf("spec retrieval: embedding %d texts: %w", len(distinct), err)
	}
	if len(vecs) != len(distinct) {
		return nil, fmt.Errorf("spec retrieval: embedder returned %d vectors for %d texts", len(vecs), len(distinct))
	}
	hits := make([][]Hit, len(distinct))
	for i, v := range vecs {
		var hs []Hit
		for c, cv := range r.vecs {
			if r.Spec.Clauses[c].Text == "" {
				continue // a heading with no text of its own says nothing
			}
			if s := embed.Cosine(v, cv); s >= minScore {
				hs = append(hs, Hit{c, s})
			}
		}
		sort.SliceStable(hs, func(a, b int) bool { return hs[a].Score > hs[b].Score })
		if len(hs) > k {
			hs = hs[:k]
		}
		hits[i] = hs
	}
	out := make([][]Hit, len(texts))
	for i, t := range texts {
		out[i] = hits[uniq[t]]
	}
	return out, nil
}

// Sides retrieves, for each scenario, the clauses implicated on each side:
// up to k clauses nearest to the scenario's value1 and to its value2 (at
// least minScore similar), as clause indexes — the Side1/Side2 input of
// analysis.Hotspots. Each side is matched on its value name alone: the
// query text is shared by both sides, and with the offline embedder its
// words would swamp the difference between them.
func (r *Retriever) Sides(ctx context.Context, value1, value2 []string, k int, minScore float32) (side1, side2 [][]int32, err error) {
	if len(value1) != len(value2) {
		return nil, nil, fmt.Errorf("spec retrieval: %d value1 and %d value2 cells", len(value1), len(value2))
	}
	conv := func(vs []string) ([][]int32, error) {
		hits, err := r.Nearest(ctx, vs, k, minScore)
		if err != nil {
			return nil, err
		}
		out := make([][]int32, len(hits))
		for i, h := range hits {
			if len(h) == 0 {
				continue
			}
			out[i] = make([]int32, len(h))
			for j, x := range h {
				out[i][j] = int32(x.Clause)
			}
		}
		return out, nil
	}
	if side1, err = conv(value1); err != nil {
		return nil, nil, err
	}
	if side2, err = conv(value2); err != nil {
		return nil, nil, err
	}
	return side1, side2, nil
}
