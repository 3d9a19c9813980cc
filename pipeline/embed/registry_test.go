package embed_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline/embed"
)

func TestOpenFindsRegisteredKindsAndNamesTheMissingImport(t *testing.T) {
	// This test binary does not import pipeline/embed/openai.
	_, err := embed.Open("openai", "", "k", "text-embedding-3-small")
	if err == nil || !strings.Contains(err.Error(), `import _ "github.com/specstress/specstress/pipeline/embed/openai"`) {
		t.Fatalf("err = %v, want it to name the import", err)
	}
	var got [3]string
	embed.Register("fixed-test", func(baseURL, apiKey, model string) (embed.Embedder, error) {
		got = [3]string{baseURL, apiKey, model}
		return embed.Hashed{Dim: 8}, nil
	})
	e, err := embed.Open("fixed-test", "http://h/v1", "sk", "m")
	if err != nil {
		t.Fatal(err)
	}
	if got != [3]string{"http://h/v1", "sk", "m"} {
		t.Errorf("factory got %q", got)
	}
	if vs, err := e.Embed(context.Background(), []string{"x"}); err != nil || len(vs[0]) != 8 {
		t.Errorf("embed: %v, %v", vs, err)
	}
	if !slices.Contains(embed.Kinds(), "fixed-test") {
		t.Errorf("Kinds() = %v", embed.Kinds())
	}
	_, err = embed.Open("anthropic", "", "k", "m")
	if err == nil || !strings.Contains(err.Error(), "fixed-test") {
		t.Errorf("unknown kind: %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("registering a kind twice did not panic")
		}
	}()
	embed.Register("fixed-test", func(string, string, string) (embed.Embedder, error) { return nil, nil })
}
