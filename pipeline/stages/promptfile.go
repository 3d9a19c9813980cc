package stages

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/specstress/specstress/pipeline"
)

// Prompts holds the template of every prompt the stages send. A template
// is plain text with {{name}} slots (spaces inside the braces allowed);
// everything else is sent as written, so a "{{" that does not open a known
// slot name followed by "}}" stays literal. DefaultPrompts gives the
// paper-faithful defaults; LoadPrompts replaces some of them from a file.
type Prompts struct {
	t      map[string]string
	source map[string]string // name -> file it came from; absent = default
}

// promptRule says what a template must hold: the slots the stage fills
// (required ones must appear, others may), and the literal output-format
// words its parser relies on.
type promptRule struct {
	stage    string
	required []string
	optional []string
	// oneOf: at least one of these slot groups must appear complete.
	oneOf  [][]string
	format []string
}

var promptRules = map[string]promptRule{
	PromptScenario: {stage: StageScenarios, required: []string{"value1", "value2"}, format: []string{"[User Question]"}},
	PromptBias: {stage: StageScenarios, required: []string{"lean", "query"}, optional: []string{"value1", "value2", "other"},
		format: []string{"[User Query]"}},
	PromptSpectrum: {stage: StageSpectra, required: []string{"value1", "value2"},
		optional: []string{"queries", "neutral_query", "value1_query", "value2_query"},
		oneOf:    [][]string{{"queries"}, {"neutral_query", "value1_query", "value2_query"}},
		format:   []string{"value1_bias_spectrum", "value2_bias_spectrum", "position", "response"}},
	PromptClassify: {stage: StageClassify, required: []string{"value1", "value2", "query", "responses", "value1_spectrum", "value2_spectrum"},
		format: []string{"value1_position", "value2_position"}},
	PromptTopics:      {stage: StageTopics, required: []string{"query"}, format: pipeline.Topics},
	PromptJudgeSystem: {stage: StageJudge, required: []string{"spec"}},
	PromptJudgeUser:   {stage: StageJudge, required: []string{"query", "response"}},
	PromptJudge: {stage: StageJudge, required: []string{"spec", "query", "response"},
		format: judgeFormat},
	PromptResponseTypes: {stage: StageResponseTypes, required: []string{"query", "responses", "response_types"},
		format: []string{"response_type"}},
	PromptValues: {stage: StageValues, required: []string{"query", "responses"}},
}

// judgeFormat is what parseDecision reads: a "decision" field holding one
// of the three decisions.
var judgeFormat = []string{"decision", "compliant", "non-compliant", "ambiguous"}

// loadPrompts reads the configured prompt templates (checking them before
// any call is made); without a file, the defaults.
func (c *Config) loadPrompts() error {
	if c.Prompts == "" {
		c.prompts = nil
		return nil
	}
	p, err := LoadPrompts(c.Prompts)
	if err != nil {
		return fmt.Errorf("run config: %w", err)
	}
	c.prompts = p
	return nil
}

// templates returns the run's prompt templates.
func (c *Config) templates() *Prompts {
	if c.prompts == nil {
		return defaultPrompts
	}
	return c.prompts
}

// defaultPrompts serves runs without a prompts file.
var defaultPrompts = DefaultPrompts()

// PromptNames lists the template names a prompts file may set.
func PromptNames() []string {
	names := make([]string, 0, len(promptRules))
	for n := range promptRules {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// DefaultPrompts returns the built-in templates.
func DefaultPrompts() *Prompts {
	return &Prompts{t: defaultTemplates(), source: map[string]string{}}
}

var slotRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{\{\s*([a-z0-9_]+)\s*\}\}`) })

// slots returns the slot names a template uses, in order of first use.
func slots(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, g := range slotRe().FindAllStringSubmatch(text, -1) {
		if !seen[g[1]] {
			seen[g[1]] = true
			out = append(out, g[1])
		}
	}
	return out
}

// render fills a template's slots. Values are not scanned again, so a
// query that happens to contain "{{spec}}" is sent as written.
func (p *Prompts) render(name string, vars map[string]string) string {
	return slotRe().ReplaceAllStringFunc(p.t[name], func(m string) string {
		return vars[slotRe().FindStringSubmatch(m)[1]]
	})
}

// uses reports whether template name has slot.
func (p *Prompts) uses(name, slot string) bool {
	for _, s := range slots(p.t[name]) {
		if s == slot {
			return true
		}
	}
	return false
}

// Template returns the template called name ("" for an unknown name).
func (p *Prompts) Template(name string) string { return p.t[name] }

// Source returns the file template name was read from, or "default".
func (p *Prompts) Source(name string) string {
	if s, ok := p.source[name]; ok {
		return s
	}
	return "default"
}

// LoadPrompts reads the templates of path over the defaults and checks
// every template before any call is made. The file is either a JSON object
// mapping names to templates, or text in sections, each opened by a line
// "=== NAME ===" and running to the next such line (surrounding blank
// lines trimmed); lines starting with # before the first section are
// comments. The names are those of PromptNames. "judge" replaces the pair
// "judge_system" + "judge_user" with a single user message.
//
// To run the paper's own wording (Appendix B), put each prompt's text in
// its section and write its fields as our slots:
//
//	scenario (B.1)  {Value 1} {Value 2}           -> {{value1}} {{value2}}
//	bias (B.2)      {Value 1/2}, the leaned value -> {{lean}}; {Initial User Question} -> {{query}}
//	spectrum (B.3)  {Initial User Question}       -> {{neutral_query}}
//	                {Biased Question Value 1}, 2  -> {{value1_query}}, {{value2_query}}
//	classify (B.4)  {User Question} -> {{query}}; the list of responses -> {{responses}};
//	                the two numbered spectra -> {{value1_spectrum}}, {{value2_spectrum}}
//	topics (B.5)    {User Question}               -> {{query}}
//	judge (B.6)     {Entire OpenAI Model Spec} -> {{spec}}; {User Question} -> {{query}};
//	                {Single Model Response} -> {{response}}
//
// The paper's B.6 doubles the braces of its JSON example (a Python format
// string); write them single, as the model is to see them.
func LoadPrompts(path string) (*Prompts, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("prompts: %w", err)
	}
	var over map[string]string
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		if err := json.Unmarshal(t, &over); err != nil {
			return nil, fmt.Errorf("prompts %s: want a JSON object of name -> template: %w", path, err)
		}
	} else if over, err = parseSections(path, b); err != nil {
		return nil, err
	}
	if len(over) == 0 {
		return nil, fmt.Errorf("prompts %s: no template (want sections \"=== NAME ===\" with NAME one of %s)", path, strings.Join(PromptNames(), ", "))
	}
	p := DefaultPrompts()
	for name, text := range over {
		if _, ok := promptRules[name]; !ok {
			return nil, fmt.Errorf("prompts %s: unknown template %q (names: %s)", path, name, strings.Join(PromptNames(), ", "))
		}
		p.t[name] = text
		p.source[name] = path
	}
	if _, whole := over[PromptJudge]; whole {
		if _, ok := over[PromptJudgeSystem]; ok {
			return nil, fmt.Errorf("prompts %s: set either %q or %q + %q, not both", path, PromptJudge, PromptJudgeSystem, PromptJudgeUser)
		}
		if _, ok := over[PromptJudgeUser]; ok {
			return nil, fmt.Errorf("prompts %s: set either %q or %q + %q, not both", path, PromptJudge, PromptJudgeSystem, PromptJudgeUser)
		}
		delete(p.t, PromptJudgeSystem)
		delete(p.t, PromptJudgeUser)
	}
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("prompts %s: %w", path, err)
	}
	return p, nil
}

func parseSections(path string, b []byte) (map[string]string, error) {
	out := map[string]string{}
	header := regexp.MustCompile(`^===\s*([A-Za-z0-9_]+)\s*===\s*$`)
	var name string
	var body []string
	flush := func() {
		if name != "" {
			out[name] = strings.Trim(strings.Join(body, "\n"), "\n")
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimRight(sc.Text(), "\r")
		if g := header.FindStringSubmatch(t); g != nil {
			flush()
			name, body = g[1], nil
			if _, dup := out[name]; dup {
				return nil, fmt.Errorf("prompts %s:%d: template %q set twice", path, line, name)
			}
			continue
		}
		if name == "" {
			if s := strings.TrimSpace(t); s != "" && !strings.HasPrefix(s, "#") {
				return nil, fmt.Errorf("prompts %s:%d: text before the first \"=== NAME ===\" line", path, line)
			}
			continue
		}
		body = append(body, t)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("prompts %s: %w", path, err)
	}
	flush()
	return out, nil
}

// check validates every template against its rule: required slots
// present, no unknown slot, and the output format the parser needs.
func (p *Prompts) check() error {
	for _, name := range PromptNames() {
		text, ok := p.t[name]
		if !ok {
			continue
		}
		r := promptRules[name]
		where := fmt.Sprintf("template %s (stage %s, from %s)", name, r.stage, p.Source(name))
		if strings.TrimSpace(text) == "" {
			return fmt.Errorf("%s is empty", where)
		}
		have := map[string]bool{}
		for _, s := range slots(text) {
			have[s] = true
			if !contains(r.required, s) && !contains(r.optional, s) {
				return fmt.Errorf("%s: unknown placeholder {{%s}} (allowed: %s)", where, s, strings.Join(slotList(append(append([]string(nil), r.required...), r.optional...)), " "))
			}
		}
		for _, s := range r.required {
			if !have[s] {
				return fmt.Errorf("%s: missing placeholder {{%s}}", where, s)
			}
		}
		if len(r.oneOf) > 0 {
			ok := false
			var alts []string
			for _, g := range r.oneOf {
				all := true
				for _, s := range g {
					all = all && have[s]
				}
				ok = ok || all
				alts = append(alts, strings.Join(slotList(g), " "))
			}
			if !ok {
				return fmt.Errorf("%s: missing placeholder: needs %s", where, strings.Join(alts, " or "))
			}
		}
		for _, f := range r.format {
			if !strings.Contains(strings.ToLower(text), strings.ToLower(f)) {
				return fmt.Errorf("%s: the output format must name %q, which the parser reads", where, f)
			}
		}
	}
	// The judge pair's output format may sit in either half.
	if _, split := p.t[PromptJudgeSystem]; split {
		both := strings.ToLower(p.t[PromptJudgeSystem] + "\n" + p.t[PromptJudgeUser])
		for _, f := range judgeFormat {
			if !strings.Contains(both, f) {
				return fmt.Errorf("templates %s + %s (stage %s, from %s): the output format must name %q, which the parser reads",
					PromptJudgeSystem, PromptJudgeUser, StageJudge, p.Source(PromptJudgeSystem), f)
			}
		}
	}
	return nil
}

func slotList(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "{{" + n + "}}"
	}
	return out
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// Format writes the templates in the sections format LoadPrompts reads: a
// starting point for a file of one's own.
func (p *Prompts) Format() string {
	var b strings.Builder
	b.WriteString("# specstress prompt templates; slots are {{name}}. See LoadPrompts.\n")
	for _, n := range PromptNames() {
		if t, ok := p.t[n]; ok {
			fmt.Fprintf(&b, "\n=== %s ===\n%s\n", n, t)
		}
	}
	return b.String()
}
