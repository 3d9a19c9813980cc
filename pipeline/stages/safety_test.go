package stages

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/dataset"
	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/llm/llmtest"
)

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "run.json")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUnknownKeysAreNamedWithTheNearestOne(t *testing.T) {
	for _, c := range []struct{ body, key, nearest string }{
		{`{"judegs": [{"id": "gpt41", "model": "openai:o3"}]}`, `"judegs"`, `"judges"`},
		{`{"respondents": [{"id": "a", "model": "openai:gpt-4.1"}, {"id": "b", "modle": "openai:o3"}]}`, `"respondents[1].modle"`, `"model"`},
		{`{"providers": {"openai": {"kind": "openai", "base_ur": "http://x"}}}`, `"providers.openai.base_ur"`, `"base_url"`},
		{`{"prices": {"gpt-4.1": {"inptu": 2, "output": 8}}}`, `"prices.gpt-4.1.inptu"`, `"input"`},
		{`{"spectrum": {"id": "s", "model": "openai:o3", "temprature": 0}}`, `"spectrum.temprature"`, `"temperature"`},
		{`{"zzzzzzzzzzzz": 1}`, `"zzzzzzzzzzzz"`, `nearest valid key`},
	} {
		_, err := LoadConfig(writeConfig(t, c.body))
		if err == nil || !strings.Contains(err.Error(), c.key) || !strings.Contains(err.Error(), c.nearest) {
			t.Errorf("%s: err = %v, want %s named with %s", c.body, err, c.key, c.nearest)
		}
	}
	// Keys in another case decode (encoding/json matches them), so they pass.
	if _, err := LoadConfig(writeConfig(t, `{"Pairs": 3, "respondents": [{"ID": "a", "Model": "openai:gpt-4.1"}]}`)); err != nil {
		t.Errorf("case-insensitive keys: %v", err)
	}
}

func TestALeftOutRoleIsAnErrorNotASimulatedOne(t *testing.T) {
	path := writeConfig(t, `{"pairs": 2, "spec": "spec.md",
	  "generators": [{"id": "o3", "model": "openai:o3"}],
	  "respondents": [{"id": "gpt_4_1", "model": "openai:gpt-4.1"}]}`)
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Judges) != 0 || cfg.Classifier.Model != "" || len(cfg.Simulated()) != 0 {
		t.Fatalf("left-out roles were filled: judges %v, classifier %v", cfg.Judges, cfg.Classifier)
	}
	for stage, role := range map[string]string{StageJudge: `"judges"`, StageClassify: `"classifier"`, StageSpectra: `"spectrum"`, StageTopics: `"tagger"`} {
		if err := cfg.Check(stage); err == nil || !strings.Contains(err.Error(), role) || !strings.Contains(err.Error(), stage) {
			t.Errorf("%s: err = %v, want the stage and %s named", stage, err, role)
		}
	}
	if err := cfg.Check(StagePairs, StageScenarios, StageResponses); err != nil {
		t.Errorf("stages whose roles are set: %v", err)
	}
	// The stage refuses before any call.
	cfg.Out = t.TempDir()
	var calls atomic.Int64
	r, err := Open(cfg, llm.ClientFunc(func(context.Context, *llm.Request) (*llm.Response, error) {
		calls.Add(1)
		return &llm.Response{Text: "x"}, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Stages(context.Background(), StagePairs, StageJudge); err == nil || !strings.Contains(err.Error(), "judges") {
		t.Errorf("err = %v", err)
	}
	if _, err := r.Judge(context.Background()); err == nil {
		t.Error("the judge stage ran without judges")
	}
	if calls.Load() != 0 || r.pairs.Len() != 0 {
		t.Errorf("%d calls, %d pairs before the refusal", calls.Load(), r.pairs.Len())
	}

	// Asked for explicitly, the sim backend plays the missing roles and says so.
	cfg, err = LoadConfig(writeConfig(t, `{"simulate": true, "respondents": [{"id": "gpt_4_1", "model": "openai:gpt-4.1"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var judges []string
	for _, s := range cfg.Simulated() {
		if s.Role == "judges" {
			judges = append(judges, s.ID)
		}
		if s.Role == "respondents" {
			t.Errorf("a configured respondent is listed as simulated: %v", s)
		}
	}
	if !slices.Equal(judges, []string{"claude_4", "gpt41", "gemini_2_5"}) || cfg.Check(AllStages()...) != nil {
		t.Errorf("simulated judges %v, check %v", judges, cfg.Check(AllStages()...))
	}
	// A real judge without a spec file would judge against the placeholder.
	cfg.Judges = []ModelSpec{{ID: "gpt41", Model: "openai:o3"}}
	if err := cfg.Check(StageJudge); err == nil || !strings.Contains(err.Error(), "spec") {
		t.Errorf("real judge, no spec: %v", err)
	}
}

// markerReply answers like a simulated persona of model id, so the sim
// classifier can place the answer.
func markerReply(id string) func(string) string {
	return func(string) string {
		return fmt.Sprintf("A considered answer. [sim model=%s v1=2 v2=5 type=1 values=3]", id)
	}
}

// realRespondents: sim generators and classifier, two respondents on
// local OpenAI and Anthropic servers.
func realRespondents(t *testing.T, dir string) (Config, func(string) string, *llmtest.Server, *llmtest.Server) {
	oai, ant := llmtest.NewOpenAI("k"), llmtest.NewAnthropic("k")
	t.Cleanup(oai.Close)
	t.Cleanup(ant.Close)
	oai.Reply, ant.Reply = markerReply("gpt_4_1"), markerReply("claude_sonnet_4")
	env := map[string]string{"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": oai.URL + "/v1", "ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": ant.URL}
	cfg := DefaultConfig()
	cfg.Out, cfg.Pairs, cfg.Seed, cfg.Concurrency = dir, 5, 7, 4
	cfg.Respondents = []ModelSpec{{ID: "gpt_4_1", Model: "openai:gpt-4.1"}, {ID: "claude_sonnet_4", Model: "anthropic:claude-sonnet-4-0", MaxTokens: 500}}
	cfg.Judged = []pipeline.ModelID{"gpt_4_1"}
	return cfg, func(k string) string { return env[k] }, oai, ant
}

func openWith(t *testing.T, cfg Config, getenv func(string) string) (*Run, func()) {
	t.Helper()
	stack, cache, err := NewStack(cfg, getenv, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(cfg, stack)
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
	res, err := r.Stages(context.Background(), StagePairs, StageScenarios, StageSpectra, StageResponses, StageClassify, StageTopics, StageResponseTypes)
	if err != nil {
		t.Fatal(err)
	}
	if res[3].Failed != 15 || res[4].Done != 15 {
		t.Fatalf("first run: %v", res)
	}
	if g := r.Gaps(StageClassify); len(g) != 1 || g[0].Stage != StageResponses || g[0].Model != "claude_sonnet_4" || g[0].Missing != 15 {
		t.Errorf("gaps after the first run: %v", g)
	}
	done()

	down.Store(false)
	r, done = openWith(t, cfg, getenv)
	defer done()
	res, err = r.Stages(context.Background(), StageResponses, StageClassify, StageResponseTypes)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Done != 15 || res[1].Done != 15 || res[1].Skipped != 0 || res[2].Done != 15 {
		t.Errorf("re-run: %v; want the 15 new responses classified and typed", res)
	}
	if g := r.Gaps(StageResponseTypes); len(g) != 0 {
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
	if _, err := r.Stages(context.Background(), AllStages()...); err != nil {
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
	if len(sum.Simulated) == 0 || !strings.Contains(SimulatedNote(sum.Simulated), "judges claude_4, gpt41, gemini_2_5") {
		t.Errorf("report note: %q", SimulatedNote(sum.Simulated))
	}
}

func TestExportLeavesNoFileOfAnEarlierExport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "dataset")
	a, _, doneA := simRun(t, t.TempDir(), 3)
	defer doneA()
	if _, err := a.Stages(context.Background(), AllStages()...); err != nil {
		t.Fatal(err)
	}
	if sum, err := a.Export(out); err != nil || len(sum.JudgeRows) == 0 {
		t.Fatalf("%+v, %v", sum, err)
	}
	// A second run into the same folder, without judgments.
	b, _, doneB := simRun(t, t.TempDir(), 3)
	defer doneB()
	if _, err := b.Stages(context.Background(), StagePairs, StageScenarios, StageResponses, StageClassify); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Export(out); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(out, "judge_evaluations", "*")); len(left) != 0 {
		t.Errorf("judge files of the earlier export survive: %v", left)
	}
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(ds.Configs(), dataset.JudgeEvaluations) {
		t.Error("the re-export still has judge_evaluations")
	}
	// Nothing of the swap is left beside the export.
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("beside the export: %v", entries)
	}
	// A directory that is not an export is never replaced.
	os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o644)
	if _, err := b.Export(out); err == nil || !strings.Contains(err.Error(), "notes.txt") {
		t.Errorf("export over a foreign file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "notes.txt")); err != nil {
		t.Error("the user's file was removed")
	}
}

func TestExecuteReportsAnIncompleteRun(t *testing.T) {
	srv := llmtest.NewOpenAI("k")
	defer srv.Close()
	srv.Faults = func(int64) llmtest.Fault { return llmtest.Fault{Status: 500} }
	t.Setenv("OPENAI_API_KEY", "k")
	t.Setenv("OPENAI_BASE_URL", srv.URL+"/v1")
	cfg := DefaultConfig()
	cfg.Out, cfg.Pairs, cfg.Attempts = t.TempDir(), 2, 1
	cfg.Respondents = []ModelSpec{{ID: "gpt_4_1", Model: "openai:gpt-4.1"}}
	rep, err := Execute(context.Background(), cfg, nil, StagePairs, StageScenarios, StageSpectra, StageResponses)
	var inc *IncompleteError
	if !errors.As(err, &inc) || !errors.Is(err, ErrIncomplete) || len(inc.Gaps) != 1 || inc.Gaps[0].Missing != 6 || inc.Gaps[0].Model != "gpt_4_1" {
		t.Fatalf("err = %v, want the 6 missing responses of gpt_4_1", err)
	}
	if s := rep.String(); !strings.Contains(s, "missing: responses gpt_4_1: 6 of 6 missing") || !strings.Contains(s, "SIMULATED") {
		t.Errorf("report:\n%s", s)
	}
	cfg.AllowPartial = true
	rep, err = Execute(context.Background(), cfg, nil, StagePairs, StageScenarios, StageSpectra, StageResponses)
	if err != nil || len(rep.Gaps) != 1 {
		t.Errorf("AllowPartial: err %v, gaps %v", err, rep.Gaps)
	}
}

// Pairs assigned to a generator the configuration no longer names are not
// written by another model under that name.
func TestARenamedGeneratorStopsTheScenarios(t *testing.T) {
	dir := t.TempDir()
	r, _, done := simRun(t, dir, 2)
	if _, err := r.Stages(context.Background(), StagePairs); err != nil {
		t.Fatal(err)
	}
	done()
	cfg := DefaultConfig()
	cfg.Out, cfg.Pairs, cfg.Seed = dir, 2, 42
	cfg.Generators = []ModelSpec{{ID: "gemini", Model: "sim:gemini_2_5_pro"}}
	r, err := Open(cfg, llm.ClientFunc(func(context.Context, *llm.Request) (*llm.Response, error) {
		t.Error("a call was made")
		return nil, errors.New("no")
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, err = r.Stages(context.Background(), StageScenarios)
	if err == nil || !strings.Contains(err.Error(), `generator "claude"`) || len(r.Failures()) != 0 {
		t.Errorf("err = %v, failures %v", err, r.Failures())
	}
}
