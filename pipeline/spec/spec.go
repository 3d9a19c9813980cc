// Package spec reads a model spec (Markdown or plain text) into clauses
// with stable ids, so that analyses can point a spec author at the parts
// of the spec that high disagreement implicates.
//
// A clause is one section: an ATX heading ("#" to "######") and the text
// up to the next heading. Sections nest by heading level; a skipped level
// (# then ###) nests under the nearest shallower heading. Handling of
// irregular input, documented here because callers and judges rely on it:
//
//   - Ids are the slugs of the heading path joined by "/" (lower-case
//     letters and digits, other runs become "-"), e.g.
//     "stay-in-bounds/respect-privacy". They do not change when unrelated
//     sections are added or moved. A path that repeats an earlier one
//     (duplicate headings under one parent) gets "~2", "~3", ... in document
//     order: that suffix is the position part of the id.
//   - Text before the first heading is the clause "preamble" (only when
//     it holds non-blank text).
//   - A file with no heading at all is read as plain text: each paragraph
//     (blank-line separated) is a clause "p1", "p2", ...; Format says so.
//   - Lines inside fenced code blocks (``` or ~~~) are text, never
//     headings. A leading YAML front matter block (--- ... ---) is skipped.
//     Setext headings (underlined with === or ---) are not recognised:
//     they stay text.
//   - An empty (or all-blank) file, invalid UTF-8, a heading with no title
//     and a file over MaxBytes are errors naming the file and line.
package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxBytes is the largest spec Parse accepts (16 MiB; public model specs
// are well under 1 MiB). A larger input is refused rather than truncated.
const MaxBytes = 16 << 20

// Clause is one section of a spec.
type Clause struct {
	ID     string   // stable id: heading-path slug, "~n" for repeats
	Title  string   // the heading text ("" for preamble and plain paragraphs)
	Anchor string   // an explicit {#anchor} of the heading, "" if none
	Path   []string // heading titles from the top level down to this one
	Level  int      // heading level 1..6; 0 for preamble and paragraphs
	Parent int      // index of the enclosing clause, -1 at top level
	Line   int      // 1-based line of the heading (or first text line)
	Text   string   // the section's own text, without its sub-sections
}

// Spec is a parsed spec.
type Spec struct {
	Source  string   // the file name or label given to Parse
	Format  string   // "markdown" or "plain" (no headings found)
	Clauses []Clause // in document order
	byID    map[string]int
	alias   map[string]int // explicit heading anchors
}

// ReadFile parses the spec in path.
func ReadFile(path string) (*Spec, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	defer f.Close()
	return Parse(path, f)
}

// Parse reads a spec from r; name labels errors and Spec.Source.
func Parse(name string, r io.Reader) (*Spec, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("spec %s: %w", name, err)
	}
	if len(b) > MaxBytes {
		return nil, fmt.Errorf("spec %s: larger than %d bytes (MaxBytes); split it or raise the limit", name, MaxBytes)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, fmt.Errorf("spec %s: empty file (no text)", name)
	}
	lines := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	for i, l := range lines {
		if !utf8.ValidString(l) {
			return nil, fmt.Errorf("spec %s: line %d: invalid UTF-8", name, i+1)
		}
	}
	s := &Spec{Source: name, Format: "markdown", byID: map[string]int{}, alias: map[string]int{}}
	start := skipFrontMatter(lines)
	heads, err := findHeadings(name, lines, start)
	if err != nil {
		return nil, err
	}
	if len(heads) == 0 {
		s.Format = "plain"
		s.paragraphs(lines[start:], start)
		if len(s.Clauses) == 0 {
			return nil, fmt.Errorf("spec %s: no text after the front matter", name)
		}
		return s, nil
	}
	if pre := strings.TrimSpace(strings.Join(lines[start:heads[0].line], "\n")); pre != "" {
		s.add(Clause{ID: "preamble", Parent: -1, Line: start + 1, Text: pre})
	}
	var stack []int // clause indexes of the open headings
	for i, h := range heads {
		end := len(lines)
		if i+1 < len(heads) {
			end = heads[i+1].line
		}
		for len(stack) > 0 && s.Clauses[stack[len(stack)-1]].Level >= h.level {
			stack = stack[:len(stack)-1]
		}
		c := Clause{Title: h.title, Anchor: h.anchor, Level: h.level, Parent: -1, Line: h.line + 1,
			Text: strings.TrimSpace(strings.Join(lines[h.line+1:end], "\n"))}
		slug := Slug(h.title)
		if len(stack) > 0 {
			p := s.Clauses[stack[len(stack)-1]]
			c.Parent = stack[len(stack)-1]
			c.Path = append(append([]string(nil), p.Path...), h.title)
			slug = p.ID + "/" + slug // the parent's full id, so children of a repeated heading stay distinct
		} else {
			c.Path = []string{h.title}
		}
		c.ID = s.unique(slug)
		stack = append(stack, s.add(c))
	}
	// Anchors are aliases for Resolve (judges may cite a spec's own
	// anchors); an anchor that equals another clause's id or a repeated
	// anchor is not an alias, so no lookup is ambiguous.
	seen := map[string]int{}
	for _, c := range s.Clauses {
		if c.Anchor != "" {
			seen[c.Anchor]++
		}
	}
	for i, c := range s.Clauses {
		if _, clash := s.byID[c.Anchor]; c.Anchor != "" && seen[c.Anchor] == 1 && !clash {
			s.alias[c.Anchor] = i
		}
	}
	return s, nil
}

func (s *Spec) add(c Clause) int {
	s.Clauses = append(s.Clauses, c)
	s.byID[c.ID] = len(s.Clauses) - 1
	return len(s.Clauses) - 1
}

func (s *Spec) unique(id string) string {
	if _, dup := s.byID[id]; !dup {
		return id
	}
	for n := 2; ; n++ {
		c := fmt.Sprintf("%s~%d", id, n)
		if _, dup := s.byID[c]; !dup {
			return c
		}
	}
}

func (s *Spec) paragraphs(lines []string, offset int) {
	var cur []string
	first := 0
	flush := func() {
		if t := strings.TrimSpace(strings.Join(cur, "\n")); t != "" {
			s.add(Clause{ID: fmt.Sprintf("p%d", len(s.Clauses)+1), Parent: -1, Line: first + 1, Text: t})
		}
		cur = nil
	}
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		if cur == nil {
			first = offset + i
		}
		cur = append(cur, l)
	}
	flush()
}

type heading struct {
	line   int // 0-based
	level  int
	title  string
	anchor string
}

func skipFrontMatter(lines []string) int {
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return 0
	}
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "---" {
			return i + 1
		}
	}
	return 0 // no closing line: not front matter
}

func findHeadings(name string, lines []string, start int) ([]heading, error) {
	var hs []heading
	fence := ""
	for i := start; i < len(lines); i++ {
		t := strings.TrimLeft(lines[i], " ")
		if len(lines[i])-len(t) > 3 { // indented code
			continue
		}
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		level := 0
		for level < len(t) && t[level] == '#' {
			level++
		}
		if level == 0 || level > 6 || (level < len(t) && t[level] != ' ' && t[level] != '\t') {
			continue
		}
		title, anchor := cleanTitle(t[level:])
		if title == "" {
			return nil, fmt.Errorf("spec %s: line %d: heading with no title", name, i+1)
		}
		hs = append(hs, heading{line: i, level: level, title: title, anchor: anchor})
	}
	return hs, nil
}

// cleanTitle drops closing #s and emphasis and code marks (* and `), and splits off an
// explicit attribute block {#anchor key=value ...}, returning the anchor.
func cleanTitle(s string) (title, anchor string) {
	s = strings.TrimSpace(s)
	if j := strings.LastIndex(s, "{#"); j >= 0 && strings.HasSuffix(s, "}") {
		if f := strings.Fields(s[j+2 : len(s)-1]); len(f) > 0 {
			anchor = f[0]
		}
		s = strings.TrimSpace(s[:j])
	}
	s = strings.TrimSpace(strings.TrimRight(s, "#"))
	s = strings.NewReplacer("*", "", "`", "").Replace(s)
	return strings.TrimSpace(s), anchor
}

// Slug is the id part of one heading: lower-case letters and digits, every
// other run of characters one "-", none at the ends; "section" when
// nothing is left.
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "section"
	}
	return b.String()
}

// Index returns the index of the clause with the id (or the unique
// explicit anchor {#anchor} of its heading), or -1.
func (s *Spec) Index(id string) int {
	if i, ok := s.byID[id]; ok {
		return i
	}
	if i, ok := s.alias[id]; ok {
		return i
	}
	return -1
}

// ErrUnknownClause is wrapped by Resolve for ids the spec does not have.
var ErrUnknownClause = errors.New("unknown clause id")

// Resolve maps clause ids (as a judge cites them) to indexes. Ids are
// matched exactly after trimming spaces and a leading "#"; unknown ids are
// an error naming them and the spec.
func (s *Spec) Resolve(ids []string) ([]int, error) {
	out := make([]int, 0, len(ids))
	var bad []string
	for _, id := range ids {
		id = strings.TrimPrefix(strings.TrimSpace(id), "#")
		if i := s.Index(id); i >= 0 {
			out = append(out, i)
		} else {
			bad = append(bad, fmt.Sprintf("%q", id))
		}
	}
	if len(bad) > 0 {
		return out, fmt.Errorf("spec %s: %w: %s", s.Source, ErrUnknownClause, strings.Join(bad, ", "))
	}
	return out, nil
}

// IDs returns the clause ids in document order.
func (s *Spec) IDs() []string {
	out := make([]string, len(s.Clauses))
	for i, c := range s.Clauses {
		out[i] = c.ID
	}
	return out
}

// Words is the number of words of the spec's clause texts and titles.
func (s *Spec) Words() int {
	n := 0
	for _, c := range s.Clauses {
		n += len(strings.Fields(c.Title)) + len(strings.Fields(c.Text))
	}
	return n
}

// EmbedText is the text retrieval embeds for clause i: its heading path and
// its own text.
func (s *Spec) EmbedText(i int) string {
	c := s.Clauses[i]
	return strings.Join(c.Path, " / ") + "\n" + c.Text
}
