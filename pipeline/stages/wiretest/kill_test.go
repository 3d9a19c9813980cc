package wiretest_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/llm/llmtest"
	"github.com/specstress/specstress/pipeline/llm/sqlitecache"
	"github.com/specstress/specstress/pipeline/stages"
)

// killConfig: sim generators, two "OpenAI" respondents served by a local
// server whose URL the parent passes to the child in the environment.
func killConfig(dir string) stages.Config {
	cfg := stages.DefaultConfig()
	cfg.Out, cfg.Pairs, cfg.Seed = dir, 20, 3
	cfg.Respondents = []stages.ModelSpec{{ID: "gpt_4_1", Model: "openai:gpt-4.1"}, {ID: "gpt_4o", Model: "openai:gpt-4o"}}
	cfg.Concurrency = 8
	return cfg
}

// TestHelperKilledRun is the child process of TestKilledRunLosesAndRepeatsNothing.
func TestHelperKilledRun(t *testing.T) {
	dir := os.Getenv("SPECSTRESS_KILL_DIR")
	if dir == "" {
		t.Skip("helper process only")
	}
	cfg := killConfig(dir)
	stack, cache, err := stages.NewStack(cfg, os.Getenv, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cache.Close()
	r, err := stages.Open(cfg, stack)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.Responses(context.Background()) // killed before it ends
	select {}
}

func TestKilledRunLosesAndRepeatsNothing(t *testing.T) {
	srv := llmtest.NewOpenAI("k")
	defer srv.Close()
	// The child's calls past the 50th hang until it is killed, so the kill
	// always lands mid-run however slow the machine is.
	var killed atomic.Bool
	srv.Faults = func(n int64) llmtest.Fault {
		if n > 50 && !killed.Load() {
			return llmtest.Fault{Delay: time.Minute}
		}
		return llmtest.Fault{Delay: time.Millisecond}
	}
	dir := t.TempDir()
	env := map[string]string{"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": srv.URL + "/v1"}
	getenv := func(k string) string { return env[k] }

	// Scenarios first, in-process (sim generators).
	cfg := killConfig(dir)
	stack, cache, err := stages.NewStack(cfg, getenv, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := stages.Open(cfg, stack)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Stages(context.Background(), stages.StagePairs, stages.StageScenarios); err != nil {
		t.Fatal(err)
	}
	r.Close()
	cache.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperKilledRun$")
	cmd.Env = append(os.Environ(), "SPECSTRESS_KILL_DIR="+dir, "OPENAI_API_KEY=k", "OPENAI_BASE_URL="+srv.URL+"/v1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for srv.Count() < 50+int64(cfg.Concurrency) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	cmd.Process.Kill() // SIGKILL: no cleanup, no deferred close
	cmd.Wait()
	killed.Store(true)
	before := srv.Count()
	if before >= 120 {
		t.Fatalf("child finished all %d calls before the kill", before)
	}

	// What the killed run recorded.
	stack, cache, err = stages.NewStack(cfg, getenv, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cache.Close()
	recorded := recordedPrompts(t, filepath.Join(dir, "cache.db"))
	r, err = stages.Open(cfg, stack)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	journaled := len(responses(t, r))
	seenBefore := srv.Prompts()

	if _, err := r.Responses(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(responses(t, r)) != 120 {
		t.Fatalf("%d responses after restart, want 120 (60 scenarios x 2 models)", len(responses(t, r)))
	}
	// Nothing recorded by the killed run is requested again.
	after := srv.Prompts()
	for p := range recorded {
		if after[p] != seenBefore[p] {
			t.Errorf("prompt recorded before the kill was sent again: %.40q", p)
		}
	}
	// Only calls in flight at the kill (at most the concurrency) are repeated.
	extra := srv.Count() - 120
	if extra < 0 || extra > int64(cfg.Concurrency) {
		t.Errorf("%d calls beyond the 120 needed (in flight at the kill: at most %d)", extra, cfg.Concurrency)
	}
	t.Logf("killed after %d calls; %d recorded in the cache, %d journaled; %d calls repeated", before, len(recorded), journaled, extra)
}

// recordedPrompts reads the user prompts (with model) of the cache's calls.
func recordedPrompts(t *testing.T, path string) map[string]bool {
	t.Helper()
	c, err := sqlitecache.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	reqs, err := c.Requests(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, raw := range reqs {
		var q llm.Request
		if err := json.Unmarshal(raw, &q); err != nil {
			t.Fatal(err)
		}
		if q.Task == llm.TaskRespond {
			_, model, _ := llm.ParseModel(q.Model)
			out[model+"|"+q.Messages[0].Content] = true
		}
	}
	return out
}
