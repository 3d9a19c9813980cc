package notebook

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Markdown renders notebook prose to HTML as Jupyter does: CommonMark with
// GitHub's tables, strikethrough and autolinks (goldmark), and TeX math
// ($...$ inline, $$...$$ display) left for MathJax, which the exported page
// loads. Math is cut out before emphasis and escapes are interpreted, so
// "$r_i^v * w_i$" reaches MathJax as written. Raw HTML is omitted and
// script-capable link targets dropped, so a page built from an untrusted
// notebook cannot run its script.
func Markdown(src string) string {
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		// goldmark fails only on a failing writer; show the source instead.
		return "<pre>" + html.EscapeString(src) + "</pre>\n"
	}
	return b.String()
}

var md = goldmark.New(
	goldmark.WithExtensions(
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignStyle)),
		extension.Strikethrough,
		extension.Linkify,
		extension.TaskList,
	),
	goldmark.WithParserOptions(
		parser.WithAutoHeadingID(),
		parser.WithInlineParsers(util.Prioritized(mathParser{}, 150)),
	),
	goldmark.WithRendererOptions(
		renderer.WithNodeRenderers(util.Prioritized(mdRenderer{}, 100)),
		ghtml.WithXHTML(),
	),
)

// reHeading matches an ATX heading line: the page title and figure
// captions come from them.
var reHeading = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`) })

// kindMath is the AST kind of a TeX span.
var kindMath = ast.NewNodeKind("Math")

// mathNode is a TeX span kept verbatim.
type mathNode struct {
	ast.BaseInline
	tex     string
	display bool
}

func (n *mathNode) Kind() ast.NodeKind { return kindMath }

func (n *mathNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"TeX": n.tex}, nil)
}

// mathParser reads $...$ and $$...$$. As in pandoc and Jupyter, inline
// math may not start or end with a space nor be followed by a digit, so
// prices ("$5 and $6") stay text; display math may span lines.
type mathParser struct{}

func (mathParser) Trigger() []byte { return []byte{'$'} }

func (mathParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) > 1 && line[1] == '$' {
		return parseDisplayMath(block)
	}
	// Inline: on one line.
	if len(line) < 3 || line[1] == ' ' || line[1] == '\t' {
		return nil
	}
	for i := 2; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++ // an escaped character, such as \$, never closes
		case '$':
			if line[i-1] == ' ' || line[i-1] == '\t' || i+1 < len(line) && line[i+1] >= '0' && line[i+1] <= '9' {
				continue
			}
			block.Advance(i + 1)
			return &mathNode{tex: string(line[1:i])}
		case '\n':
			return nil
		}
	}
	return nil
}

func parseDisplayMath(block text.Reader) ast.Node {
	l, pos := block.Position()
	block.Advance(2)
	var tex strings.Builder
	for {
		line, _ := block.PeekLine()
		if line == nil {
			block.SetPosition(l, pos)
			return nil
		}
		if i := bytes.Index(line, []byte("$$")); i >= 0 {
			tex.Write(line[:i])
			block.Advance(i + 2)
			return &mathNode{tex: strings.TrimSpace(tex.String()), display: true}
		}
		tex.Write(line)
		block.AdvanceLine()
	}
}

// mdRenderer renders math for MathJax and fenced code with the export's
// Go highlighting.
type mdRenderer struct{}

func (mdRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindMath, renderMath)
	reg.Register(ast.KindFencedCodeBlock, renderFence)
}

// renderMath writes the TeX between MathJax's default delimiters, \(...\)
// and \[...\], which need no configuration script. The TeX is escaped: the
// browser hands MathJax the text back unescaped.
func renderMath(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	m := n.(*mathNode)
	if m.display {
		w.WriteString(`<span class="math display">\[` + html.EscapeString(m.tex) + `\]</span>`)
	} else {
		w.WriteString(`<span class="math inline">\(` + html.EscapeString(m.tex) + `\)</span>`)
	}
	return ast.WalkSkipChildren, nil
}

func renderFence(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	f := n.(*ast.FencedCodeBlock)
	var code strings.Builder
	for i := 0; i < f.Lines().Len(); i++ {
		seg := f.Lines().At(i)
		code.Write(seg.Value(source))
	}
	lang := ""
	if l := f.Language(source); l != nil {
		lang = string(l)
	}
	w.WriteString(codeBlock(strings.TrimSuffix(code.String(), "\n"), lang))
	return ast.WalkSkipChildren, nil
}
