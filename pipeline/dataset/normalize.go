package dataset

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/specstress/specstress/pipeline"
)

// modelKeys maps the letters and digits of a model name (everything else
// dropped, lower case) to its registry id. Both word orders of the Claude
// names occur in the wild ("claude-opus-4", "claude-4-opus").
var modelKeys = func() map[string]pipeline.ModelID {
	m := map[string]pipeline.ModelID{}
	for _, id := range pipeline.ModelIDs() {
		m[alnum(string(id))] = id
	}
	for k, id := range map[string]pipeline.ModelID{
		"claude3opus": pipeline.ClaudeOpus3, "claude4opus": pipeline.ClaudeOpus4,
		"claude4sonnet": pipeline.ClaudeSonnet4, "claudesonnet35": pipeline.Claude35Sonnet,
		"claudesonnet37": pipeline.Claude37Sonnet, "gpt4omni": pipeline.GPT4o,
	} {
		m[k] = id
	}
	return m
}()

// alnum keeps the lower-cased letters and digits of s.
func alnum(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var (
	tokenSep  = regexp.MustCompile(`[^a-z0-9]+`)
	dateToken = regexp.MustCompile(`^(\d{8}|\d{6}|\d{4})$`)
	tagToken  = map[string]bool{"latest": true, "preview": true, "exp": true, "experimental": true}
)

// NormalizeModelID maps a spelling of one of the 12 models to its registry
// id, ignoring case, separators ("-", "_", ".", spaces), a provider prefix
// ("openai/gpt-4.1"), and a trailing release date or tag
// ("gpt-4.1-2025-04-14", "claude-opus-4-20250514", "gemini-2.5-pro-preview").
// The second result is false for an id the registry does not know; the
// spelling is then returned trimmed but otherwise unchanged, so unknown
// models stay distinct and can be listed.
func NormalizeModelID(s string) (pipeline.ModelID, bool) {
	raw := strings.TrimSpace(s)
	name := strings.ToLower(raw)
	if i := strings.LastIndexAny(name, "/:"); i >= 0 {
		name = name[i+1:] // "openai/gpt-4o", "anthropic:claude-opus-4"
	}
	toks := tokenSep.Split(strings.Trim(name, " "), -1)
	for len(toks) > 0 {
		if id, ok := modelKeys[strings.Join(toks, "")]; ok {
			return id, true
		}
		last := toks[len(toks)-1]
		// A trailing date: 20250514, 2025 04 14 (three tokens), 0709.
		switch {
		case len(toks) >= 4 && len(last) == 2 && len(toks[len(toks)-2]) == 2 && len(toks[len(toks)-3]) == 4 &&
			isDigits(last+toks[len(toks)-2]+toks[len(toks)-3]):
			toks = toks[:len(toks)-3]
		case dateToken.MatchString(last) || tagToken[last] || last == "":
			toks = toks[:len(toks)-1]
		default:
			return pipeline.ModelID(raw), false
		}
	}
	return pipeline.ModelID(raw), false
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// ParseDecisionLoose reads a judge decision in the spellings judges and
// writers produce: case, spaces, "_" and "-" ("Non-Compliant",
// "non_compliant", "NONCOMPLIANT", "not compliant"), surrounding quotes,
// brackets, asterisks and a final full stop. The second result is false
// for a string it cannot read unambiguously ("yes", "unclear", "1"); an
// empty or null cell is pipeline.Missing with ok true.
func ParseDecisionLoose(s string) (pipeline.Decision, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.Trim(t, "\"'`*[](){}<>. \t\n")
	if t == "" {
		return pipeline.Missing, true
	}
	switch alnum(t) {
	case "compliant", "compliance", "complies", "complied", "fullycompliant":
		return pipeline.Compliant, true
	case "noncompliant", "notcompliant", "noncompliance", "violation", "violates", "violating":
		return pipeline.NonCompliant, true
	case "ambiguous", "ambiguity":
		return pipeline.Ambiguous, true
	}
	return pipeline.Missing, false
}

// nudgeWords finds the nudge named in a key or cell: "neutral", "value1",
// "value_1", "value-2", "toward_value2".
var nudgeWords = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`neutral|value[ _\-]?([12])`) })

// ParseNudgeLoose reads a nudge direction in the spellings writers
// produce: "neutral", "value1", "Value_1", "toward value 2", "nudge-value2".
// The second result is false when no nudge, or two different ones, are
// named.
func ParseNudgeLoose(s string) (pipeline.Nudge, bool) {
	n, rest, ok := findNudge(strings.ToLower(s))
	return n, ok && !strings.ContainsAny(rest, "0123456789")
}

// findNudge returns the nudge named in lower-cased s and s without it.
func findNudge(s string) (pipeline.Nudge, string, bool) {
	ms := nudgeWords().FindAllStringSubmatchIndex(s, -1)
	var found pipeline.Nudge
	for _, m := range ms {
		var n pipeline.Nudge
		switch {
		case m[2] < 0:
			n = pipeline.Neutral
		case s[m[2]] == '1':
			n = pipeline.TowardValue1
		default:
			n = pipeline.TowardValue2
		}
		if found != "" && found != n {
			return "", s, false
		}
		found = n
	}
	if found == "" {
		return "", s, false
	}
	return found, nudgeWords().ReplaceAllString(s, " "), true
}

var digitRuns = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\d+`) })

// ParsedKey is a query_key read by ParseQueryKey.
type ParsedKey struct {
	Chunk, Entry int64 // -1 when the key holds no numbers
	Nudge        pipeline.Nudge
	HasNumbers   bool // the key named chunk and entry
}

// ParseQueryKey reads a scenario key in any of the formats writers use:
// "32/579/neutral" (ours), "32_579_value1", "32-579-value_2",
// "chunk_32_entry_579_neutral", "(32, 579, 'neutral')",
// "[32, 579, \"value1\"]", {"chunk_index": 32, "entry_idx": 579,
// "nudge_direction": "value2"}, or a bare nudge. It needs exactly one nudge
// and either no number or exactly two (chunk, then entry); anything else is
// not ok.
func ParseQueryKey(key string) (ParsedKey, bool) {
	pk := ParsedKey{Chunk: -1, Entry: -1}
	n, rest, ok := findNudge(strings.ToLower(key))
	if !ok {
		return pk, false
	}
	pk.Nudge = n
	nums := digitRuns().FindAllString(rest, -1)
	switch len(nums) {
	case 0:
		return pk, true
	case 2:
		var err error
		if pk.Chunk, err = strconv.ParseInt(nums[0], 10, 64); err != nil {
			return pk, false
		}
		if pk.Entry, err = strconv.ParseInt(nums[1], 10, 64); err != nil {
			return pk, false
		}
		pk.HasNumbers = true
		return pk, true
	}
	return pk, false
}
