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

	"github.com/specstress/specstress/pipeline/dataset"
	"github.com/specstress/specstress/pipeline/llm"
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

// Pairs assigned to a generator the configuration no longer names are not
// written by another model under that name.
func TestARenamedGeneratorStopsTheScenarios(t *testing.T) {
	dir := t.TempDir()
	r, _, done := simRun(t, dir, 2)
	if _, err := r.Stages(context.Background(), StagePairs); err != nil {
		t.Fatal(err)
	}
	// The pairs go to the default generators in turn; the stage works on
	// pairs concurrently, so whichever it reaches first names its own.
	var gone []string
	for _, p := range r.PairList() {
		if p.Generator != "gemini" {
			gone = append(gone, fmt.Sprintf("generator %q", p.Generator))
		}
	}
	if len(gone) == 0 {
		t.Fatal("no pair went to a generator other than gemini")
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
	if err == nil || !slices.ContainsFunc(gone, func(g string) bool { return strings.Contains(err.Error(), g) }) || len(r.Failures()) != 0 {
		t.Errorf("err = %v (want one naming %s), failures %v", err, strings.Join(gone, " or "), r.Failures())
	}
}
