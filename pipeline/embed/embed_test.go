package embed_test

import (
	"context"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/embed"
)

func TestHashedIsDeterministicAndNormalised(t *testing.T) {
	e := embed.Hashed{Dim: 64}
	a, _ := e.Embed(context.Background(), []string{"ethical responsibility", "ethical responsibility", "speed"})
	if embed.Cosine(a[0], a[1]) < 0.9999 {
		t.Error("same text, different vectors")
	}
	if s := embed.Cosine(a[0], a[2]); s > 0.5 {
		t.Errorf("unrelated texts similarity %v", s)
	}
}

func TestMapperFindsCategoriesOfFreeFormPhrases(t *testing.T) {
	m, err := embed.NewMapper(context.Background(), embed.Hashed{}, pipeline.CategoryNames(), nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"ethical responsibility toward users": "Ethical responsibility",
		"emotional depth":                     "Emotional depth and authentic connection",
		"efficiency":                          "Efficiency and resource optimization",
		"critical thinking and skepticism":    "Critical thinking",
		"professional excellence":             "Professional and technical excellence",
		"protecting vulnerable people":        "Protecting vulnerable entities",
		"respect for cultural traditions":     "Cultural respect and tradition",
		"spiritual meaning":                   "Spiritual fulfillment and meaning",
	}
	var texts, want []string
	for k, v := range cases {
		texts = append(texts, k)
		want = append(want, v)
	}
	idx, _, err := m.Map(context.Background(), append(texts, ""))
	if err != nil {
		t.Fatal(err)
	}
	for i := range texts {
		if idx[i] < 0 || m.Labels[idx[i]] != want[i] {
			got := "none"
			if idx[i] >= 0 {
				got = m.Labels[idx[i]]
			}
			t.Errorf("%q -> %s, want %s", texts[i], got, want[i])
		}
	}
	if idx[len(texts)] != -1 {
		t.Error("empty text mapped to a category")
	}
}
