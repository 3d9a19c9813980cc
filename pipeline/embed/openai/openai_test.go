package openai_test

import (
	"context"
	"testing"

	"github.com/specstress/specstress/pipeline/embed"
	"github.com/specstress/specstress/pipeline/embed/openai"
	"github.com/specstress/specstress/pipeline/llm/llmtest"
)

func TestOpenAIEmbedderOverTheWire(t *testing.T) {
	srv := llmtest.NewOpenAI("k")
	defer srv.Close()
	e := openai.New(srv.URL+"/v1", "k", "text-embedding-3-small", nil)
	e.Batch = 2
	vs, err := e.Embed(context.Background(), []string{"aaa", "bbb", "abc"})
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 3 || vs[0][0] != 3 || vs[1][1] != 3 || vs[2][2] != 1 {
		t.Fatalf("vectors = %v", vs)
	}
	if srv.Count() != 2 {
		t.Errorf("%d requests for 3 texts in batches of 2", srv.Count())
	}
}

func TestImportRegistersTheOpenAIKind(t *testing.T) {
	srv := llmtest.NewOpenAI("k")
	defer srv.Close()
	e, err := embed.Open("openai", srv.URL+"/v1", "k", "text-embedding-3-small")
	if err != nil {
		t.Fatal(err)
	}
	vs, err := e.Embed(context.Background(), []string{"aaa"})
	if err != nil || len(vs) != 1 || vs[0][0] != 3 {
		t.Fatalf("vectors %v, err %v", vs, err)
	}
	if srv.Count() != 1 {
		t.Errorf("the server saw %d requests, want 1", srv.Count())
	}
}
