package notebook

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestMarkdownBlocks(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"heading", "## Value *profiles*", `<h2 id="value-profiles">Value <em>profiles</em></h2>` + "\n"},
		{"paragraph joins lines", "one\ntwo\n\nthree", "<p>one\ntwo</p>\n<p>three</p>\n"},
		{"bullets", "- a\n- **b**\n", "<ul>\n<li>a</li>\n<li><strong>b</strong></li>\n</ul>\n"},
		{"ordered from 3", "3. x\n4. y", "<ol start=\"3\">\n<li>x</li>\n<li>y</li>\n</ol>\n"},
		{"nested list", "- a\n  - b\n- c", "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n<li>c</li>\n</ul>\n"},
		{"quote", "> note", "<blockquote>\n<p>note</p>\n</blockquote>\n"},
		{"rule", "---", "<hr />\n"},
		{"fence keeps text", "```\na < b\n```", "<pre class=\"code\"><code>a &lt; b</code></pre>\n"},
		{"go fence highlights", "```go\nx := 1\n```", "<pre class=\"code\"><code>x := <span class=\"num\">1</span></code></pre>\n"},
		{"table", "| m | D |\n|---|--:|\n| o3 | 1.5 |", "<table>\n<thead>\n<tr>\n<th>m</th>\n<th style=\"text-align:right\">D</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>o3</td>\n<td style=\"text-align:right\">1.5</td>\n</tr>\n</tbody>\n</table>\n"},
		{"emphasis across a line break", "the *first\nhour* of a **new\nuser**", "<p>the <em>first\nhour</em> of a <strong>new\nuser</strong></p>\n"},
		{"display math over lines", "$$\nD(x) = \\max_v s_v\n$$", "<p><span class=\"math display\">\\[D(x) = \\max_v s_v\\]</span></p>\n"},
	}
	for _, tc := range cases {
		if got := Markdown(tc.in); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestMarkdownInline(t *testing.T) {
	cases := []struct{ in, want string }{
		{"`a*b*` and *c*", "<code>a*b*</code> and <em>c</em>"},
		{"D(x, M) with snake_case_name", "D(x, M) with snake_case_name"},
		{"[paper](https://arxiv.org/abs/2510.07686)", `<a href="https://arxiv.org/abs/2510.07686">paper</a>`},
		{"<script>alert(1)</script>", "<!-- raw HTML omitted -->\n"},
		{"a <img src=x onerror=alert(1)> inline", "a <!-- raw HTML omitted --> inline"},
		{"[x](javascript:alert(1))", `<a href="">x</a>`},
		{"![fig](data:image/png;base64,AAA)", `<img src="data:image/png;base64,AAA" alt="fig" />`},
		{"$D \\geq 1.5$ & more", `<span class="math inline">\(D \geq 1.5\)</span> &amp; more`},
		{"$r_i^v$ and $x_1$ stay TeX", `<span class="math inline">\(r_i^v\)</span> and <span class="math inline">\(x_1\)</span> stay TeX`},
		{"$a_1 * b_2$ then $c * d_3$", `<span class="math inline">\(a_1 * b_2\)</span> then <span class="math inline">\(c * d_3\)</span>`},
		{"$x < y$", `<span class="math inline">\(x &lt; y\)</span>`},
		{"$$D = \\max_v SD$$", `<span class="math display">\[D = \max_v SD\]</span>`},
		{"costs $5 and $6", "costs $5 and $6"},
		{"`$x_1$` is code", "<code>$x_1$</code> is code"},
		{"an escaped \\$x$ is no math", "an escaped $x$ is no math"},
	}
	for _, tc := range cases {
		got := strings.TrimSuffix(strings.TrimPrefix(Markdown(tc.in), "<p>"), "</p>\n")
		if got != tc.want {
			t.Errorf("Markdown(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLatexOutputsAreMath(t *testing.T) {
	cases := map[string]string{
		`$$\alpha_1 < 2$$`: `<div class="math display">$$\alpha_1 &lt; 2$$</div>`,
		`$x_1$`:            `<div class="math display">\[x_1\]</div>`,
		`\beta`:            `<div class="math display">\[\beta\]</div>`,
	}
	for in, want := range cases {
		o := Output{Type: DisplayDataOutput, Data: map[string]any{"text/latex": in, "text/plain": in}}
		if got := OutputHTML(o); got != want {
			t.Errorf("text/latex %q renders %q, want %q", in, got, want)
		}
	}
	nb := New()
	nb.Cells = append(nb.Cells, NewMarkdown("no math here"))
	if strings.Contains(nb.HTML(HTMLOptions{}), "<script") {
		t.Error("a page without math loads MathJax")
	}
	nb.Cells = append(nb.Cells, NewMarkdown("with $x$"))
	if !strings.Contains(nb.HTML(HTMLOptions{}), `<script id="MathJax-script" async src="`+MathJaxURL+`"></script>`) {
		t.Error("a page with math does not load MathJax")
	}
}

func TestHighlightGo(t *testing.T) {
	got := HighlightGo("// note <x>\nfor i := 0; i < 3; i++ { s := \"<b>\" }")
	for _, want := range []string{
		`<span class="com">// note &lt;x&gt;</span>`,
		`<span class="kw">for</span>`,
		`<span class="str">&#34;&lt;b&gt;&#34;</span>`,
		`i &lt; <span class="num">3</span>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("highlight lacks %q in %s", want, got)
		}
	}
	// Broken code still renders every byte.
	broken := "s := \"unterminated\n/* open"
	if got := HighlightGo(broken); !strings.Contains(got, "open") || !strings.Contains(got, "unterminated") {
		t.Errorf("broken source lost text: %s", got)
	}
}

func TestHTMLExportIsSelfContained(t *testing.T) {
	nb := codeNotebook("out <hello>\\n\nshow - x\npng", "fail panic \x1b[31mboom\x1b[0m")
	nb.Cells[0].Source = "# Quick start\n\nLoad the *sample*."
	mustRun(t, nb, Options{ContinueOnError: true})
	nb.Cells[1].Outputs = append(nb.Cells[1].Outputs, Output{Type: DisplayDataOutput, Data: map[string]any{"text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "t"}})
	page := nb.HTML(HTMLOptions{})
	for _, want := range []string{
		"<title>Quick start</title>",
		`<h1 id="quick-start">Quick start</h1>`,
		"<em>sample</em>",
		"&lt;hello&gt;",
		`<img class="figure" src="data:image/png;base64,iVBORw0KGgo="`,
		"<table><tr><td>1</td></tr></table>",
		"In [1]:", "Out [1]:",
		`<pre class="error">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(nb.HTML(HTMLOptions{HideCode: true}), "\x1b") {
		t.Errorf("page contains ANSI escapes")
	}
	for _, external := range []string{"http://", "https://", "<script", "<link"} {
		if strings.Contains(page, external) {
			t.Errorf("page refers to %q: must be self-contained", external)
		}
	}
	if got := len(nb.Figures()); got != 1 {
		t.Errorf("Figures() = %d, want 1 (the png)", got)
	}
	if strings.Contains(nb.HTML(HTMLOptions{HideCode: true}), "In [1]:") {
		t.Errorf("HideCode still shows code")
	}
}

// TestHTMLExportEscapesHostileNotebooks: every attribute the export writes
// from a notebook's content (cell type, stream name, image data, image size
// metadata, link targets) is escaped, checked by what an independent HTML
// parser makes of the page: no event handler attributes, no script
// elements, and each attribute value exactly the notebook's text.
func TestHTMLExportEscapesHostileNotebooks(t *testing.T) {
	nb, err := ReadFile(filepath.Join("testdata", "hostile.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	// A notebook built in code can carry any cell type: the export must
	// not trust it either.
	nb.Cells = append(nb.Cells, &Cell{Type: `raw" onload="alert(16)`, Source: "x"})
	page := nb.HTML(HTMLOptions{})
	for _, bad := range []string{`" onload="`, `" onclick="`, `" onerror="`, `" onmouseover="`, "<script"} {
		if strings.Contains(page, bad) {
			i := strings.Index(page, bad)
			t.Errorf("page contains %q: ...%s...", bad, page[max(0, i-80):min(len(page), i+80)])
		}
	}
	py := "/usr/bin/python3"
	if _, err := exec.LookPath(py); err != nil {
		if os.Getenv("SPECSTRESS_CI") == "1" {
			t.Fatalf("%s is required under CI", py)
		}
		t.Skipf("no %s for the independent parser", py)
	}
	path := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, filepath.Join("testdata", "html_attrs.py"), path).CombinedOutput()
	if err != nil {
		t.Fatalf("html_attrs.py: %v\n%s", err, out)
	}
	allowed := map[string]bool{"lang": true, "charset": true, "name": true, "content": true, "class": true,
		"id": true, "src": true, "alt": true, "href": true, "width": true, "height": true, "start": true, "style": true}
	found := map[string]bool{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var tag struct {
			Tag   string      `json:"tag"`
			Attrs [][2]string `json:"attrs"`
		}
		if err := dec.Decode(&tag); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("parser output: %v\n%s", err, out)
		}
		if tag.Tag == "script" || tag.Tag == "svg" {
			t.Errorf("the parser found a <%s> element", tag.Tag)
		}
		for _, a := range tag.Attrs {
			if !allowed[a[0]] {
				t.Errorf("the parser found attribute %s=%q on <%s>", a[0], a[1], tag.Tag)
			}
			found[tag.Tag+" "+a[0]+"="+a[1]] = true
		}
	}
	// The hostile text arrives as the attribute's value, whole.
	for _, want := range []string{
		`div class=cell raw" onload="alert(16)`,
		`pre class=stream stdout" onclick="alert(7)`,
		`img width=100" onload="alert(9)`,
		`img height=<script>alert(10)</script>`,
		`img width=1" onload="alert(12)`,
	} {
		if !found[want] {
			t.Errorf("the parser did not find %s", want)
		}
	}
	if !strings.Contains(page, "image/png output with invalid base64 data") {
		t.Error("the bad image data is not reported")
	}
}
