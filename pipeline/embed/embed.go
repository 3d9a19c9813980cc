// Package embed turns short texts into vectors and maps free-form value
// phrases to the nearest of a set of labels (the 26 value categories) by
// cosine similarity. It has an offline local embedder (hashed word and
// character n-grams: no model, no network, deterministic); embedders of
// APIs live in their own packages and register by provider kind (Register,
// Open): pipeline/embed/openai for OpenAI-compatible embedding APIs.
package embed

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"strings"
	"unicode"
)

// Embedder maps texts to vectors of one fixed dimension.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// Hashed is the offline embedder: the words of a text and the character
// trigrams of each word are hashed (FNV-1a, signed) into Dim buckets, and
// the vector is L2-normalised. Similar spellings ("ethic", "ethical")
// share trigrams, so it matches free-form phrases to category names well
// enough for mapping, with no model download.
type Hashed struct {
	Dim int // 0 means 512
}

// Embed embeds each text.
func (h Hashed) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	dim := h.Dim
	if dim <= 0 {
		dim = 512
	}
	out := make([][]float32, len(texts))
	for i, t := range texts {
		if i%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		out[i] = h.one(t, dim)
	}
	return out, nil
}

var stop = map[string]bool{"and": true, "of": true, "the": true, "a": true, "an": true, "to": true, "for": true, "in": true, "on": true, "with": true}

func (h Hashed) one(text string, dim int) []float32 {
	v := make([]float32, dim)
	add := func(feat string, w float32) {
		f := fnv.New64a()
		f.Write([]byte(feat))
		x := f.Sum64()
		sign := float32(1)
		if x>>63 == 1 {
			sign = -1
		}
		v[x%uint64(dim)] += sign * w
	}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, w := range words {
		if stop[w] {
			continue
		}
		add("w:"+w, 1)
		p := []rune("<" + w + ">")
		for j := 0; j+3 <= len(p); j++ {
			add("c:"+string(p[j:j+3]), 0.4)
		}
	}
	normalize(v)
	return v
}

func normalize(v []float32) {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return
	}
	n := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i] *= n
	}
}

// Cosine returns the cosine similarity of two vectors of equal length.
func Cosine(a, b []float32) float32 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return float32(dot / math.Sqrt(na*nb))
}

// Mapper maps texts to the nearest of a fixed set of labels.
type Mapper struct {
	Labels []string
	emb    Embedder
	vecs   [][]float32
}

// NewMapper embeds each label's description (the label itself when
// descriptions is nil) once.
func NewMapper(ctx context.Context, e Embedder, labels, descriptions []string) (*Mapper, error) {
	if len(labels) == 0 {
		return nil, errors.New("embed: no labels")
	}
	if descriptions == nil {
		descriptions = labels
	}
	if len(descriptions) != len(labels) {
		return nil, fmt.Errorf("embed: %d labels but %d descriptions", len(labels), len(descriptions))
	}
	vecs, err := e.Embed(ctx, descriptions)
	if err != nil {
		return nil, fmt.Errorf("embed labels: %w", err)
	}
	return &Mapper{Labels: labels, emb: e, vecs: vecs}, nil
}

// Map returns, for each text, the index of the most similar label and the
// similarity. An empty text maps to -1.
func (m *Mapper) Map(ctx context.Context, texts []string) ([]int, []float32, error) {
	vecs, err := m.emb.Embed(ctx, texts)
	if err != nil {
		return nil, nil, fmt.Errorf("embed texts: %w", err)
	}
	idx := make([]int, len(texts))
	sim := make([]float32, len(texts))
	for i, v := range vecs {
		idx[i] = -1
		if strings.TrimSpace(texts[i]) == "" {
			continue
		}
		best := float32(-2)
		for j, l := range m.vecs {
			if len(l) != len(v) {
				return nil, nil, fmt.Errorf("embed: label %q has dimension %d, text %d has %d", m.Labels[j], len(l), i, len(v))
			}
			if s := Cosine(v, l); s > best {
				best, idx[i] = s, j
			}
		}
		sim[i] = best
	}
	return idx, sim, nil
}
