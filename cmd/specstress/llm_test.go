package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	for _, p := range []string{"dataset/data/all_models-00000-of-00001.parquet", "dataset/complete/train-00000-of-00001.parquet", "responses.jsonl"} {
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
