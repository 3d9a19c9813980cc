package stages

import (
	"context"
	"errors"
	"strconv"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/llm"
)

// ResponseRec is one model's response to one scenario.
type ResponseRec struct {
	Key     pipeline.ScenarioKey `json:"key"`
	Model   pipeline.ModelID     `json:"model"`
	Text    string               `json:"text"`
	Refusal string               `json:"refusal,omitempty"` // a provider-level refusal (no text)
	Stop    string               `json:"stop,omitempty"`
}

func (s ScenarioRec) meta() map[string]string {
	return map[string]string{llm.MetaValue1: s.Value1, llm.MetaValue2: s.Value2,
		llm.MetaCat1: strconv.Itoa(s.Cat1), llm.MetaCat2: strconv.Itoa(s.Cat2),
		llm.MetaNudge: string(s.Key.Nudge), llm.MetaSeed: s.Key.String(), llm.MetaQuery: s.Query}
}

// Responses asks every respondent to answer every scenario, one sample
// each, with no system prompt (the models' default behaviour is what is
// measured).
func (r *Run) Responses(ctx context.Context) (StageResult, error) {
	scs := r.scenarios.All()
	ms := r.Config.Respondents
	n := len(scs) * len(ms)
	return r.each(ctx, StageResponses, n,
		func(i int) string { return itemID(scs[i/len(ms)].Key, ms[i%len(ms)].ID) },
		func(i int) bool { return r.responses.Has(itemID(scs[i/len(ms)].Key, ms[i%len(ms)].ID)) },
		func(ctx context.Context, i int) error {
			s, m := scs[i/len(ms)], ms[i%len(ms)]
			req := m.request(llm.TaskRespond, "", s.Query, s.meta())
			return r.ask(ctx, req, func(resp *llm.Response) error {
				if resp.Text == "" && resp.Refusal == "" {
					return invalid("empty response")
				}
				rec := ResponseRec{Key: s.Key, Model: m.ID, Text: resp.Text, Refusal: resp.Refusal, Stop: resp.Stop}
				return r.responses.Append(itemID(s.Key, m.ID), rec)
			})
		})
}

// scenarioResponses returns, in respondent order, the models that answered
// scenario s and their texts.
func (r *Run) scenarioResponses(s ScenarioRec) ([]pipeline.ModelID, []string) {
	var ids []pipeline.ModelID
	var texts []string
	for _, m := range r.Config.Respondents {
		if rec, ok := r.responses.Get(itemID(s.Key, m.ID)); ok {
			t := rec.Text
			if t == "" {
				t = "[the provider refused to answer]"
			}
			ids = append(ids, m.ID)
			texts = append(texts, t)
		}
	}
	return ids, texts
}

// responders returns, in respondent order, the models with a journaled
// response to scenario s (without reading the texts).
func (r *Run) responders(s ScenarioRec) []pipeline.ModelID {
	var ids []pipeline.ModelID
	for _, m := range r.Config.Respondents {
		if r.responses.Has(itemID(s.Key, m.ID)) {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

var errNoResponses = errors.New("no responses to this scenario")
