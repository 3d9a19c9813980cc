package repl

import (
	"go/scanner"
	"go/token"
	"strings"
)

// IsComplete tells whether code is ready to run. It is "incomplete" while a
// bracket, block, string or comment is open (the indent continues the open
// block), "invalid" when a closing bracket has no opener or does not match
// it, which no more input can fix, and "complete" otherwise: other syntax
// errors are left for Execute to report with their line.
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
		return "incomplete", strings.Repeat("\t", len(stack))
	}
	// A line ending in a binary operator, a comma or a dot continues.
	switch last {
	case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR,
		token.SHL, token.SHR, token.AND_NOT, token.LAND, token.LOR, token.EQL, token.NEQ, token.LSS,
		token.LEQ, token.GTR, token.GEQ, token.ASSIGN, token.DEFINE, token.COMMA, token.PERIOD,
		token.ARROW, token.ADD_ASSIGN, token.SUB_ASSIGN, token.MUL_ASSIGN, token.QUO_ASSIGN:
		return "incomplete", ""
	}
	return "complete", ""
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
