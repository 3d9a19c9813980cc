package repl

import (
	"fmt"
	"go/scanner"
	"go/token"
	"regexp"
	"strings"
)

// panicKind classifies a runtime panic by what a Go program would have done.
type panicKind int

const (
	panicOther panicKind = iota
	panicIndex
	panicSlice
	panicNil
	panicDivide
	panicAssert
)

// reflectPanics maps the reflect package's panic texts, which yaegi raises
// where compiled Go would raise a runtime error, to Go's own runtime messages.
var reflectPanics = []struct {
	re   *regexp.Regexp
	msg  string
	kind panicKind
}{
	{regexp.MustCompile(`^reflect: (slice|array|string) index out of range$`), "runtime error: index out of range", panicIndex},
	{regexp.MustCompile(`^reflect\.Value\.Slice3?: slice (index|bounds) out of (range|bounds)`), "runtime error: slice bounds out of range", panicSlice},
	{regexp.MustCompile(`^reflect: call of reflect\.Value\.\w+ on zero Value$`), "runtime error: invalid memory address or nil pointer dereference", panicNil},
	{regexp.MustCompile(`^reflect: call of reflect\.Value\.\w+ on ptr Value$`), "runtime error: invalid memory address or nil pointer dereference", panicNil},
	{regexp.MustCompile(`^runtime error: invalid memory address or nil pointer dereference$`), "", panicNil},
	{regexp.MustCompile(`^runtime error: integer divide by zero$`), "", panicDivide},
	{regexp.MustCompile(`^runtime error: index out of range`), "", panicIndex},
	{regexp.MustCompile(`^runtime error: slice bounds out of range`), "", panicSlice},
	{regexp.MustCompile(`^interface conversion: `), "", panicAssert},
}

// leadingPos is the position yaegi puts in front of some panic values
// ("40002:6: interface conversion: ...").
var leadingPos = regexp.MustCompile(`^(?:_\.go:)?\d+:\d+: `)

// goPanic returns the message Go would print for a runtime panic raised in
// run seq, its kind, and the cell position yaegi's text named, if any.
func goPanic(msg string, seq int) (text string, kind panicKind, line, col int) {
	if p := leadingPos.FindString(msg); p != "" {
		line, col = errorLine(p, seq)
		msg = msg[len(p):]
	}
	for strings.HasPrefix(msg, "runtime error: runtime error: ") {
		msg = strings.TrimPrefix(msg, "runtime error: ")
	}
	for _, r := range reflectPanics {
		if r.re.MatchString(msg) {
			if r.msg != "" {
				msg = r.msg
			}
			return msg, r.kind, line, col
		}
	}
	return msg, panicOther, line, col
}

// panicLines returns the lines of the cell's top-level statements where a
// panic of kind can arise: index expressions for an index error, / and % for
// a division, type assertions, selectors and dereferences for a nil pointer.
// yaegi does not say where in the cell's own statements a runtime panic
// happened (it does inside functions), so when exactly one line qualifies the
// error names it (col is the token's column), and otherwise it lists them.
func panicLines(src string, kind panicKind, isPkg func(string) bool) (lines []int, col int) {
	if kind == panicOther {
		return nil, 0
	}
	seen := map[int]bool{}
	for _, c := range splitCell(src).chunks {
		if c.kind != chunkStmt && c.kind != chunkExpr {
			continue
		}
		for _, p := range candidateLines(c.src, kind, isPkg) {
			l := p.Line + c.line - 1
			if p.Line == 1 {
				p.Column += c.col - 1
			}
			if !seen[l] {
				seen[l] = true
				lines = append(lines, l)
				col = p.Column
			}
		}
	}
	if len(lines) != 1 {
		col = 0
	}
	return lines, col
}

// candidateLines scans statements for the tokens a panic of kind needs.
func candidateLines(src string, kind panicKind, isPkg func(string) bool) []token.Position {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), nil, 0)
	var out []token.Position
	var prev, prev2 token.Token
	var prevLit string
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		hit := false
		switch kind {
		case panicIndex, panicSlice:
			hit = tok == token.LBRACK && (prev == token.IDENT || prev == token.RPAREN || prev == token.RBRACK || prev == token.STRING)
		case panicDivide:
			hit = tok == token.QUO || tok == token.REM || tok == token.QUO_ASSIGN || tok == token.REM_ASSIGN
		case panicAssert:
			hit = tok == token.LPAREN && prev == token.PERIOD
		case panicNil:
			// x.f where x is not a package, or *x.
			hit = tok == token.IDENT && prev == token.PERIOD && !(prev2 == token.IDENT && isPkg(prevLit)) ||
				tok == token.MUL && (prev == token.ASSIGN || prev == token.DEFINE || prev == token.LPAREN || prev == token.COMMA || prev == token.SEMICOLON)
		}
		if hit {
			out = append(out, file.Position(pos))
		}
		if tok == token.IDENT {
			prevLit = lit
		} else if tok != token.PERIOD {
			prevLit = ""
		}
		prev2, prev = prev, tok
	}
	return out
}

// linesText lists line numbers for a message: "line 3" or "lines 3, 5 or 7".
func linesText(lines []int) string {
	if len(lines) == 1 {
		return fmt.Sprintf("line %d", lines[0])
	}
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = fmt.Sprint(l)
	}
	return "lines " + strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}
