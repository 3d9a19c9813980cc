package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline/llm/llmtest"
)

// Scripts and notebooks reach the real backends by name: the interpreter's
// tables hold only pipeline/llm and pipeline/embed, whose registries this
// binary's imports fill. The calls go through the SDKs to local servers
// that speak the providers' protocols.
func TestScriptsReachRealProvidersThroughTheRegistry(t *testing.T) {
	oai, ant := llmtest.NewOpenAI("k-oai"), llmtest.NewAnthropic("k-ant")
	defer oai.Close()
	defer ant.Close()
	script := fmt.Sprintf(`import "context"

cfg := stages.DefaultConfig()
cfg.Out = %q
cfg.AllowUnpriced = true
cfg.Providers = map[string]llm.ProviderConfig{
	"local":  {Kind: llm.KindOpenAI, BaseURL: %q, APIKey: "k-oai"},
	"claude": {Kind: llm.KindAnthropic, BaseURL: %q, APIKey: "k-ant"},
}
cfg.Embedder = "local:text-embedding-3-small"
stack, cache, err := stages.NewStack(cfg, os.Getenv, nil)
if err != nil {
	panic(err)
}
defer cache.Close()
for _, m := range []string{"local:gpt-4.1", "claude:claude-sonnet-4"} {
	resp, err := stack.Complete(context.Background(), llm.Text(m, "", "hello"))
	if err != nil {
		panic(err)
	}
	fmt.Println(m, resp.Usage.Output > 0)
}
e, err := stages.NewEmbedder(cfg, os.Getenv)
if err != nil {
	panic(err)
}
vs, err := e.Embed(context.Background(), []string{"abc"})
if err != nil {
	panic(err)
}
fmt.Println("vectors", len(vs))
`, filepath.Join(t.TempDir(), "run"), oai.URL+"/v1", ant.URL)
	code, out, errs := runFile(t, script)
	if code != 0 {
		t.Fatalf("code %d\nstdout %s\nstderr %s", code, out, errs)
	}
	want := "local:gpt-4.1 true\nclaude:claude-sonnet-4 true\nvectors 1\n"
	if out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	// What the servers billed: one chat call and one embedding request
	// on the OpenAI side, one message on the Anthropic side.
	if oai.Count() != 2 || ant.Count() != 1 {
		t.Errorf("requests: OpenAI server %d, Anthropic server %d; want 2 and 1", oai.Count(), ant.Count())
	}
	if b := ant.Billed(); b.Requests != 1 || b.Output == 0 {
		t.Errorf("Anthropic server billed %+v", b)
	}
	if strings.Contains(errs, "no backend") {
		t.Errorf("stderr: %s", errs)
	}
}
