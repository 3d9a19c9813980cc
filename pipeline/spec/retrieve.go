package spec

import (
	"context"
	"fmt"
	"sort"
	"strings"

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
// the cheap first pass that needs no LLM. A clause is embedded paragraph
// by paragraph (each with its heading path) and scores the best of its
// paragraphs: a long section of a real spec would otherwise dilute every
// match below any threshold. Clause embeddings are computed once; texts
// that repeat (value names recur across many scenarios) are embedded once
// per call.
type Retriever struct {
	Spec  *Spec
	emb   embed.Embedder
	vecs  [][]float32
	owner []int // clause of each vector
}

// NewRetriever embeds every paragraph of every clause of s.
func NewRetriever(ctx context.Context, e embed.Embedder, s *Spec) (*Retriever, error) {
	if s == nil || len(s.Clauses) == 0 {
		return nil, fmt.Errorf("spec retrieval: no clauses")
	}
	var texts []string
	var owner []int
	for i, c := range s.Clauses {
		if c.Text == "" {
			continue // a heading with no text of its own says nothing
		}
		path := strings.Join(c.Path, " / ")
		for _, p := range paragraphs(c.Text) {
			texts = append(texts, path+"\n"+p)
			owner = append(owner, i)
		}
	}
	if len(texts) == 0 {
		return nil, fmt.Errorf("spec retrieval: %s has headings but no clause text", s.Source)
	}
	vecs, err := e.Embed(ctx, texts)
	if err != nil {
		return nil, fmt.Errorf("spec retrieval: embedding %d paragraphs of %s: %w", len(texts), s.Source, err)
	}
	if len(vecs) != len(texts) {
		return nil, fmt.Errorf("spec retrieval: embedder returned %d vectors for %d paragraphs", len(vecs), len(texts))
	}
	return &Retriever{Spec: s, emb: e, vecs: vecs, owner: owner}, nil
}

func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
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
	best := make([]float32, len(r.Spec.Clauses))
	for i, v := range vecs {
		for c := range best {
			best[c] = -2
		}
		for j, pv := range r.vecs {
			if s := embed.Cosine(v, pv); s > best[r.owner[j]] {
				best[r.owner[j]] = s
			}
		}
		var hs []Hit
		for c, s := range best {
			if s >= minScore {
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
