package repl

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// chunkKind says how a run of a cell is fed to yaegi.
type chunkKind int

const (
	// chunkImport is one import declaration (possibly parenthesised).
	chunkImport chunkKind = iota
	// chunkDecl is a run of top-level func, method, type, var and const
	// declarations, fed to yaegi in file mode.
	chunkDecl
	// chunkStmt is a run of statements, fed in statement mode.
	chunkStmt
	// chunkExpr is the cell's trailing expression statement, whose value
	// becomes the cell's result.
	chunkExpr
)

// chunk is a contiguous piece of a cell of one kind. yaegi chooses file or
// statement mode from the first token of a source, so a cell mixing imports,
// declarations and statements must be fed in such runs, in order.
type chunk struct {
	kind  chunkKind
	src   string // the text of the cell, verbatim
	start int    // byte offset of src in the cell
	line  int    // 1-based line of src's first byte in the cell
	col   int    // 1-based column of src's first byte
	// decls holds the declarations of a chunkDecl, one per top-level
	// declaration, for the session's index and redefinition detection.
	decls []piece
}

// piece is one top-level declaration or statement of a cell.
type piece struct {
	tok        token.Token // first token: IMPORT, FUNC, TYPE, VAR, CONST or another
	start, end int         // byte offsets in the cell (start includes a doc comment)
	code       int         // byte offset of the first token (after the doc comment)
	line, col  int
}

// cellPlan is a cell split into chunks.
type cellPlan struct {
	chunks []chunk
	// program is set when the cell has a package clause: a whole program
	// whose main, if declared, runs after the declarations.
	program bool
	// hasMain reports that the cell declares func main.
	hasMain bool
}

// splitCell splits cell source into chunks of imports, declarations and
// statements in source order, the last expression statement on its own. It
// never fails: text it cannot classify is a statement, and yaegi reports the
// syntax error with the cell's line numbers.
func splitCell(src string) cellPlan {
	var plan cellPlan
	pieces := scanPieces(src)
	for i := 0; i < len(pieces); i++ {
		p := pieces[i]
		text := src[p.start:p.end]
		switch {
		case p.tok == token.PACKAGE:
			plan.program = true
			continue
		case p.tok == token.IMPORT:
			plan.chunks = append(plan.chunks, chunk{kind: chunkImport, src: text, start: p.start, line: p.line, col: p.col})
			continue
		case isDecl(p.tok, src[p.code:p.end]):
			if p.tok == token.FUNC && declaresMain(src[p.code:p.end]) {
				plan.hasMain = true
			}
			n := len(plan.chunks)
			if n > 0 && plan.chunks[n-1].kind == chunkDecl {
				c := &plan.chunks[n-1]
				c.src = src[c.start:p.end]
				c.decls = append(c.decls, p)
				continue
			}
			plan.chunks = append(plan.chunks, chunk{kind: chunkDecl, src: text, start: p.start, line: p.line, col: p.col, decls: []piece{p}})
			continue
		}
		last := i == len(pieces)-1
		if last && isExprStmt(src[p.code:p.end]) {
			pos := lineCol(src, p.code)
			plan.chunks = append(plan.chunks, chunk{kind: chunkExpr, src: src[p.code:p.end], start: p.code, line: pos.Line, col: pos.Column})
			continue
		}
		n := len(plan.chunks)
		if n > 0 && plan.chunks[n-1].kind == chunkStmt {
			c := &plan.chunks[n-1]
			c.src = src[c.start:p.end]
			continue
		}
		plan.chunks = append(plan.chunks, chunk{kind: chunkStmt, src: text, start: p.start, line: p.line, col: p.col})
	}
	return plan
}

// scanPieces cuts src at the semicolons (explicit or inserted at line ends)
// that sit outside any bracket. Comments directly before a piece belong to it
// so that doc comments travel with their declarations.
func scanPieces(src string) []piece {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, scanner.ScanComments)
	var (
		pieces       []piece
		depth        int
		cur          *piece
		commentStart = -1
		prevLine     = -1
	)
	closePiece := func(end int) {
		if cur != nil {
			cur.end = end
			pieces = append(pieces, *cur)
			cur = nil
		}
	}
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		off := file.Offset(pos)
		line := file.Line(pos)
		if tok == token.COMMENT {
			if cur == nil {
				// A blank line between comment and code detaches the comment.
				if commentStart < 0 || line > prevLine+1 {
					commentStart = off
				}
				prevLine = line + strings.Count(lit, "\n")
			}
			continue
		}
		if tok == token.SEMICOLON && depth == 0 {
			end := off
			if lit == ";" {
				end = off + 1
			}
			closePiece(end)
			commentStart = -1
			continue
		}
		if cur == nil {
			start := off
			if commentStart >= 0 && line <= prevLine+1 {
				start = commentStart
			}
			commentStart = -1
			p := fset.Position(file.Pos(start))
			cur = &piece{tok: tok, start: start, code: off, line: p.Line, col: p.Column}
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if depth > 0 {
				depth--
			}
		}
	}
	closePiece(len(src))
	for i := range pieces {
		pieces[i].end = trimRight(src, pieces[i].start, pieces[i].end)
	}
	return pieces
}

// trimRight moves end back over trailing white space.
func trimRight(src string, start, end int) int {
	for end > start && strings.ContainsRune(" \t\r\n", rune(src[end-1])) {
		end--
	}
	return end
}

// lineCol returns the 1-based line and byte column of offset off in src.
func lineCol(src string, off int) token.Position {
	line := 1 + strings.Count(src[:off], "\n")
	col := off - strings.LastIndexByte(src[:off], '\n')
	return token.Position{Line: line, Column: col}
}

// isDecl reports whether a piece starting with tok is a top-level
// declaration. var, const and type always are (yaegi keeps both forms
// global); func is one unless it is a function literal used as a statement.
func isDecl(tok token.Token, text string) bool {
	switch tok {
	case token.TYPE, token.VAR, token.CONST:
		return true
	case token.FUNC:
		_, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+text, parser.SkipObjectResolution)
		return err == nil
	}
	return false
}

// declaresMain reports whether a func declaration is func main().
func declaresMain(text string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+text, parser.SkipObjectResolution)
	if err != nil || len(f.Decls) != 1 {
		return false
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	return ok && fd.Recv == nil && fd.Name.Name == "main"
}

// parseStmt parses one statement; nil if text is not exactly one statement.
func parseStmt(text string) ast.Stmt {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;func _(){\n"+text+"\n}", parser.SkipObjectResolution)
	if err != nil || len(f.Decls) != 1 {
		return nil
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	if body == nil || len(body.List) != 1 {
		return nil
	}
	return body.List[0]
}

// isExprStmt reports whether text is a single expression statement.
func isExprStmt(text string) bool {
	_, ok := parseStmt(text).(*ast.ExprStmt)
	return ok
}

// printerCall reports whether text is a call of a printing function, whose
// results (byte counts, errors) are noise rather than a cell value. pkgs maps
// import names to paths in the session, so a renamed fmt is recognised too.
func printerCall(text string, pkgs map[string]string) bool {
	es, ok := parseStmt(text).(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return false
	}
	path := pkgs[id.Name]
	if path == "" {
		path = id.Name
	}
	name := sel.Sel.Name
	switch path {
	case "fmt":
		return strings.HasPrefix(name, "Print") || strings.HasPrefix(name, "Fprint")
	case "log":
		return strings.HasPrefix(name, "Print") || strings.HasPrefix(name, "Fatal") || strings.HasPrefix(name, "Panic")
	}
	return false
}
