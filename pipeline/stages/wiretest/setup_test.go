package wiretest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/llm/llmtest"
	"github.com/specstress/specstress/pipeline/stages"
)

// simRun opens a run in dir with every role on the sim backend.
func simRun(t *testing.T, dir string, pairs int) (*stages.Run, *llm.Stack, func()) {
	t.Helper()
	cfg := stages.DefaultConfig()
	cfg.Out, cfg.Pairs, cfg.Seed = dir, pairs, 42
	stack, cache, err := stages.NewStack(cfg, func(string) string { return "" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := stages.Open(cfg, stack)
	if err != nil {
		t.Fatal(err)
	}
	r.Stats = stack.Stats
	return r, stack, func() { r.Close(); cache.Close() }
}

func TestMissingKeyStopsTheStageWithoutFailures(t *testing.T) {
	cfg := stages.DefaultConfig()
	cfg.Out, cfg.Pairs = t.TempDir(), 3
	cfg.Respondents = []stages.ModelSpec{{ID: "gpt_4_1", Model: "openai:gpt-4.1"}}
	stack, cache, err := stages.NewStack(cfg, func(string) string { return "" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cache.Close()
	r, err := stages.Open(cfg, stack)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, err = r.Stages(context.Background(), stages.StagePairs, stages.StageScenarios, stages.StageResponses)
	if err == nil || !strings.Contains(err.Error(), "OPENAI_API_KEY") {
		t.Fatalf("err = %v, want the stage stopped naming OPENAI_API_KEY", err)
	}
	if n := len(r.Failures()); n != 0 {
		t.Errorf("%d failures recorded for a missing key", n)
	}
}

func TestValuesStageWithAnAPIEmbedder(t *testing.T) {
	srv := llmtest.NewOpenAI("k")
	defer srv.Close()
	cfg := stages.DefaultConfig()
	cfg.Out, cfg.Pairs, cfg.Embedder = t.TempDir(), 2, "openai:text-embedding-3-small"
	vars := map[string]string{"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": srv.URL + "/v1"}
	e, err := stages.NewEmbedder(cfg, func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	r, _, done := simRun(t, cfg.Out, 2)
	defer done()
	r.Embedder = e
	res, err := r.Stages(context.Background(), stages.StagePairs, stages.StageScenarios, stages.StageResponses, stages.StageValues)
	if err != nil || res[3].Done != 6 {
		t.Fatalf("values: %v, %v", res, err)
	}
	if srv.Count() == 0 {
		t.Error("the API embedder was not called")
	}
	if _, err := stages.NewEmbedder(stages.Config{Embedder: "xai:embed"}, func(string) string { return "" }); err == nil {
		t.Error("embedder without a key: no error")
	}
}
