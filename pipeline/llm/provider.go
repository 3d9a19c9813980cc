package llm

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Backend kinds: which wire protocol a provider speaks.
const (
	KindOpenAI    = "openai"    // OpenAI chat completions (and every compatible server)
	KindAnthropic = "anthropic" // Anthropic messages
	KindSim       = "sim"       // the offline deterministic backend
)

// ProviderConfig describes how to reach one provider. Keys come from the
// environment variable APIKeyEnv unless APIKey is set (a run configuration
// may set either; API keys are never written anywhere by this package).
type ProviderConfig struct {
	Kind       string `json:"kind"`
	BaseURL    string `json:"base_url,omitempty"`
	BaseURLEnv string `json:"base_url_env,omitempty"`
	APIKey     string `json:"api_key,omitempty"`
	APIKeyEnv  string `json:"api_key_env,omitempty"`
	// NoKey marks local servers (Ollama, vLLM) that accept any key.
	NoKey bool `json:"no_key,omitempty"`
	// MaxConcurrency caps concurrent calls; the adaptive limit moves
	// between 1 and this value. 0 means the default of 16.
	MaxConcurrency int `json:"max_concurrency,omitempty"`
	// Timeout bounds one attempt; 0 means the stack's default.
	Timeout Duration `json:"timeout,omitempty"`
	// Batch says the server has the provider's batch API (OpenAI Batch or
	// Anthropic Message Batches); compatible servers mostly do not.
	Batch bool `json:"batch,omitempty"`
}

// String describes the provider with its key redacted, so printing a run
// configuration (in a log or a notebook cell) never shows a key.
func (p ProviderConfig) String() string {
	key := "none"
	switch {
	case p.APIKey != "":
		key = "set in the configuration (redacted)"
	case p.APIKeyEnv != "":
		key = "$" + p.APIKeyEnv
	}
	base := p.BaseURL
	if p.BaseURLEnv != "" {
		base += " ($" + p.BaseURLEnv + ")"
	}
	return fmt.Sprintf("%s provider at %s, key %s, max %d concurrent", p.Kind, strings.TrimSpace(base), key, p.MaxConcurrency)
}

// MarshalJSON writes the provider without its API key: a saved or
// displayed configuration must not carry credentials.
func (p ProviderConfig) MarshalJSON() ([]byte, error) {
	type plain ProviderConfig
	q := plain(p)
	q.APIKey = ""
	return json.Marshal(q)
}

// Duration is a time.Duration that reads "30s" or a number of seconds from JSON.
type Duration time.Duration

// UnmarshalJSON accepts "1m30s" or a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if v, err := time.ParseDuration(s); err == nil {
		*d = Duration(v)
		return nil
	}
	var secs float64
	if _, err := fmt.Sscan(s, &secs); err != nil {
		return fmt.Errorf("duration %s: want \"30s\" or seconds", b)
	}
	*d = Duration(secs * float64(time.Second))
	return nil
}

// MarshalJSON writes the duration as a string such as "30s".
func (d Duration) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Duration(d).String() + `"`), nil
}

// DefaultProviders returns the built-in provider table: the name before the
// colon of a model name selects an entry. A run configuration may override
// entries or add new names (e.g. "myvllm" with its own base URL).
func DefaultProviders() map[string]ProviderConfig {
	return map[string]ProviderConfig{
		"openai":            {Kind: KindOpenAI, BaseURLEnv: "OPENAI_BASE_URL", APIKeyEnv: "OPENAI_API_KEY", MaxConcurrency: 32, Batch: true},
		"anthropic":         {Kind: KindAnthropic, BaseURLEnv: "ANTHROPIC_BASE_URL", APIKeyEnv: "ANTHROPIC_API_KEY", MaxConcurrency: 32, Batch: true},
		"xai":               {Kind: KindOpenAI, BaseURL: "https://api.x.ai/v1", BaseURLEnv: "XAI_BASE_URL", APIKeyEnv: "XAI_API_KEY", MaxConcurrency: 16},
		"gemini-compatible": {Kind: KindOpenAI, BaseURL: "https://generativelanguage.googleapis.com/v1beta/openai/", BaseURLEnv: "GEMINI_BASE_URL", APIKeyEnv: "GEMINI_API_KEY", MaxConcurrency: 16},
		"openrouter":        {Kind: KindOpenAI, BaseURL: "https://openrouter.ai/api/v1", BaseURLEnv: "OPENROUTER_BASE_URL", APIKeyEnv: "OPENROUTER_API_KEY", MaxConcurrency: 16},
		"ollama":            {Kind: KindOpenAI, BaseURL: "http://localhost:11434/v1", BaseURLEnv: "OLLAMA_BASE_URL", NoKey: true, MaxConcurrency: 4},
		"vllm":              {Kind: KindOpenAI, BaseURL: "http://localhost:8000/v1", BaseURLEnv: "VLLM_BASE_URL", APIKeyEnv: "VLLM_API_KEY", NoKey: true, MaxConcurrency: 64},
		"openai-compatible": {Kind: KindOpenAI, BaseURLEnv: "OPENAI_COMPATIBLE_BASE_URL", APIKeyEnv: "OPENAI_COMPATIBLE_API_KEY", NoKey: true, MaxConcurrency: 16},
		"sim":               {Kind: KindSim, NoKey: true, MaxConcurrency: 256},
	}
}

// ParseModel splits "provider:model". A name without a colon is an error
// that says what is expected.
func ParseModel(name string) (provider, model string, err error) {
	p, m, ok := strings.Cut(name, ":")
	if !ok || p == "" || m == "" {
		return "", "", fmt.Errorf("model %q: want provider:model, e.g. openai:gpt-4.1 or sim:o3", name)
	}
	return p, m, nil
}

// resolveProvider looks up a provider's key and base URL.
func resolveProvider(name string, cfg ProviderConfig, getenv func(string) string) (Endpoint, error) {
	r := Endpoint{Name: name, Config: cfg, BaseURL: cfg.BaseURL, APIKey: cfg.APIKey}
	if cfg.BaseURLEnv != "" {
		if v := getenv(cfg.BaseURLEnv); v != "" {
			r.BaseURL = v
		}
	}
	if r.APIKey == "" && cfg.APIKeyEnv != "" {
		r.APIKey = getenv(cfg.APIKeyEnv)
	}
	if cfg.Kind != KindSim {
		if _, err := driverFor(name, cfg.Kind); err != nil {
			return r, err
		}
	}
	if r.APIKey == "" && !cfg.NoKey {
		env := cfg.APIKeyEnv
		if env == "" {
			env = "api_key_env in the run configuration"
		}
		return r, fmt.Errorf("%w: provider %s: no API key (set %s) and the cache has no answer", ErrSetup, name, env)
	}
	if r.APIKey == "" {
		r.APIKey = "none" // local servers ignore it, the SDKs insist on one
	}
	if cfg.Kind == KindOpenAI && r.BaseURL == "" && name != "openai" {
		return r, fmt.Errorf("%w: provider %s: no base URL (set %s or base_url)", ErrSetup, name, cfg.BaseURLEnv)
	}
	if r.BaseURL != "" {
		if err := checkBaseURL(r.BaseURL); err != nil {
			src := "base_url"
			if cfg.BaseURLEnv != "" && getenv(cfg.BaseURLEnv) != "" {
				src = "$" + cfg.BaseURLEnv
			}
			return r, fmt.Errorf("%w: provider %s: %s %q: %v", ErrSetup, name, src, r.BaseURL, err)
		}
	}
	return r, nil
}

// checkBaseURL accepts absolute http(s) URLs with a host. Anything else
// would fail every request the same way; retrying it as a transient
// network error would only hide the typo.
func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("not a URL: %v", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("want http:// or https:// followed by a host, e.g. https://api.example.com/v1")
	}
	if u.Host == "" {
		return fmt.Errorf("no host")
	}
	if u.Port() != "" {
		if p, err := strconv.Atoi(u.Port()); err != nil || p < 1 || p > 65535 {
			return fmt.Errorf("port %q out of range", u.Port())
		}
	}
	return nil
}
