package wiretest_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/dataset"
	"github.com/specstress/specstress/pipeline/llm/llmtest"
	"github.com/specstress/specstress/pipeline/stages"
)

// markerReply answers like a simulated persona of model id, so the sim
// classifier can place the answer.
func markerReply(id string) func(string) string {
	return func(string) string {
		return fmt.Sprintf("A considered answer. [sim model=%s v1=2 v2=5 type=1 values=3]", id)
	}
}

// realRespondents: sim generators and classifier, two respondents on
// local OpenAI and Anthropic servers.
func realRespondents(t *testing.T, dir string) (stages.Config, func(string) string, *llmtest.Server, *llmtest.Server) {
	oai, ant := llmtest.NewOpenAI("k"), llmtest.NewAnthropic("k")
	t.Cleanup(oai.Close)
	t.Cleanup(ant.Close)
	oai.Reply, ant.Reply = markerReply("gpt_4_1"), markerReply("claude_sonnet_4")
	env := map[string]string{"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": oai.URL + "/v1", "ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": ant.URL}
	cfg := stages.DefaultConfig()
	cfg.Out, cfg.Pairs, cfg.Seed, cfg.Concurrency = dir, 5, 7, 4
	cfg.Respondents = []stages.ModelSpec{{ID: "gpt_4_1", Model: "openai:gpt-4.1"}, {ID: "claude_sonnet_4", Model: "anthropic:claude-sonnet-4-0", MaxTokens: 500}}
	cfg.Judged = []pipeline.ModelID{"gpt_4_1"}
	return cfg, func(k string) string { return env[k] }, oai, ant
}

func openWith(t *testing.T, cfg stages.Config, getenv func(string) string) (*stages.Run, func()) {
	t.Helper()
	stack, cache, err := stages.NewStack(cfg, getenv, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := stages.Open(cfg, stack)
	if err != nil {
		cache.Close()
		t.Fatal(err)
	}
	return r, func() { r.Close(); cache.Close() }
}

// A respondent that failed (404) and works on a re-run: its responses are
// classified on the re-run, not left without positions.
func TestResponsesOfARerunAreClassified(t *testing.T) {
	dir := t.TempDir()
	cfg, getenv, _, ant := realRespondents(t, dir)
	var down atomic.Bool
	down.Store(true)
	ant.Faults = func(int64) llmtest.Fault {
		if down.Load() {
			return llmtest.Fault{Status: 404}
		}
		return llmtest.Fault{}
	}
	r, done := openWith(t, cfg, getenv)
	res, err := r.Stages(context.Background(), stages.StagePairs, stages.StageScenarios, stages.StageSpectra, stages.StageResponses, stages.StageClassify, stages.StageTopics, stages.StageResponseTypes)
	if err != nil {
		t.Fatal(err)
	}
	if res[3].Failed != 15 || res[4].Done != 15 {
		t.Fatalf("first run: %v", res)
	}
	if g := r.Gaps(stages.StageClassify); len(g) != 1 || g[0].Stage != stages.StageResponses || g[0].Model != "claude_sonnet_4" || g[0].Missing != 15 {
		t.Errorf("gaps after the first run: %v", g)
	}
	done()

	down.Store(false)
	r, done = openWith(t, cfg, getenv)
	defer done()
	res, err = r.Stages(context.Background(), stages.StageResponses, stages.StageClassify, stages.StageResponseTypes)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Done != 15 || res[1].Done != 15 || res[1].Skipped != 0 || res[2].Done != 15 {
		t.Errorf("re-run: %v; want the 15 new responses classified and typed", res)
	}
	if g := r.Gaps(stages.StageResponseTypes); len(g) != 0 {
		t.Errorf("gaps after the re-run: %v", g)
	}
	out := filepath.Join(dir, "dataset")
	if _, err := r.Export(out); err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ds.Split("complete/train")
	if err != nil {
		t.Fatal(err)
	}
	pos, err := sp.Positions()
	if err != nil {
		t.Fatal(err)
	}
	m := pos.Index("claude_sonnet_4")
	for row := 0; row < pos.Rows; row++ {
		if pos.Value1[m][row] != 2 || pos.Value2[m][row] != 5 {
			t.Fatalf("row %d: claude_sonnet_4 placed at %d/%d, want the 2/5 its answers carry", row, pos.Value1[m][row], pos.Value2[m][row])
		}
	}
	if r.OpenFailures() != nil {
		t.Errorf("open failures after the re-run: %v", r.OpenFailures())
	}
}

func TestExportMarksSimulatedRoles(t *testing.T) {
	dir := t.TempDir()
	cfg, getenv, _, _ := realRespondents(t, dir)
	r, done := openWith(t, cfg, getenv)
	defer done()
	if _, err := r.Stages(context.Background(), stages.AllStages()...); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "dataset")
	sum, err := r.Export(out)
	if err != nil {
		t.Fatal(err)
	}
	p, err := dataset.ReadProvenance(out)
	if err != nil || p == nil {
		t.Fatalf("provenance %v, %v", p, err)
	}
	if !p.Simulated() || !p.SimulatedRows {
		t.Error("sim generators wrote the scenarios: every row is simulated")
	}
	for _, c := range []string{"claude_4_decision", "gpt41_decision", "gemini_2_5_decision"} {
		if !slices.Contains(p.SimulatedColumns[dataset.JudgeEvaluations], c) {
			t.Errorf("simulated judge column %s not marked: %v", c, p.SimulatedColumns)
		}
	}
	// Responses came from the (local) providers; their positions from the
	// simulated classifier.
	if slices.Contains(p.SimulatedColumns[dataset.Default], "response_gpt_4_1") ||
		!slices.Contains(p.SimulatedColumns[dataset.Default], "gpt_4_1_value1_position") {
		t.Errorf("default columns marked: %v", p.SimulatedColumns[dataset.Default])
	}
	for _, role := range p.Roles {
		if role.Simulated != strings.HasPrefix(role.Model, "sim:") {
			t.Errorf("role %+v", role)
		}
	}
	if len(sum.Simulated) == 0 || !strings.Contains(stages.SimulatedNote(sum.Simulated), "judges claude_4, gpt41, gemini_2_5") {
		t.Errorf("report note: %q", stages.SimulatedNote(sum.Simulated))
	}
}

func TestExecuteReportsAnIncompleteRun(t *testing.T) {
	srv := llmtest.NewOpenAI("k")
	defer srv.Close()
	srv.Faults = func(int64) llmtest.Fault { return llmtest.Fault{Status: 500} }
	t.Setenv("OPENAI_API_KEY", "k")
	t.Setenv("OPENAI_BASE_URL", srv.URL+"/v1")
	cfg := stages.DefaultConfig()
	cfg.Out, cfg.Pairs, cfg.Attempts = t.TempDir(), 2, 1
	cfg.Respondents = []stages.ModelSpec{{ID: "gpt_4_1", Model: "openai:gpt-4.1"}}
	rep, err := stages.Execute(context.Background(), cfg, nil, stages.StagePairs, stages.StageScenarios, stages.StageSpectra, stages.StageResponses)
	var inc *stages.IncompleteError
	if !errors.As(err, &inc) || !errors.Is(err, stages.ErrIncomplete) || len(inc.Gaps) != 1 || inc.Gaps[0].Missing != 6 || inc.Gaps[0].Model != "gpt_4_1" {
		t.Fatalf("err = %v, want the 6 missing responses of gpt_4_1", err)
	}
	if s := rep.String(); !strings.Contains(s, "missing: responses gpt_4_1: 6 of 6 missing") || !strings.Contains(s, "SIMULATED") {
		t.Errorf("report:\n%s", s)
	}
	cfg.AllowPartial = true
	rep, err = stages.Execute(context.Background(), cfg, nil, stages.StagePairs, stages.StageScenarios, stages.StageSpectra, stages.StageResponses)
	if err != nil || len(rep.Gaps) != 1 {
		t.Errorf("AllowPartial: err %v, gaps %v", err, rep.Gaps)
	}
}
