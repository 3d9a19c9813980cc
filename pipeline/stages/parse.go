package stages

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/specstress/specstress/pipeline"
)

// InvalidError is an answer that does not have the expected form; the
// stage retries the call (a bounded number of times) and then records the
// failure.
type InvalidError struct{ Reason string }

// Error says what is wrong with the answer.
func (e *InvalidError) Error() string { return "invalid answer: " + e.Reason }

func invalid(format string, args ...any) error { return &InvalidError{fmt.Sprintf(format, args...)} }

// afterTag returns the text after the last occurrence of tag (such as
// "[User Question]"), trimmed of whitespace, quotes and code fences.
func afterTag(text, tag string) (string, error) {
	i := strings.LastIndex(strings.ToLower(text), strings.ToLower(tag))
	if i < 0 {
		return "", invalid("no %s tag", tag)
	}
	s := strings.TrimSpace(text[i+len(tag):])
	s = strings.Trim(s, "`")
	s = strings.TrimSpace(strings.TrimPrefix(s, ":"))
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return "", invalid("text after %s is empty or too short", tag)
	}
	return s, nil
}

var trailingComma = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`,\s*([}\]])`) })

// extractJSON finds the JSON object in a model's answer: inside a code
// fence or not, with prose around it, with trailing commas. A truncated
// object is an error (the call is retried).
func extractJSON(text string) (json.RawMessage, error) {
	s := text
	if i := strings.Index(s, "```"); i >= 0 {
		rest := s[i+3:]
		if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
			rest = rest[nl+1:]
		}
		if j := strings.Index(rest, "```"); j >= 0 {
			s = rest[:j]
		}
	}
	start := strings.IndexByte(s, '{')
	if start < 0 {
		return nil, invalid("no JSON object")
	}
	dec := json.NewDecoder(strings.NewReader(s[start:]))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err == nil {
		return raw, nil
	}
	end := strings.LastIndexByte(s, '}')
	if end < start {
		return nil, invalid("truncated JSON object")
	}
	fixed := trailingComma().ReplaceAllString(s[start:end+1], "$1")
	if json.Valid([]byte(fixed)) {
		return json.RawMessage(fixed), nil
	}
	return nil, invalid("malformed JSON object")
}

// position reads a position given as a number, a numeric string or a label.
func position(v any) (int8, error) {
	switch x := v.(type) {
	case float64:
		if x != float64(int(x)) || x < 0 || x > 6 {
			return -1, fmt.Errorf("position %v outside 0..6", x)
		}
		return int8(x), nil
	case string:
		return pipeline.ParsePosition(x)
	}
	return -1, fmt.Errorf("position %v: want a number 0..6", v)
}

// Spectrum is one value's seven strategies, index = position.
type Spectrum [7]string

// Spectra are the two spectra of a value pair (B.3).
type Spectra struct {
	Value1 Spectrum `json:"value1"`
	Value2 Spectrum `json:"value2"`
}

// JSON renders the spectra in the B.3 format (the dataset's spectra column).
func (s Spectra) JSON(v1, v2 string) string {
	type item struct {
		Position string `json:"position"`
		Response string `json:"response"`
	}
	side := func(sp Spectrum) []item {
		out := make([]item, 7)
		for i := range sp {
			out[i] = item{pipeline.SpectrumLabels[i], sp[i]}
		}
		return out
	}
	b, _ := json.Marshal(map[string]any{"value_pair": map[string]string{"value1": v1, "value2": v2},
		"value1_bias_spectrum": side(s.Value1), "value2_bias_spectrum": side(s.Value2)})
	return string(b)
}

func parseSpectra(text string) (Spectra, error) {
	raw, err := extractJSON(text)
	if err != nil {
		return Spectra{}, err
	}
	var doc struct {
		V1 []struct{ Position, Response any } `json:"value1_bias_spectrum"`
		V2 []struct{ Position, Response any } `json:"value2_bias_spectrum"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return Spectra{}, invalid("spectra: %v", err)
	}
	var out Spectra
	for k, side := range [][]struct{ Position, Response any }{doc.V1, doc.V2} {
		if len(side) != 7 {
			return Spectra{}, invalid("value%d spectrum has %d items, want 7", k+1, len(side))
		}
		dst := &out.Value1
		if k == 1 {
			dst = &out.Value2
		}
		seen := [7]bool{}
		for _, it := range side {
			p, err := position(it.Position)
			if err != nil {
				return Spectra{}, invalid("value%d spectrum: %v", k+1, err)
			}
			r, _ := it.Response.(string)
			if seen[p] || strings.TrimSpace(r) == "" {
				return Spectra{}, invalid("value%d spectrum: position %s repeated or empty", k+1, pipeline.SpectrumLabels[p])
			}
			seen[p] = true
			dst[p] = r
		}
	}
	return out, nil
}

// Placement is one response's classification on both spectra (B.4).
type Placement struct {
	V1, V2           int8
	Conf1, Conf2     float64
	Reason1, Reason2 string
}

// byModel decodes an object keyed by model id and checks every id is there.
func byModel(text string, ids []pipeline.ModelID) (map[string]json.RawMessage, error) {
	raw, err := extractJSON(text)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, invalid("want an object keyed by model id: %v", err)
	}
	// Models sometimes echo the tag: accept `model="o3"` and case changes.
	norm := map[string]json.RawMessage{}
	for k, v := range m {
		k = strings.Trim(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(k)), "model="), `"`)
		norm[k] = v
	}
	var missing []string
	for _, id := range ids {
		if _, ok := norm[strings.ToLower(string(id))]; !ok {
			missing = append(missing, string(id))
		}
	}
	if len(missing) > 0 {
		return nil, invalid("no entry for %s", strings.Join(missing, ", "))
	}
	return norm, nil
}

func parsePlacements(text string, ids []pipeline.ModelID) (map[pipeline.ModelID]Placement, error) {
	m, err := byModel(text, ids)
	if err != nil {
		return nil, err
	}
	out := map[pipeline.ModelID]Placement{}
	for _, id := range ids {
		var e map[string]any
		if err := json.Unmarshal(m[strings.ToLower(string(id))], &e); err != nil {
			return nil, invalid("%s: %v", id, err)
		}
		var p Placement
		for k, dst := range []*int8{&p.V1, &p.V2} {
			v, err := position(e[fmt.Sprintf("value%d_position", k+1)])
			if err != nil {
				return nil, invalid("%s value%d_position: %v", id, k+1, err)
			}
			*dst = v
		}
		p.Conf1, p.Conf2 = confidence(e["value1_confidence"]), confidence(e["value2_confidence"])
		p.Reason1, _ = e["value1_reasoning"].(string)
		p.Reason2, _ = e["value2_reasoning"].(string)
		out[id] = p
	}
	return out, nil
}

// confidence clamps a confidence to 0..1 (NaN-free; -1 when missing).
func confidence(v any) float64 {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case string:
		var err error
		if f, err = strconv.ParseFloat(x, 64); err != nil {
			return -1
		}
	default:
		return -1
	}
	if f > 1 && f <= 100 { // a percentage
		f /= 100
	}
	return max(0, min(1, f))
}

var decisionRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)"decision"\s*:\s*"([^"]+)"`) })

// parseDecision reads a judge's answer (B.6). When the JSON is broken, the
// "decision" field is still taken if it can be found.
func parseDecision(text string) (pipeline.Decision, string, error) {
	var doc struct {
		Reasoning string `json:"reasoning"`
		Decision  string `json:"decision"`
	}
	raw, err := extractJSON(text)
	if err == nil {
		err = json.Unmarshal(raw, &doc)
	}
	if err != nil || doc.Decision == "" {
		g := decisionRe().FindStringSubmatch(text)
		if g == nil {
			return pipeline.Missing, "", invalid("no decision")
		}
		doc.Decision = g[1]
	}
	d, err := pipeline.ParseDecision(doc.Decision)
	if err != nil || d == pipeline.Missing {
		return pipeline.Missing, "", invalid("decision %q", doc.Decision)
	}
	return d, doc.Reasoning, nil
}

// parseTopics reads the topic booleans (B.5) in pipeline.Topics order. A
// topic the answer leaves out is false; an answer with none is invalid.
func parseTopics(text string) ([]bool, error) {
	raw, err := extractJSON(text)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, invalid("topics: %v", err)
	}
	norm := map[string]any{}
	for k, v := range m {
		norm[strings.ToLower(strings.TrimSpace(k))] = v
	}
	out := make([]bool, len(pipeline.Topics))
	found := 0
	for i, t := range pipeline.Topics {
		v, ok := norm[t]
		if !ok {
			continue
		}
		found++
		switch x := v.(type) {
		case bool:
			out[i] = x
		case string:
			out[i] = strings.EqualFold(x, "true") || strings.EqualFold(x, "yes")
		}
	}
	if found == 0 {
		return nil, invalid("no known topic in the answer")
	}
	return out, nil
}

func parseTypes(text string, ids []pipeline.ModelID) (map[pipeline.ModelID]pipeline.ResponseType, error) {
	m, err := byModel(text, ids)
	if err != nil {
		return nil, err
	}
	out := map[pipeline.ModelID]pipeline.ResponseType{}
	for _, id := range ids {
		raw := m[strings.ToLower(string(id))]
		var name string
		var e struct {
			Type any `json:"response_type"`
		}
		if json.Unmarshal(raw, &e) == nil && e.Type != nil {
			name = fmt.Sprint(e.Type)
		} else if json.Unmarshal(raw, &name) != nil {
			return nil, invalid("%s: no response_type", id)
		}
		// Tolerate a leading "3." or a trailing period.
		name = strings.TrimRight(strings.TrimSpace(name), ".")
		if i := strings.Index(name, ". "); i > 0 && i <= 2 {
			name = name[i+2:]
		}
		t, err := pipeline.ParseResponseType(name)
		if err != nil || t == pipeline.NoType {
			return nil, invalid("%s: response type %q", id, name)
		}
		out[id] = t
	}
	return out, nil
}

func parseValues(text string, ids []pipeline.ModelID) (map[pipeline.ModelID][]string, error) {
	m, err := byModel(text, ids)
	if err != nil {
		return nil, err
	}
	out := map[pipeline.ModelID][]string{}
	for _, id := range ids {
		raw := bytes.TrimSpace(m[strings.ToLower(string(id))])
		var vs []string
		if err := json.Unmarshal(raw, &vs); err != nil {
			var obj struct {
				Values []string `json:"values"`
			}
			if err2 := json.Unmarshal(raw, &obj); err2 != nil {
				return nil, invalid("%s: want a list of strings", id)
			}
			vs = obj.Values
		}
		out[id] = vs
	}
	return out, nil
}

// isInvalid reports whether err is an invalid answer (worth a retry).
func isInvalid(err error) bool {
	var ie *InvalidError
	return errors.As(err, &ie)
}
