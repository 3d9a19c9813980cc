package llm

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestProviderConfigNeverShowsItsKey(t *testing.T) {
	p := ProviderConfig{Kind: KindOpenAI, BaseURL: "http://x/v1", APIKey: "sk-SECRET", MaxConcurrency: 4}
	b, _ := json.Marshal(map[string]ProviderConfig{"mine": p})
	for _, out := range []string{string(b), fmt.Sprint(p), fmt.Sprintf("%v", map[string]ProviderConfig{"mine": p})} {
		if strings.Contains(out, "sk-SECRET") {
			t.Errorf("key shown: %s", out)
		}
	}
	var back ProviderConfig
	if err := json.Unmarshal([]byte(`{"kind":"openai","api_key":"k2"}`), &back); err != nil || back.APIKey != "k2" {
		t.Errorf("reading a key from a config: %+v, %v", back, err)
	}
}

func TestParseModel(t *testing.T) {
	for in, want := range map[string][2]string{"openai:gpt-4.1": {"openai", "gpt-4.1"}, "openrouter:openai/gpt-4o": {"openrouter", "openai/gpt-4o"}, "ollama:llama3.1:8b": {"ollama", "llama3.1:8b"}} {
		p, m, err := ParseModel(in)
		if err != nil || p != want[0] || m != want[1] {
			t.Errorf("ParseModel(%q) = %q %q %v", in, p, m, err)
		}
	}
	if _, _, err := ParseModel("gpt-4.1"); err == nil {
		t.Error("no provider: no error")
	}
}
