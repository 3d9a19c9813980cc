package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline/llm/llmtest"
)

func TestGenerateDryRunCountsCalls(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "run.json")
	os.WriteFile(cfg, []byte(`{"out": "`+dir+`", "pairs": 10,
	  "generators": [{"id": "claude", "model": "anthropic:claude-opus-4-1", "thinking_budget": 2000}, {"id": "o3", "model": "openai:o3"}],
	  "spectrum": {"id": "claude_opus_4", "model": "anthropic:claude-opus-4-1"},
	  "respondents": [{"id": "gpt_4_1", "model": "openai:gpt-4.1"}]}`), 0o644)
	var out, errb strings.Builder
	if code := dispatch([]string{"generate", "--config", cfg, "--dry-run"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"anthropic:claude-opus-4-1", "openai:o3", "total", " 40 "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "cache.db")); err == nil {
		t.Error("dry run created the cache")
	}
}

func TestLLMCommandsRunOfflineAndResume(t *testing.T) {
	dir := t.TempDir()
	var out, errb strings.Builder
	for _, cmd := range []string{"generate", "respond", "classify", "judge"} {
		if code := dispatch([]string{cmd, "--offline", "--out", dir, "--pairs", "3", "--quiet"}, &out, &errb); code != 0 {
			t.Fatalf("%s: exit %d: %s", cmd, code, errb.String())
		}
	}
	if !strings.Contains(out.String(), "judge: 135 items") {
		t.Errorf("output:\n%s", out.String())
	}
	for _, p := range []string{"dataset/provenance.json", "dataset/complete/train-00000-of-00001.parquet", "responses.jsonl"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Error(err)
		}
	}
	out.Reset()
	if code := dispatch([]string{"respond", "--offline", "--out", dir, "--pairs", "3", "--quiet"}, &out, &errb); code != 0 {
		t.Fatal(errb.String())
	}
	if !strings.Contains(out.String(), "108 already done, 0 done now") || !strings.Contains(out.String(), "calls 0") {
		t.Errorf("re-run repeated work:\n%s", out.String())
	}
}

func writeRunConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "run.json")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// When every call fails, the command says what is missing and exits
// non-zero; --allow-partial is the way to accept it.
func TestLLMCommandExitsNonZeroWhenCallsFail(t *testing.T) {
	refused := httptest.NewServer(http.NotFoundHandler())
	refusedURL := refused.URL
	refused.Close() // nothing listens here any more: connection refused
	throttled := llmtest.NewOpenAI("k")
	defer throttled.Close()
	throttled.Faults = func(int64) llmtest.Fault { return llmtest.Fault{Status: 429} }
	for name, base := range map[string]string{"connection refused": refusedURL + "/v1", "all 429": throttled.URL + "/v1"} {
		t.Run(name, func(t *testing.T) {
			t.Setenv("OPENAI_API_KEY", "k")
			t.Setenv("OPENAI_BASE_URL", base)
			dir := t.TempDir()
			cfg := writeRunConfig(t, `{"out": "`+dir+`", "pairs": 3, "simulate": true, "attempts": 1,
			  "respondents": [{"id": "gpt_4_1", "model": "openai:gpt-4.1"}]}`)
			var out, errb strings.Builder
			code := dispatch([]string{"respond", "--config", cfg, "--stages", "pairs,scenarios,responses", "--quiet"}, &out, &errb)
			if code != exitIncomplete || !strings.Contains(errb.String(), "responses gpt_4_1: 9 of 9 missing (9 failed; most often: ") {
				t.Fatalf("exit %d, stderr:\n%s", code, errb.String())
			}
			errb.Reset()
			code = dispatch([]string{"respond", "--config", cfg, "--quiet", "--allow-partial"}, &out, &errb)
			if code != 0 || !strings.Contains(errb.String(), "9 of 9 missing") {
				t.Errorf("--allow-partial: exit %d, stderr:\n%s", code, errb.String())
			}
		})
	}
}

func TestLLMCommandRefusesAMisspeltOrMissingRole(t *testing.T) {
	srv := llmtest.NewOpenAI("k")
	defer srv.Close()
	t.Setenv("OPENAI_API_KEY", "k")
	t.Setenv("OPENAI_BASE_URL", srv.URL+"/v1")
	dir := t.TempDir()
	for body, want := range map[string]string{
		`{"out": "` + dir + `", "respondents": [{"id": "gpt_4_1", "model": "openai:gpt-4.1"}], "spec": "s.md",
		  "judegs": [{"id": "gpt41", "model": "openai:o3"}]}`: `unknown key "judegs" (did you mean "judges"?)`,
		`{"out": "` + dir + `", "respondents": [{"id": "gpt_4_1", "model": "openai:gpt-4.1"}]}`: `the judge stage needs "judges"`,
	} {
		var out, errb strings.Builder
		code := dispatch([]string{"judge", "--config", writeRunConfig(t, body), "--quiet"}, &out, &errb)
		if code != 1 || !strings.Contains(errb.String(), want) {
			t.Errorf("exit %d, stderr %q; want 1 and %q", code, errb.String(), want)
		}
	}
	if srv.Count() != 0 {
		t.Errorf("%d calls reached the provider", srv.Count())
	}
	var out, errb strings.Builder
	if code := dispatch([]string{"judge", "--out", dir}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "--offline") {
		t.Errorf("no config, no --offline: exit %d, %q", code, errb.String())
	}
}
