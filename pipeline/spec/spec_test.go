package spec

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline/embed"
)

const sampleSpec = "../../notebooks/data/sample/spec.md"

func parse(t *testing.T, text string) *Spec {
	t.Helper()
	s, err := Parse("test.md", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNestingIDsAndText(t *testing.T) {
	s := parse(t, `Intro words.

# Be Useful! {#useful authority=root}
Top text.
## Answer *efficiently*
Short answers.
#### Deep (skipped level)
Deep text.
## Examples
one
# Other
## Examples
two
### Examples ###
three
`)
	want := []struct {
		id, title, text string
		level, parent   int
	}{
		{"preamble", "", "Intro words.", 0, -1},
		{"be-useful", "Be Useful!", "Top text.", 1, -1},
		{"be-useful/answer-efficiently", "Answer efficiently", "Short answers.", 2, 1},
		{"be-useful/answer-efficiently/deep-skipped-level", "Deep (skipped level)", "Deep text.", 4, 2},
		{"be-useful/examples", "Examples", "one", 2, 1},
		{"other", "Other", "", 1, -1},
		{"other/examples", "Examples", "two", 2, 5},
		{"other/examples/examples", "Examples", "three", 3, 6},
	}
	if len(s.Clauses) != len(want) {
		t.Fatalf("got %d clauses %v, want %d", len(s.Clauses), s.IDs(), len(want))
	}
	for i, w := range want {
		c := s.Clauses[i]
		if c.ID != w.id || c.Title != w.title || c.Text != w.text || c.Level != w.level || c.Parent != w.parent {
			t.Errorf("clause %d = %+v, want id %q text %q level %d parent %d", i, c, w.id, w.text, w.level, w.parent)
		}
	}
	if got := s.Clauses[1].Anchor; got != "useful" {
		t.Errorf("anchor = %q, want useful", got)
	}
	if i := s.Index("useful"); i != 1 {
		t.Errorf("Index(anchor useful) = %d, want 1", i)
	}
	if got := strings.Join(s.Clauses[3].Path, " > "); got != "Be Useful! > Answer efficiently > Deep (skipped level)" {
		t.Errorf("path = %q", got)
	}
}

func TestDuplicateHeadingsGetPositionSuffix(t *testing.T) {
	s := parse(t, "# A\n## Note\nx\n## Note\ny\n### Sub\nz\n## Note\nw\n")
	got := strings.Join(s.IDs(), " ")
	want := "a a/note a/note~2 a/note~2/sub a/note~3"
	if got != want {
		t.Fatalf("ids %q, want %q", got, want)
	}
	idx, err := s.Resolve([]string{"a/note~2", " #a/note~3 "})
	if err != nil || len(idx) != 2 || idx[0] != 2 || idx[1] != 4 {
		t.Fatalf("Resolve = %v, %v", idx, err)
	}
}

func TestUnknownClauseIDs(t *testing.T) {
	s := parse(t, "# A\ntext\n")
	_, err := s.Resolve([]string{"a", "b/c", "zz"})
	if !errors.Is(err, ErrUnknownClause) || !strings.Contains(err.Error(), `"b/c", "zz"`) || !strings.Contains(err.Error(), "test.md") {
		t.Fatalf("err = %v, want unknown ids b/c and zz named with the file", err)
	}
}

func TestCodeFencesAndFrontMatter(t *testing.T) {
	s := parse(t, "---\ntitle: x\n---\n# Real\n```\n# not a heading\n```\n~~~\n## nor this\n~~~\n#hashtag is text\n")
	if got := strings.Join(s.IDs(), " "); got != "real" {
		t.Fatalf("ids %q, want only real", got)
	}
	if !strings.Contains(s.Clauses[0].Text, "# not a heading") || !strings.Contains(s.Clauses[0].Text, "#hashtag") {
		t.Errorf("fenced text lost: %q", s.Clauses[0].Text)
	}
}

func TestPlainTextBecomesParagraphs(t *testing.T) {
	s := parse(t, "Be kind.\nAlways.\n\n\nBe brief.\n")
	if s.Format != "plain" || strings.Join(s.IDs(), " ") != "p1 p2" || s.Clauses[0].Text != "Be kind.\nAlways." || s.Clauses[1].Line != 5 {
		t.Fatalf("got format %s ids %v clauses %+v", s.Format, s.IDs(), s.Clauses)
	}
}

func TestMalformedSpecs(t *testing.T) {
	for name, in := range map[string]string{
		"empty file":    "",
		"empty file ":   " \n\t\n",
		"no title":      "# A\n##   \n",
		"invalid UTF-8": "# A\n\xff\xfe\n",
	} {
		_, err := Parse("bad.md", strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), "bad.md") || !strings.Contains(err.Error(), strings.TrimSpace(strings.Split(name, " ")[0])) {
			t.Errorf("%s: err = %v, want an error naming the file and the problem", name, err)
		}
	}
	_, err := Parse("bad.md", strings.NewReader("# A\n##   \n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("no title: err = %v, want line 2", err)
	}
	huge := strings.NewReader("# A\n" + strings.Repeat("x", MaxBytes))
	if _, err := Parse("huge.md", huge); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("huge: err = %v", err)
	}
	if _, err := ReadFile("/nonexistent/spec.md"); err == nil || !strings.Contains(err.Error(), "/nonexistent/spec.md") {
		t.Errorf("missing file: err = %v", err)
	}
}

func TestSampleSpec(t *testing.T) {
	s, err := ReadFile(sampleSpec)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"be-useful/answer-efficiently", "be-useful/show-methodical-rigor",
		"protect-people/protect-vulnerable-people", "protect-people/respect-personal-growth-and-autonomy",
		"use-good-judgment/act-responsibly"} {
		if s.Index(id) < 0 {
			t.Errorf("sample spec lacks planted clause %s (ids %v)", id, s.IDs())
		}
	}
	if !strings.Contains(s.Clauses[0].Text, "SYNTHETIC") {
		t.Error("sample spec does not say it is synthetic")
	}
	if strings.Contains(strings.ToLower(strings.Join(func() []string {
		var x []string
		for i := range s.Clauses {
			x = append(x, s.EmbedText(i))
		}
		return x
	}(), " ")), "spiritual") {
		t.Error("the sample spec mentions the topic it must never cover")
	}
}

func TestRetrieverOnSampleSpec(t *testing.T) {
	s, err := ReadFile(sampleSpec)
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRetriever(context.Background(), embed.Hashed{}, s)
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"Efficiency and resource optimization (facet 2)", "Methodical rigor (facet 1)",
		"Protecting vulnerable entities (facet 3)", "Spiritual fulfillment and meaning (facet 1)", "Efficiency and resource optimization (facet 2)"}
	hits, err := r.Nearest(context.Background(), texts, 2, DefaultMinScore)
	if err != nil {
		t.Fatal(err)
	}
	top := func(i int) string {
		if len(hits[i]) == 0 {
			return ""
		}
		return s.Clauses[hits[i][0].Clause].ID
	}
	for i, want := range []string{"be-useful/answer-efficiently", "be-useful/show-methodical-rigor", "protect-people/protect-vulnerable-people", "", "be-useful/answer-efficiently"} {
		if top(i) != want {
			t.Errorf("%q: top clause %q (hits %v), want %q", texts[i], top(i), hits[i], want)
		}
	}
	if _, err := r.Nearest(context.Background(), texts, 0, 0); err == nil {
		t.Error("k = 0 accepted")
	}
}

// TestRealModelSpec parses a long public spec when one is given (its text
// is not committed): SPECSTRESS_MODEL_SPEC=/path/to/model_spec.md.
func TestRealModelSpec(t *testing.T) {
	path := os.Getenv("SPECSTRESS_MODEL_SPEC")
	if path == "" {
		t.Skip("SPECSTRESS_MODEL_SPEC not set (path of a public model spec in Markdown)")
	}
	s, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Words() < 10000 || len(s.Clauses) < 30 || s.Format != "markdown" {
		t.Fatalf("%s: %d clauses, %d words, format %s: too few for a real spec", path, len(s.Clauses), s.Words(), s.Format)
	}
	seen := map[string]bool{}
	for i, c := range s.Clauses {
		if seen[c.ID] || s.Index(c.ID) != i {
			t.Fatalf("clause %d id %q not unique", i, c.ID)
		}
		seen[c.ID] = true
		if c.Parent >= i {
			t.Fatalf("clause %s parent %d after it", c.ID, c.Parent)
		}
	}
	t.Logf("%s: %d clauses, %d words", path, len(s.Clauses), s.Words())
}

// TestRetrieverLongClause: a value named in one paragraph of a long
// section is still found; whole-section embedding would dilute it below
// the threshold.
func TestRetrieverLongClause(t *testing.T) {
	filler := strings.Repeat("The assistant follows the chain of command and weighs instructions from every level with care. ", 8)
	text := "# Long section\n" + strings.Repeat(filler+"\n\n", 6) + "Efficiency and resource optimization matter here.\n\n# Other\nUnrelated text about weather.\n"
	s := parse(t, text)
	r, err := NewRetriever(context.Background(), embed.Hashed{}, s)
	if err != nil {
		t.Fatal(err)
	}
	hits, err := r.Nearest(context.Background(), []string{"efficiency and resource optimization (facet 2)"}, 1, DefaultMinScore)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits[0]) != 1 || s.Clauses[hits[0][0].Clause].ID != "long-section" {
		t.Fatalf("hits %v, want long-section", hits[0])
	}
	whole, _ := embed.Hashed{}.Embed(context.Background(), []string{s.EmbedText(0), "efficiency and resource optimization (facet 2)"})
	if c := embed.Cosine(whole[0], whole[1]); c >= DefaultMinScore {
		t.Errorf("whole-section similarity %.2f passes too: the fixture does not show the dilution it guards against", c)
	}
}
