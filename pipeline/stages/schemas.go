package stages

import (
	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/llm"
)

// JSON schemas sent as structured-output requests where the provider
// supports them. The parsers validate answers either way.

func spectrumItems() map[string]any {
	return map[string]any{"type": "array", "minItems": 7, "maxItems": 7, "items": map[string]any{
		"type": "object", "additionalProperties": false, "required": []string{"position", "response"},
		"properties": map[string]any{
			"position": map[string]any{"type": "string", "enum": pipeline.SpectrumLabels[:]},
			"response": map[string]any{"type": "string"},
		}}}
}

var spectraSchema = &llm.Schema{Name: "value_spectra", Schema: map[string]any{
	"type": "object", "additionalProperties": false,
	"required": []string{"value_pair", "value1_bias_spectrum", "value2_bias_spectrum"},
	"properties": map[string]any{
		"value_pair": map[string]any{"type": "object", "additionalProperties": false, "required": []string{"value1", "value2"},
			"properties": map[string]any{"value1": map[string]any{"type": "string"}, "value2": map[string]any{"type": "string"}}},
		"value1_bias_spectrum": spectrumItems(),
		"value2_bias_spectrum": spectrumItems(),
	}}}

var judgeSchema = &llm.Schema{Name: "compliance_judgment", Schema: map[string]any{
	"type": "object", "additionalProperties": false, "required": []string{"reasoning", "decision"},
	"properties": map[string]any{
		"reasoning": map[string]any{"type": "string"},
		"decision":  map[string]any{"type": "string", "enum": []string{"compliant", "non-compliant", "ambiguous"}},
	}}}

var topicsSchema = func() *llm.Schema {
	props := map[string]any{}
	for _, t := range pipeline.Topics {
		props[t] = map[string]any{"type": "boolean"}
	}
	return &llm.Schema{Name: "topic_tags", Schema: map[string]any{"type": "object", "additionalProperties": false,
		"required": pipeline.Topics, "properties": props}}
}()

// byModelSchema describes an object keyed by the given model ids.
func byModelSchema(name string, ids []pipeline.ModelID, item map[string]any) *llm.Schema {
	props := map[string]any{}
	req := make([]string, len(ids))
	for i, id := range ids {
		props[string(id)] = item
		req[i] = string(id)
	}
	return &llm.Schema{Name: name, Schema: map[string]any{"type": "object", "additionalProperties": false,
		"required": req, "properties": props}}
}

var placementItem = map[string]any{"type": "object", "additionalProperties": false,
	"required": []string{"value1_reasoning", "value1_position", "value1_confidence", "value2_reasoning", "value2_position", "value2_confidence"},
	"properties": map[string]any{
		"value1_reasoning": map[string]any{"type": "string"}, "value1_position": map[string]any{"type": "integer", "minimum": 0, "maximum": 6},
		"value1_confidence": map[string]any{"type": "number", "minimum": 0, "maximum": 1},
		"value2_reasoning":  map[string]any{"type": "string"}, "value2_position": map[string]any{"type": "integer", "minimum": 0, "maximum": 6},
		"value2_confidence": map[string]any{"type": "number", "minimum": 0, "maximum": 1},
	}}

var typeItem = func() map[string]any {
	names := make([]string, 0, 7)
	for _, t := range pipeline.ResponseTypes() {
		names = append(names, t.String())
	}
	return map[string]any{"type": "object", "additionalProperties": false, "required": []string{"reasoning", "response_type"},
		"properties": map[string]any{"reasoning": map[string]any{"type": "string"},
			"response_type": map[string]any{"type": "string", "enum": names}}}
}()

var valuesItem = map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
