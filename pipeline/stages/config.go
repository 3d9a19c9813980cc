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
	"reflect"

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
// pairs, and where things go. A role is a model (or list of models); a
// stage needs its roles set (Check), and nothing fills a missing role
// behind the user's back: the offline sim backend plays a role only when
// it is named ("sim:..." models), as DefaultConfig does, or when Simulate
// is set. Everything a simulated role produces is marked as simulated in
// the exported dataset (dataset.Provenance) and in the run's report.
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
	// Simulate plays every role the configuration leaves out with the
	// offline sim backend (the paper's models as simulated personas). Its
	// outputs are simulated data, marked as such wherever they go.
	Simulate bool `json:"simulate,omitempty"`
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
	Spec         string  `json:"spec,omitempty"` // the model spec file for the judges
	// NoClauseCitations keeps the judge prompt exactly the paper's B.6 when
	// Spec is set. By default a configured spec is also read into clauses
	// (pipeline/spec) and each judge is asked which clause ids its decision
	// rests on and which it finds violated or unclear: an extension, see
	// judge.go; the stand-in spec used without Spec never asks.
	NoClauseCitations bool   `json:"no_clause_citations,omitempty"`
	Embedder          string `json:"embedder,omitempty"` // "hashed" (default) or provider:model of an embedding API

	// Prompts is a file of prompt templates replacing the defaults (see
	// LoadPrompts); empty = the built-in, paper-faithful prompts.
	Prompts string   `json:"prompts,omitempty"`
	prompts *Prompts // loaded by Validate

	Concurrency int `json:"concurrency,omitempty"` // work items in flight; default 64
	// InvalidRetries bounds re-asks after an invalid answer; default 2.
	InvalidRetries int `json:"invalid_retries,omitempty"`
	// AllowPartial makes Execute return a report without an error when
	// items are missing (failed or never answered); by default an
	// incomplete run is an error (*IncompleteError).
	AllowPartial bool `json:"allow_partial,omitempty"`

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

// DefaultConfig is the offline configuration, for demos, notebooks and
// tests: Simulate set and every role played by the sim backend with the
// paper's 12 models, 3 judges and its generator split. Everything it
// produces is simulated and exported as such.
func DefaultConfig() Config {
	c := Config{Out: "run", Pairs: 100, Seed: 1, Simulate: true,
		// A copy: decoding into a shared slice would overwrite the
		// package's model sets.
		Judged: append([]pipeline.ModelID(nil), pipeline.OpenAIModels.Models...),
	}
	c.FillSimulated()
	return c
}

// FillSimulated sets Simulate and gives every role left out its sim
// default (what "simulate": true in a configuration file and the CLI's
// --offline do).
func (c *Config) FillSimulated() {
	c.Simulate = true
	sim := ModelSpec{ID: "claude_opus_4", Model: "sim:claude_opus_4"}
	if len(c.Generators) == 0 {
		c.Generators = []ModelSpec{{ID: "claude", Model: "sim:claude_opus_4"}, {ID: "o3", Model: "sim:o3"}}
	}
	for _, m := range []*ModelSpec{&c.Spectrum, &c.Classifier, &c.Tagger} {
		if m.Model == "" && m.ID == "" {
			*m = sim
		}
	}
	if len(c.Judges) == 0 {
		c.Judges = append([]ModelSpec(nil), simJudges...)
	}
	if len(c.Respondents) == 0 {
		for _, id := range pipeline.ModelIDs() {
			c.Respondents = append(c.Respondents, ModelSpec{ID: id, Model: "sim:" + string(id)})
		}
		// The paper's twelve respondents: judge the five OpenAI models, as
		// DefaultConfig does, unless the file names the judged models.
		if len(c.Judged) == 0 {
			c.Judged = append([]pipeline.ModelID(nil), pipeline.OpenAIModels.Models...)
		}
	}
}

// LoadConfig reads a JSON run configuration. Unknown keys, at any depth,
// are errors naming the key and the nearest valid one. Roles the file
// leaves out stay empty (a stage that needs one refuses to run, see
// Check) unless the file sets "simulate": true, which plays them with the
// offline sim backend. Other settings left out take DefaultConfig's
// values (out "run", 100 pairs, seed 1), except "judged", which defaults
// to every respondent.
func LoadConfig(path string) (Config, error) {
	c := Config{Out: "run", Pairs: 100, Seed: 1}
	b, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("run config: %w", err)
	}
	if err := checkKeys(b, reflect.TypeFor[Config]()); err != nil {
		return c, fmt.Errorf("run config %s: %w", path, err)
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("run config %s: %w", path, err)
	}
	if c.Simulate {
		c.FillSimulated()
	}
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("%w (in %s)", err, path)
	}
	return c, nil
}

// Validate checks the model names and ids of the roles that are set.
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
	for _, role := range c.roles() {
		for _, m := range role.models {
			if err := check(role.name, m); err != nil {
				return err
			}
		}
	}
	if c.Pairs < 0 {
		return fmt.Errorf("run config: pairs %d < 0", c.Pairs)
	}
	seen := map[pipeline.ModelID]bool{}
	for _, m := range c.Respondents {
		if seen[m.ID] {
			return fmt.Errorf("run config: respondent id %q appears twice", m.ID)
		}
		seen[m.ID] = true
	}
	return c.loadPrompts()
}

type role struct {
	name   string // the configuration key
	models []ModelSpec
}

// roles lists the roles that are set, in configuration order.
func (c *Config) roles() []role {
	var out []role
	add := func(name string, ms ...ModelSpec) {
		var set []ModelSpec
		for _, m := range ms {
			if m.Model != "" || m.ID != "" {
				set = append(set, m)
			}
		}
		if len(set) > 0 {
			out = append(out, role{name, set})
		}
	}
	add("generators", c.Generators...)
	add("spectrum", c.Spectrum)
	add("respondents", c.Respondents...)
	add("classifier", c.Classifier)
	add("tagger", c.Tagger)
	add("judges", c.Judges...)
	return out
}

// stageRoles are the roles each stage calls (or, for respondents, whose
// ids it lays out).
var stageRoles = map[string][]string{
	StagePairs:         {"generators"},
	StageScenarios:     {"generators"},
	StageSpectra:       {"spectrum"},
	StageResponses:     {"respondents"},
	StageClassify:      {"classifier", "respondents"},
	StageTopics:        {"tagger"},
	StageResponseTypes: {"classifier", "respondents"},
	StageValues:        {"classifier", "respondents"},
	StageJudge:         {"judges", "respondents"},
	StageTable2:        {"judges", "respondents"},
}

// Check reports the first role that a named stage needs and the
// configuration leaves out, naming the role and the stage.
func (c *Config) Check(stages ...string) error {
	set := map[string]bool{}
	for _, r := range c.roles() {
		set[r.name] = true
	}
	for _, st := range stages {
		need, ok := stageRoles[st]
		if !ok {
			return fmt.Errorf("unknown stage %q (stages: %v)", st, AllStages())
		}
		for _, r := range need {
			if !set[r] {
				return fmt.Errorf("run config: the %s stage needs %q, which the configuration leaves out: name the model(s), "+
					"or set \"simulate\": true (--offline) to play missing roles with the offline sim backend (simulated data)", st, r)
			}
		}
		if st == StageJudge || st == StageTable2 {
			if c.Spec == "" {
				for _, j := range c.Judges {
					if p, _, _ := llm.ParseModel(j.Model); p != "sim" {
						return fmt.Errorf("run config: judge %q is a real model and \"spec\" names no model spec file: "+
							"judging against the built-in placeholder spec would measure nothing", j.ID)
					}
				}
			}
			resp := map[pipeline.ModelID]bool{}
			for _, m := range c.Respondents {
				resp[m.ID] = true
			}
			for _, id := range c.Judged {
				if !resp[id] {
					return fmt.Errorf("run config: judged model %q is not a respondent (respondents: %v)", id, respondentIDs(c))
				}
			}
		}
	}
	return nil
}

func respondentIDs(c *Config) []pipeline.ModelID {
	var ids []pipeline.ModelID
	for _, m := range c.Respondents {
		ids = append(ids, m.ID)
	}
	return ids
}

// SimulatedRole is a role (or one model of a list role) played by the
// offline sim backend.
type SimulatedRole struct {
	Role  string // configuration key: generators, spectrum, respondents, ...
	ID    string // the model's id (column stem)
	Model string // the sim:... model name
}

// Simulated lists the roles played by the offline sim backend: their
// outputs are simulated data, not any real model's.
func (c *Config) Simulated() []SimulatedRole {
	var out []SimulatedRole
	for _, r := range c.roles() {
		for _, m := range r.models {
			if p, _, err := llm.ParseModel(m.Model); err == nil && p == "sim" {
				out = append(out, SimulatedRole{Role: r.name, ID: string(m.ID), Model: m.Model})
			}
		}
	}
	return out
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
