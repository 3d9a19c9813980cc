package wiretest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/specstress/specstress/pipeline/llm/llmtest"
	"github.com/specstress/specstress/pipeline/stages"
)

// TestHelperRespond is a child process of TestTwoProcessesOnOneRun: it
// runs the responses stage of the kill test's run directory.
func TestHelperRespond(t *testing.T) {
	dir := os.Getenv("SPECSTRESS_RESPOND_DIR")
	if dir == "" {
		t.Skip("helper process only")
	}
	cfg := killConfig(dir)
	stack, cache, err := stages.NewStack(cfg, os.Getenv, nil)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	defer cache.Close()
	r, err := stages.Open(cfg, stack)
	var locked *stages.LockedError
	if errors.As(err, &locked) {
		fmt.Println("locked by", locked.PID)
		return
	}
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	defer r.Close()
	if _, err := r.Responses(context.Background()); err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("done")
}

// Two processes started on one run directory: one does the work, the
// other is refused (or, if it comes after, finds everything done). The
// provider bills each response once and the journal holds each once.
func TestTwoProcessesOnOneRun(t *testing.T) {
	srv := llmtest.NewOpenAI("k")
	defer srv.Close()
	srv.Faults = func(int64) llmtest.Fault { return llmtest.Fault{Delay: 2 * time.Millisecond} }
	dir := t.TempDir()
	cfg := killConfig(dir)
	env := map[string]string{"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": srv.URL + "/v1"}
	stack, cache, err := stages.NewStack(cfg, func(k string) string { return env[k] }, nil)
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

	var cmds [2]*exec.Cmd
	var outs [2]strings.Builder
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run=^TestHelperRespond$")
		cmds[i].Env = append(os.Environ(), "SPECSTRESS_RESPOND_DIR="+dir, "OPENAI_API_KEY=k", "OPENAI_BASE_URL="+srv.URL+"/v1")
		cmds[i].Stdout = &outs[i]
	}
	for _, c := range cmds {
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("child %d: %v\n%s", i, err, outs[i].String())
		}
	}
	done, locked := 0, 0
	for _, o := range outs {
		done += strings.Count(o.String(), "done\n")
		locked += strings.Count(o.String(), "locked by ")
	}
	if done < 1 || done+locked != 2 {
		t.Fatalf("children said %q and %q", outs[0].String(), outs[1].String())
	}
	if srv.Count() != 120 {
		t.Errorf("the provider billed %d calls for 120 responses", srv.Count())
	}
	b, err := os.ReadFile(filepath.Join(dir, "responses.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), "\n"); n != 120 {
		t.Errorf("responses.jsonl has %d lines for 120 responses", n)
	}
	j, err := stages.OpenJournal(filepath.Join(dir, "responses.jsonl"), func(x stages.ResponseRec) string { return x.Key.String() + "|" + string(x.Model) })
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if j.Len() != 120 || j.Recovered() != "" {
		t.Errorf("%d responses journaled (recovered %q)", j.Len(), j.Recovered())
	}
	t.Logf("children: %q, %q", strings.TrimSpace(outs[0].String()), strings.TrimSpace(outs[1].String()))
}
