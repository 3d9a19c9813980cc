package typecheck

import (
	"fmt"
	"go/scanner"
	"go/token"
	"strings"
)

// pieceKind says where a top-level piece of a cell goes in the file the
// checker sees.
type pieceKind int

const (
	pieceSkip   pieceKind = iota // a package clause
	pieceImport                  // an import declaration
	pieceDecl                    // a func, method, type or const declaration: package level
	pieceStmt                    // a statement or var declaration: the cell's body
)

// piece is one top-level declaration or statement of a cell.
type piece struct {
	kind       pieceKind
	start, end int // byte offsets in the cell
	line, col  int // 1-based position of start
}

// cellFileName is the file name of the cell's pieces in positions; the
// line directives in front of each piece put it at its place in the cell.
const cellFileName = "cell"

// scanTok is a token of a piece and its offset.
type scanTok struct {
	t   token.Token
	off int
}

// splitPieces cuts a cell at the semicolons (explicit or automatic) outside
// brackets and classifies each piece by its first tokens. It never fails:
// the parser reports what is not Go.
func splitPieces(src string) []piece {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), nil, 0)
	var (
		pieces []piece
		depth  int
		toks   []scanTok // the first tokens of the current piece
		start  = -1
	)
	flush := func(end int) {
		if start < 0 {
			return
		}
		p := piece{kind: classify(toks), start: start, end: end}
		pos := fset.Position(file.Pos(start))
		p.line, p.col = pos.Line, pos.Column
		pieces = append(pieces, p)
		start, toks = -1, toks[:0]
	}
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		off := file.Offset(pos)
		if t == token.SEMICOLON && depth == 0 {
			end := off
			if lit == ";" {
				end++
			}
			flush(end)
			continue
		}
		if start < 0 {
			start = off
		}
		if len(toks) < 64 {
			toks = append(toks, scanTok{t, off})
		}
		switch t {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if depth > 0 {
				depth--
			}
		}
	}
	flush(len(src))
	for i := range pieces {
		p := &pieces[i]
		for p.end > p.start && strings.ContainsRune(" \t\r\n;", rune(src[p.end-1])) {
			p.end--
		}
	}
	return pieces
}

// classify tells a piece's kind from its first tokens. A func piece is a
// declaration when a name follows func, or a receiver and then a name and a
// parameter list; otherwise it is a function literal used in a statement.
func classify(toks []scanTok) pieceKind {
	if len(toks) == 0 {
		return pieceStmt
	}
	switch toks[0].t {
	case token.PACKAGE:
		return pieceSkip
	case token.IMPORT:
		return pieceImport
	case token.TYPE, token.CONST:
		return pieceDecl
	case token.FUNC:
		if len(toks) > 1 && toks[1].t == token.IDENT {
			return pieceDecl
		}
		// func (recv) Name( : find the receiver's closing paren.
		depth := 0
		for i := 1; i < len(toks); i++ {
			switch toks[i].t {
			case token.LPAREN, token.LBRACK:
				depth++
			case token.RPAREN, token.RBRACK:
				depth--
				if depth == 0 {
					if i+2 < len(toks) && toks[i+1].t == token.IDENT && toks[i+2].t == token.LPAREN {
						return pieceDecl
					}
					return pieceStmt
				}
			}
		}
		// A receiver longer than the tokens kept: a method.
		return pieceDecl
	}
	return pieceStmt
}

// directive places the text that follows at line:col of the cell.
func directive(line, col int) string {
	return fmt.Sprintf("/*line %s:%d:%d*/", cellFileName, line, col)
}

// cellSource is the Go file the checker sees for a cell: the cell's imports
// and declarations at package level, its statements (and var declarations)
// in order in the body of a function, each piece behind a line directive
// that keeps its cell position.
type cellSource struct {
	text string
	// last is the offset in the cell of its final piece when that piece is
	// a statement, else -1: an expression there is the cell's value.
	last int
	// stmts reports whether the cell has statements.
	stmts bool
}

// buildCell assembles the checked file of a cell.
func buildCell(src string, pieces []piece) cellSource {
	var b strings.Builder
	b.WriteString("package main\n")
	cs := cellSource{last: -1}
	for _, k := range []pieceKind{pieceImport, pieceDecl} {
		for _, p := range pieces {
			if p.kind == k {
				b.WriteString(directive(p.line, p.col))
				b.WriteString(src[p.start:p.end])
				b.WriteString("\n")
			}
		}
	}
	b.WriteString("\n//line wrapper:1\nfunc _() {\n")
	for _, p := range pieces {
		if p.kind == pieceStmt {
			b.WriteString(directive(p.line, p.col))
			b.WriteString(src[p.start:p.end])
			b.WriteString("\n")
			cs.stmts = true
		}
	}
	b.WriteString("}\n")
	if n := len(pieces); n > 0 && pieces[n-1].kind == pieceStmt {
		cs.last = pieces[n-1].start
	}
	cs.text = b.String()
	return cs
}
