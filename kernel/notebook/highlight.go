package notebook

import (
	"go/scanner"
	"go/token"
	"html"
	"strings"
)

// HighlightGo returns src as HTML with keywords, strings, comments and
// numbers wrapped in spans (classes kw, str, com, num). It works on any
// text, complete or not: scanner errors only end a token early.
func HighlightGo(src string) string {
	var fs token.FileSet
	f := fs.AddFile("cell.go", -1, len(src))
	var s scanner.Scanner
	s.Init(f, []byte(src), func(token.Position, string) {}, scanner.ScanComments)
	var b strings.Builder
	last := 0
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		class := ""
		switch {
		case tok.IsKeyword():
			class = "kw"
		case tok == token.STRING || tok == token.CHAR:
			class = "str"
		case tok == token.COMMENT:
			class = "com"
		case tok == token.INT || tok == token.FLOAT || tok == token.IMAG:
			class = "num"
		}
		if class == "" {
			continue
		}
		off := f.Offset(pos)
		if off < last || off > len(src) {
			continue
		}
		end := off + len(lit)
		if tok.IsKeyword() {
			end = off + len(tok.String())
		}
		if end > len(src) {
			end = len(src)
		}
		b.WriteString(html.EscapeString(src[last:off]))
		b.WriteString(`<span class="` + class + `">` + html.EscapeString(src[off:end]) + `</span>`)
		last = end
	}
	b.WriteString(html.EscapeString(src[last:]))
	return b.String()
}

// codeBlock renders a fenced block, highlighting Go.
func codeBlock(code, lang string) string {
	body := html.EscapeString(code)
	if lang == "go" || lang == "" && looksLikeGo(code) {
		body = HighlightGo(code)
	}
	return `<pre class="code"><code>` + body + "</code></pre>\n"
}

func looksLikeGo(code string) bool {
	return strings.Contains(code, ":=") || strings.Contains(code, "func ") || strings.Contains(code, "fmt.")
}
