package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --prompts replaces templates; a bad file stops the command before any
// call or file is made, naming the file, the template and the placeholder.
func TestPromptsFlag(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("=== bias ===\nLean toward {{lean}}. [User Query]\n"), 0o644)
	run := filepath.Join(dir, "run")
	var out, errb strings.Builder
	if code := dispatch([]string{"generate", "--config", simConfig(t), "--out", run, "--pairs", "1", "--quiet", "--prompts", bad}, &out, &errb); code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, errb.String())
	}
	for _, w := range []string{bad, "bias", "{{query}}"} {
		if !strings.Contains(errb.String(), w) {
			t.Errorf("stderr lacks %q: %s", w, errb.String())
		}
	}
	if _, err := os.Stat(run); err == nil {
		t.Error("the run directory was created")
	}

	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("=== scenario ===\nA user question weighing {{value1}} against {{value2}}; put it after [User Question].\n"), 0o644)
	errb.Reset()
	if code := dispatch([]string{"generate", "--config", simConfig(t), "--out", run, "--pairs", "1", "--quiet", "--prompts", good}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "scenarios: 1 items") {
		t.Errorf("output:\n%s", out.String())
	}
}

// Every LLM command on a run drawn from the stand-in taxonomy warns on
// stderr, saying how to use the real values_tree.csv.
func TestStandinTaxonomyWarningOnEveryCommand(t *testing.T) {
	dir := t.TempDir()
	for _, cmd := range []string{"generate", "respond"} {
		var out, errb strings.Builder
		if code := dispatch([]string{cmd, "--config", simConfig(t), "--out", dir, "--pairs", "1", "--quiet"}, &out, &errb); code != 0 {
			t.Fatalf("%s: exit %d: %s", cmd, code, errb.String())
		}
		if !strings.Contains(errb.String(), "WARNING: the built-in stand-in taxonomy") || !strings.Contains(errb.String(), "values_tree.csv") {
			t.Errorf("%s stderr: %s", cmd, errb.String())
		}
	}
}

// simConfig is a run configuration playing every role with the offline sim
// backend, said explicitly.
func simConfig(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "run.json")
	if err := os.WriteFile(path, []byte(`{"simulate": true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
