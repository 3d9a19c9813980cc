package repl

import (
	"fmt"
	"go/scanner"
	"go/token"
	"reflect"
	"strconv"
	"strings"

	"github.com/specstress/specstress/kernel/repl/internal/yaegifix"
)

// panicKind classifies a runtime panic by what a Go program would have done
// (yaegifix.GoPanic translates yaegi's texts).
type panicKind = yaegifix.PanicKind

const (
	panicOther    = yaegifix.PanicOther
	panicIndex    = yaegifix.PanicIndex
	panicSlice    = yaegifix.PanicSlice
	panicNil      = yaegifix.PanicNil
	panicDivide   = yaegifix.PanicDivide
	panicAssert   = yaegifix.PanicAssert
	panicMapWrite = yaegifix.PanicMapWrite
	panicCall     = yaegifix.PanicCall
)

// leadingPos is the position yaegi puts in front of some panic values
// ("40002:6: interface conversion: ...").
var leadingPos = lazyRegexp(`^(?:_\.go:)?\d+:\d+: `)

// goPanic returns the message Go would print for a runtime panic raised in
// run seq, its kind, and the cell position yaegi's text named, if any.
func goPanic(msg string, seq int) (text string, kind panicKind, line, col int) {
	if p := leadingPos().FindString(msg); p != "" {
		line, col = errorLine(p, seq)
		msg = msg[len(p):]
	}
	text, kind = yaegifix.GoPanic(msg)
	return text, kind, line, col
}

// indexSite is an index expression x[i] whose operand and index are plain
// names or an integer literal, at brace depth 0 of the cell's statements,
// with names no block of the cell declares or uses (so the session variable
// of that name is the one the expression read).
type indexSite struct{ x, i string }

// panicLines returns the lines of the cell's top-level statements where a
// panic of kind can arise: index expressions for an index error, / and % for
// a division, type assertions, selectors and dereferences for a nil pointer.
// yaegi does not say where in the cell's own statements a runtime panic
// happened (it does inside functions), so when exactly one line qualifies the
// error names it (col is the token's column), and otherwise it lists them.
// at is the index expression when it is the only candidate and simple.
func panicLines(src string, kind panicKind, isPkg func(string) bool) (lines []int, col int, at *indexSite) {
	if kind == panicOther {
		return nil, 0, nil
	}
	seen := map[int]bool{}
	var all []candidate
	inner := map[string]bool{}
	for _, c := range splitCell(src).chunks {
		cands, names := candidates(c.src, kind, isPkg)
		for n := range names {
			inner[n] = true
		}
		if c.kind != chunkStmt && c.kind != chunkExpr {
			continue
		}
		for _, p := range cands {
			l := p.pos.Line + c.line - 1
			if p.pos.Line == 1 {
				p.pos.Column += c.col - 1
			}
			all = append(all, p)
			if !seen[l] {
				seen[l] = true
				lines = append(lines, l)
				col = p.pos.Column
			}
		}
	}
	if len(lines) != 1 {
		return lines, 0, nil
	}
	if len(all) == 1 && all[0].site != nil && !inner[all[0].site.x] && !inner[all[0].site.i] {
		at = all[0].site
	}
	return lines, col, at
}

// candidate is one token where a panic of the kind asked for can arise.
type candidate struct {
	pos  token.Position
	site *indexSite // a simple index expression at depth 0, for panicIndex
}

// candidates scans statements for the tokens a panic of kind needs; names
// holds every identifier inside braces (blocks, function literals, composite
// literals), where a name may stand for something else than the session
// variable.
func candidates(src string, kind panicKind, isPkg func(string) bool) (out []candidate, names map[string]bool) {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), nil, 0)
	type tk struct {
		pos token.Pos
		tok token.Token
		lit string
	}
	var toks []tk
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		toks = append(toks, tk{pos, tok, lit})
	}
	names = map[string]bool{}
	depth := 0
	at := func(k int) tk {
		if k < 0 || k >= len(toks) {
			return tk{}
		}
		return toks[k]
	}
	for k, t := range toks {
		switch t.tok {
		case token.LBRACE:
			depth++
		case token.RBRACE:
			depth--
		case token.IDENT:
			if depth > 0 {
				names[t.lit] = true
			}
		}
		prev, prev2 := at(k-1), at(k-2)
		hit := false
		var site *indexSite
		switch kind {
		case panicMapWrite:
			hit = t.tok == token.LBRACK && prev.tok == token.IDENT
		case panicCall:
			// f() where f is a variable: not a package member, method or builtin.
			hit = t.tok == token.LPAREN && prev.tok == token.IDENT && prev2.tok != token.PERIOD && !isBuiltin(prev.lit)
		case panicIndex, panicSlice:
			hit = t.tok == token.LBRACK && (prev.tok == token.IDENT || prev.tok == token.RPAREN || prev.tok == token.RBRACK || prev.tok == token.STRING)
			if hit && kind == panicIndex && depth == 0 && prev.tok == token.IDENT && prev2.tok != token.PERIOD &&
				(at(k+1).tok == token.IDENT || at(k+1).tok == token.INT) && at(k+2).tok == token.RBRACK {
				site = &indexSite{x: prev.lit, i: at(k + 1).lit}
			}
		case panicDivide:
			hit = t.tok == token.QUO || t.tok == token.REM || t.tok == token.QUO_ASSIGN || t.tok == token.REM_ASSIGN
		case panicAssert:
			hit = t.tok == token.LPAREN && prev.tok == token.PERIOD
		case panicNil:
			// x.f where x is not a package, or *x.
			hit = t.tok == token.IDENT && prev.tok == token.PERIOD && !(prev2.tok == token.IDENT && isPkg(prev2.lit)) ||
				t.tok == token.MUL && (prev.tok == token.ASSIGN || prev.tok == token.DEFINE || prev.tok == token.LPAREN || prev.tok == token.COMMA || prev.tok == token.SEMICOLON)
		}
		if hit {
			out = append(out, candidate{pos: file.Position(t.pos), site: site})
		}
	}
	return out, names
}

// indexDetail returns Go's " [5] with length 3" for a failed index
// expression, read from the session variables it names, or "" when they
// cannot be read or do not show an index out of range (then they are not
// what the expression saw).
func indexDetail(at *indexSite, global func(string) (reflect.Value, bool)) string {
	if at == nil {
		return ""
	}
	x, ok := global(at.x)
	for ok && (x.Kind() == reflect.Pointer || x.Kind() == reflect.Interface) && !x.IsNil() {
		x = x.Elem()
	}
	if !ok || (x.Kind() != reflect.Slice && x.Kind() != reflect.Array && x.Kind() != reflect.String) {
		return ""
	}
	var idx int64
	if n, err := strconv.ParseInt(at.i, 0, 64); err == nil {
		idx = n
	} else {
		v, ok := global(at.i)
		for ok && v.Kind() == reflect.Interface && !v.IsNil() {
			v = v.Elem()
		}
		if !ok || !v.CanInt() {
			return ""
		}
		idx = v.Int()
	}
	n := int64(x.Len())
	if idx >= 0 && idx < n {
		return ""
	}
	return fmt.Sprintf(" [%d] with length %d", idx, n)
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

// isBuiltin reports whether name is a predeclared function or conversion.
func isBuiltin(name string) bool {
	switch name {
	case "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make", "max", "min",
		"new", "panic", "print", "println", "real", "recover", "string", "int", "int64", "float64", "byte", "rune", "any":
		return true
	}
	return false
}
