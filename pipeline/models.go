// Package pipeline holds the domain types of the spec stress-testing method:
// model ids and the 12-model registry, the paper's model subsets, scenario
// keys, nudge directions, judge decisions, response types, topic tags and
// the 26 value categories. Sub-packages implement the stages and analyses.
package pipeline

import "strings"

// ModelID is the dataset's identifier of a model, as it appears in column
// names (response_<id>, <id>_value1_position), e.g. "claude_opus_4".
type ModelID string

// Provider is the company behind a model.
type Provider string

// The providers of the paper's 12 models; Other covers ids the registry does
// not know (they still load, analyse and plot).
const (
	Anthropic Provider = "Anthropic"
	OpenAI    Provider = "OpenAI"
	Google    Provider = "Google"
	XAI       Provider = "xAI"
	Other     Provider = "other"
)

// Providers lists the known providers in the order figures group them.
func Providers() []Provider { return []Provider{Anthropic, OpenAI, Google, XAI} }

// Model describes one model of the registry.
type Model struct {
	ID       ModelID
	Display  string // full name for tables, e.g. "Claude 4 Opus"
	Short    string // axis label, at most 12 characters, e.g. "Opus 4"
	Provider Provider
}

// The ids of the 12 models of the paper.
const (
	Claude35Sonnet ModelID = "claude_3_5_sonnet"
	Claude37Sonnet ModelID = "claude_3_7_sonnet"
	ClaudeOpus3    ModelID = "claude_opus_3"
	ClaudeOpus4    ModelID = "claude_opus_4"
	ClaudeSonnet4  ModelID = "claude_sonnet_4"
	GPT41          ModelID = "gpt_4_1"
	GPT41Mini      ModelID = "gpt_4_1_mini"
	GPT4o          ModelID = "gpt_4o"
	O3             ModelID = "o3"
	O4Mini         ModelID = "o4_mini"
	Gemini25Pro    ModelID = "gemini_2_5_pro"
	Grok4          ModelID = "grok_4"
)

// registry is read-only after package initialisation.
var registry = []Model{
	{Claude35Sonnet, "Claude 3.5 Sonnet", "Sonnet 3.5", Anthropic},
	{Claude37Sonnet, "Claude 3.7 Sonnet", "Sonnet 3.7", Anthropic},
	{ClaudeOpus3, "Claude 3 Opus", "Opus 3", Anthropic},
	{ClaudeOpus4, "Claude 4 Opus", "Opus 4", Anthropic},
	{ClaudeSonnet4, "Claude 4 Sonnet", "Sonnet 4", Anthropic},
	{GPT41, "GPT-4.1", "GPT-4.1", OpenAI},
	{GPT41Mini, "GPT-4.1 mini", "4.1 mini", OpenAI},
	{GPT4o, "GPT-4o", "GPT-4o", OpenAI},
	{O3, "o3", "o3", OpenAI},
	{O4Mini, "o4-mini", "o4-mini", OpenAI},
	{Gemini25Pro, "Gemini 2.5 Pro", "Gemini 2.5", Google},
	{Grok4, "Grok 4", "Grok 4", XAI},
}

// Models returns the 12 models of the paper in canonical order (grouped by
// provider). The slice is a copy.
func Models() []Model { return append([]Model(nil), registry...) }

// ModelIDs returns the ids of the 12 models in canonical order.
func ModelIDs() []ModelID {
	ids := make([]ModelID, len(registry))
	for i, m := range registry {
		ids[i] = m.ID
	}
	return ids
}

// LookupModel returns the registry entry of id. An unknown id gets provider
// Other and its id as display and short name, so new models work everywhere.
func LookupModel(id ModelID) Model {
	for _, m := range registry {
		if m.ID == id {
			return m
		}
	}
	return Model{ID: id, Display: string(id), Short: shorten(string(id), 12), Provider: Other}
}

// Known reports whether id is one of the 12 registry models.
func Known(id ModelID) bool { return LookupModel(id).Provider != Other }

// Provider returns the provider of the model.
func (id ModelID) Provider() Provider { return LookupModel(id).Provider }

// Display returns the model's full display name.
func (id ModelID) Display() string { return LookupModel(id).Display }

// Short returns the model's axis label.
func (id ModelID) Short() string { return LookupModel(id).Short }

// ModelSet is a named set of models over which disagreement is measured.
type ModelSet struct {
	Name   string
	Models []ModelID
}

// Contains reports whether id is in the set.
func (s ModelSet) Contains(id ModelID) bool {
	for _, m := range s.Models {
		if m == id {
			return true
		}
	}
	return false
}

// The six model subsets of the paper; each is also the name of a split of
// the dataset's default config.
var (
	AllModels      = ModelSet{"all_models", ModelIDs()}
	ClaudeModels   = ModelSet{"claude_models", []ModelID{Claude35Sonnet, Claude37Sonnet, ClaudeOpus3, ClaudeOpus4, ClaudeSonnet4}}
	OpenAIModels   = ModelSet{"openai_models", []ModelID{GPT41, GPT41Mini, GPT4o, O3, O4Mini}}
	GPT41VsMini    = ModelSet{"gpt41_vs_mini", []ModelID{GPT41, GPT41Mini}}
	O3VsO4Mini     = ModelSet{"o3_vs_o4mini", []ModelID{O3, O4Mini}}
	Opus4VsSonnet4 = ModelSet{"opus4_vs_sonnet4", []ModelID{ClaudeOpus4, ClaudeSonnet4}}
)

// Subsets returns the six paper subsets in the paper's order.
func Subsets() []ModelSet {
	return []ModelSet{AllModels, ClaudeModels, OpenAIModels, GPT41VsMini, O3VsO4Mini, Opus4VsSonnet4}
}

// SubsetByName returns the paper subset with the given split name.
func SubsetByName(name string) (ModelSet, bool) {
	for _, s := range Subsets() {
		if s.Name == name {
			return s, true
		}
	}
	return ModelSet{}, false
}

// ParseModelSet accepts a subset name ("openai_models") or a comma-separated
// list of model ids ("o3,o4_mini"), as the CLI's --models flag does.
func ParseModelSet(s string) ModelSet {
	if set, ok := SubsetByName(s); ok {
		return set
	}
	var ids []ModelID
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			ids = append(ids, ModelID(f))
		}
	}
	return ModelSet{Name: s, Models: ids}
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
