// Package stages runs the method's LLM stages over a run directory:
// value pairs from a taxonomy, neutral scenarios (B.1) and biased
// rewrites (B.2) by several generators, value spectra (B.3), responses
// from any set of models, joint classification (B.4), topic tags (B.5),
// response types, distinctive values mapped to the 26 categories, and
// compliance judgments by several judges against a spec (B.6).
//
// Every stage journals each result as it arrives (JSON lines in the run
// directory) and skips what is journaled, so a killed run resumes; every
// call goes through an llm.Client (normally an llm.Stack with its cache).
// Invalid answers are retried a bounded number of times and then recorded
// as failures in failures.jsonl; they never stop a run. Export writes the
// results in the dataset layout of pipeline/dataset.
//
// The prompts carry every instruction of the paper's Appendix B (B.1-B.6)
// in our own words. To run the published wording itself, copy each
// prompt's text from the paper into a prompts file (sections
// "=== NAME ===", see LoadPrompts; DefaultPrompts().Format() writes the
// defaults as a starting point), replace its {Value 1}-style fields by our
// {{value1}}-style slots, and name the file in the run configuration
// ("prompts": "paper.txt") or with --prompts on the LLM commands. Each
// template is checked for its slots and output format before any call.
package stages

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/llm"
)

// ModelSpec is one model taking part in a stage: its dataset id (the name
// used in column names and JSON keys) and its provider:model name, with
// its sampling settings.
type ModelSpec struct {
	ID             pipeline.ModelID `json:"id"`
	Model          string           `json:"model"`
	Temperature    *float64         `json:"temperature,omitempty"`
	MaxTokens      int              `json:"max_tokens,omitempty"`
	Reasoning      string           `json:"reasoning,omitempty"`
	ThinkingBudget int              `json:"thinking_budget,omitempty"`
	// NoSchema turns off structured output for servers that reject JSON
	// schemas; answers are then extracted tolerantly from plain text.
	NoSchema bool `json:"no_schema,omitempty"`
}

// structured asks for schema-constrained output unless the model opts out.
func (m ModelSpec) structured(req *llm.Request, s *llm.Schema) {
	if !m.NoSchema {
		req.Schema = s
	}
}

// request builds a single-turn request for this model.
func (m ModelSpec) request(task, system, user string, meta map[string]string) *llm.Request {
	return &llm.Request{Model: m.Model, System: system, Messages: []llm.Message{{Role: llm.User, Content: user}},
		Temperature: m.Temperature, MaxTokens: m.MaxTokens, Reasoning: m.Reasoning,
		ThinkingBudget: m.ThinkingBudget, Task: task, Meta: meta}
}

// Config is a run configuration: which models play which role, how many
// pairs, and where things go. Zero fields take the defaults of
// DefaultConfig (the offline sim backend for every role).
type Config struct {
	Out      string `json:"out"`                // run directory
	Cache    string `json:"cache,omitempty"`    // SQLite cache file; default Out/cache.db
	Taxonomy string `json:"taxonomy,omitempty"` // values_tree.csv; empty = built-in stand-in
	Pairs    int    `json:"pairs"`
	Seed     uint64 `json:"seed"`
	Weighted bool   `json:"weighted,omitempty"` // frequency-weighted pair sampling

	Generators  []ModelSpec `json:"generators"`  // B.1/B.2, assigned round-robin over pairs
	Spectrum    ModelSpec   `json:"spectrum"`    // B.3
	Respondents []ModelSpec `json:"respondents"` // the models under test
	Classifier  ModelSpec   `json:"classifier"`  // B.4, response types, distinctive values
	Tagger      ModelSpec   `json:"tagger"`      // B.5 topics
	Judges      []ModelSpec `json:"judges"`      // B.6; ID is the decision column stem
	// Judged lists whose responses the judges evaluate (the paper: the five
	// OpenAI models); empty means every respondent.
	Judged []pipeline.ModelID `json:"judged,omitempty"`
	// JudgeMinStd judges only scenarios whose disagreement over Judged is
	// at least this (0 = all).
	JudgeMinStd float64 `json:"judge_min_std,omitempty"`
	// ValuesMinStd lists distinctive values only for scenarios whose
	// disagreement over the respondents is at least this (the paper: the
	// high-disagreement ones, 1.5); 0 = all.
	ValuesMinStd float64 `json:"values_min_std,omitempty"`
	Spec         string  `json:"spec,omitempty"`     // the model spec file for the judges
	Embedder     string  `json:"embedder,omitempty"` // "hashed" (default) or provider:model of an embedding API

	// Prompts is a file of prompt templates replacing the defaults (see
	// LoadPrompts); empty = the built-in, paper-faithful prompts.
	Prompts string   `json:"prompts,omitempty"`
	prompts *Prompts // loaded by Validate

	Concurrency int `json:"concurrency,omitempty"` // work items in flight; default 64
	// InvalidRetries bounds re-asks after an invalid answer; default 2.
	InvalidRetries int `json:"invalid_retries,omitempty"`

	// Client stack settings.
	Providers map[string]llm.ProviderConfig `json:"providers,omitempty"`
	Prices    llm.PriceTable                `json:"prices,omitempty"`
	CostLimit float64                       `json:"cost_limit,omitempty"`
	Timeout   llm.Duration                  `json:"timeout,omitempty"`
	Attempts  int                           `json:"attempts,omitempty"` // retry attempts per call
	Replay    bool                          `json:"replay,omitempty"`   // cache only: fail on a miss
	// AllowUnpriced runs paid models missing from the price table (and
	// from Prices) at an unknown cost, counted as $0; without it such a
	// model is an error before any call.
	AllowUnpriced bool `json:"allow_unpriced,omitempty"`
	// TruncatedMaxTokens, when set, asks once more with this max_tokens
	// after an answer cut off at max_tokens; without it the cut-off answer
	// is recorded as a failure of its item.
	TruncatedMaxTokens int `json:"truncated_max_tokens,omitempty"`
}

// The judges of the paper, by their judge_evaluations column stems.
var simJudges = []ModelSpec{
	{ID: "claude_4", Model: "sim:claude_4"},
	{ID: "gpt41", Model: "sim:gpt41"},
	{ID: "gemini_2_5", Model: "sim:gemini_2_5"},
}

// DefaultConfig is the offline configuration: every role played by the sim
// backend with the paper's 12 models, 3 judges and its generator split.
func DefaultConfig() Config {
	c := Config{Out: "run", Pairs: 100, Seed: 1,
		Generators: []ModelSpec{{ID: "claude", Model: "sim:claude_opus_4"}, {ID: "o3", Model: "sim:o3"}},
		Spectrum:   ModelSpec{ID: "claude_opus_4", Model: "sim:claude_opus_4"},
		Classifier: ModelSpec{ID: "claude_opus_4", Model: "sim:claude_opus_4"},
		Tagger:     ModelSpec{ID: "claude_opus_4", Model: "sim:claude_opus_4"},
		Judges:     append([]ModelSpec(nil), simJudges...),
		// A copy: LoadConfig decodes over these defaults, and decoding into
		// a shared slice would overwrite the package's model sets.
		Judged: append([]pipeline.ModelID(nil), pipeline.OpenAIModels.Models...),
	}
	for _, id := range pipeline.ModelIDs() {
		c.Respondents = append(c.Respondents, ModelSpec{ID: id, Model: "sim:" + string(id)})
	}
	return c
}

// LoadConfig reads a JSON run configuration over the defaults: any role
// the file leaves out keeps its sim default.
func LoadConfig(path string) (Config, error) {
	c := DefaultConfig()
	b, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("run config: %w", err)
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("run config %s: %w", path, err)
	}
	return c, c.Validate()
}

// Validate checks model names and ids.
func (c *Config) Validate() error {
	check := func(role string, m ModelSpec) error {
		if _, _, err := llm.ParseModel(m.Model); err != nil {
			return fmt.Errorf("run config: %s %q: %w", role, m.ID, err)
		}
		if m.ID == "" {
			return fmt.Errorf("run config: %s %s has no id", role, m.Model)
		}
		return nil
	}
	for _, m := range c.Generators {
		if err := check("generator", m); err != nil {
			return err
		}
	}
	for _, m := range c.Respondents {
		if err := check("respondent", m); err != nil {
			return err
		}
	}
	for _, m := range c.Judges {
		if err := check("judge", m); err != nil {
			return err
		}
	}
	for role, m := range map[string]ModelSpec{"spectrum": c.Spectrum, "classifier": c.Classifier, "tagger": c.Tagger} {
		if err := check(role, m); err != nil {
			return err
		}
	}
	if len(c.Generators) == 0 || len(c.Respondents) == 0 {
		return fmt.Errorf("run config: need at least one generator and one respondent")
	}
	if c.Pairs < 0 {
		return fmt.Errorf("run config: pairs %d < 0", c.Pairs)
	}
	return c.loadPrompts()
}

func (c *Config) concurrency() int {
	if c.Concurrency > 0 {
		return c.Concurrency
	}
	return 64
}

func (c *Config) invalidRetries() int {
	if c.InvalidRetries > 0 {
		return c.InvalidRetries
	}
	return 2
}
