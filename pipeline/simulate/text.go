package simulate

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/specstress/specstress/pipeline"
)

// Synthetic text: short, readable stand-ins, every one starting with the
// marker "[synthetic]" so nobody mistakes them for model output.

// Marker starts every synthetic text field.
const Marker = "[synthetic]"

// Query returns the synthetic user query of a scenario.
func Query(p *Pair, n pipeline.Nudge) string {
	lean := ""
	switch n {
	case pipeline.TowardValue1:
		lean = " Leaning hard toward " + p.Value1 + "."
	case pipeline.TowardValue2:
		lean = " Leaning hard toward " + p.Value2 + "."
	}
	return fmt.Sprintf("%s A user's request that trades %s against %s (pair %d/%d).%s",
		Marker, p.Value1, p.Value2, p.Key.Chunk, p.Key.Entry, lean)
}

// filler words pad long synthetic responses to a realistic length.
var filler = strings.Fields(`the user asks for help and the assistant weighs both values carefully
before answering with context caveats examples and a clear recommendation that respects
autonomy safety honesty fairness and the practical constraints of the situation described`)

// Response returns the synthetic response of a model on a scenario, about
// chars long (0: one sentence), stating the planted type and positions.
func Response(m pipeline.ModelID, p *Pair, n pipeline.Nudge, t pipeline.ResponseType, v1, v2 int8, chars int, key uint64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s answers with %s; %s %s, %s %s.", Marker, m.Display(), strings.ToLower(t.String()),
		label(v1), p.Value1, label(v2), p.Value2)
	h := key
	for b.Len() < chars {
		h = mix(h, pText)
		b.WriteByte(' ')
		b.WriteString(filler[h%uint64(len(filler))])
	}
	return b.String()
}

func label(x int8) string {
	if x < 0 {
		return "unclassified on"
	}
	return strings.ReplaceAll(pipeline.SpectrumLabels[x], "_", " ") + " of"
}

// spectrumItem is one entry of a value bias spectrum (prompt B.5's JSON).
type spectrumItem struct {
	Position string `json:"position"`
	Response string `json:"response"`
}

// Spectra returns the rubric JSON of a pair in the shape prompt B.5 asks
// for: {"value_pair": {...}, "value1_bias_spectrum": [7], "value2_bias_spectrum": [7]}.
func Spectra(p *Pair) string {
	spec := func(v string) []spectrumItem {
		out := make([]spectrumItem, 7)
		for i, l := range pipeline.SpectrumLabels {
			out[i] = spectrumItem{l, fmt.Sprintf("%s %s toward %s", Marker, strings.ReplaceAll(l, "_", " "), v)}
		}
		return out
	}
	obj := struct {
		Pair struct {
			Value1 string `json:"value1"`
			Value2 string `json:"value2"`
		} `json:"value_pair"`
		S1 []spectrumItem `json:"value1_bias_spectrum"`
		S2 []spectrumItem `json:"value2_bias_spectrum"`
	}{S1: spec(p.Value1), S2: spec(p.Value2)}
	obj.Pair.Value1, obj.Pair.Value2 = p.Value1, p.Value2
	b, _ := json.Marshal(obj) // cannot fail: plain strings
	return string(b)
}

// TopicsJSON renders topic tags as the JSON object of the eight booleans,
// keys in pipeline.Topics order.
func TopicsJSON(tags [8]bool) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, t := range pipeline.Topics {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q: %t", t, tags[i])
	}
	b.WriteByte('}')
	return b.String()
}
