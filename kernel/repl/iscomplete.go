package repl

import (
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// IsComplete tells whether code is ready to run. It is "incomplete" while a
// bracket, block, string or comment is open or the last line ends in an
// operator (the indent, in spaces, continues the open block), "invalid" when
// no more input can fix the code (a closing bracket without its opener, or a
// syntax error in balanced code such as "var := 3"), and "complete"
// otherwise. Consoles run invalid code too, so Execute reports the error
// with its line.
func (e *Engine) IsComplete(code string) (status, indent string) {
	return isComplete(code)
}

func isComplete(code string) (status, indent string) {
	if strings.TrimSpace(code) == "" {
		return "complete", ""
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var s scanner.Scanner
	var scanErr string
	s.Init(file, []byte(code), func(_ token.Position, msg string) {
		if scanErr == "" {
			scanErr = msg
		}
	}, 0)
	var stack []token.Token
	last := token.ILLEGAL
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			stack = append(stack, tok)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(stack) == 0 || stack[len(stack)-1] != opener(tok) {
				return "invalid", ""
			}
			stack = stack[:len(stack)-1]
		}
		if tok != token.SEMICOLON || lit == ";" {
			last = tok
		}
	}
	if scanErr != "" {
		// Unterminated raw strings and block comments continue on the next
		// line; an unterminated interpreted string or rune cannot.
		if strings.Contains(scanErr, "raw string literal not terminated") || strings.Contains(scanErr, "comment not terminated") {
			return "incomplete", ""
		}
		return "invalid", ""
	}
	if len(stack) > 0 {
		// Spaces: jupyter console shows a tab in its prompt as ^I.
		return "incomplete", strings.Repeat(indentUnit, len(stack))
	}
	// A line ending in a binary operator, a comma or a dot continues.
	switch last {
	case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR,
		token.SHL, token.SHR, token.AND_NOT, token.LAND, token.LOR, token.EQL, token.NEQ, token.LSS,
		token.LEQ, token.GTR, token.GEQ, token.ASSIGN, token.DEFINE, token.COMMA, token.PERIOD,
		token.ARROW, token.ADD_ASSIGN, token.SUB_ASSIGN, token.MUL_ASSIGN, token.QUO_ASSIGN:
		return "incomplete", ""
	}
	if !parses(code) {
		return "invalid", ""
	}
	return "complete", ""
}

// indentUnit is one level of the indent IsComplete suggests.
const indentUnit = "    "

// parses reports whether every chunk of a balanced cell is valid Go syntax
// in the mode the engine runs it in: imports and declarations as a file,
// statements inside a function body, a cell with a package clause whole.
func parses(code string) bool {
	fset := token.NewFileSet()
	plan := splitCell(code)
	if plan.program {
		_, err := parser.ParseFile(fset, "", code, parser.SkipObjectResolution)
		return err == nil
	}
	for _, c := range plan.chunks {
		var src string
		switch c.kind {
		case chunkImport, chunkDecl:
			src = "package p\n" + c.src
		default:
			src = "package p\nfunc _() {\n" + c.src + "\n}"
		}
		if _, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution); err != nil {
			return false
		}
	}
	return true
}

// opener returns the opening bracket of a closing one.
func opener(t token.Token) token.Token {
	switch t {
	case token.RPAREN:
		return token.LPAREN
	case token.RBRACK:
		return token.LBRACK
	}
	return token.LBRACE
}
