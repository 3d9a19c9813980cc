package repl

import (
	"errors"
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"strings"

	"github.com/specstress/specstress/kernel/repl/internal/yaegifix"
)

// yaegi v0.16.1 reports some undefined names misleadingly: a compiler panic
// "incomplete type x" for a call argument, "constant definition loop" for
// the right-hand side of a top-level :=. clarify turns both into the
// "undefined: x" a Go programmer expects, at the same position.

var incompleteType = lazyRegexp(`(\d+:\d+): incomplete type (\w+)`)

// clarify rewrites err for the statement run src of run seq starting at line.
func (e *Engine) clarify(err error, src string, line int) error {
	var ie internalError
	if errors.As(err, &ie) {
		msg := fmt.Sprint(ie.value)
		if m := incompleteType().FindStringSubmatch(msg); m != nil {
			// The inner position may be stale (yaegi remembers the name from
			// an earlier run); the outer one is the statement's.
			return fmt.Errorf("%s: undefined: %s", strings.TrimPrefix(cellPos().FindString(msg), "_.go:"), m[2])
		}
		return err
	}
	msg := err.Error()
	if !strings.Contains(msg, "constant definition loop") {
		return err
	}
	pos := cellPos().FindString(msg)
	l, _ := errorLineAny(msg)
	if l == 0 || pos == "" {
		return err
	}
	names := e.undefinedOnLine(src, l-line+1)
	if len(names) == 0 {
		return err
	}
	return fmt.Errorf("%s: undefined: %s", strings.TrimPrefix(pos, "_.go:"), strings.Join(names, ", "))
}

// errorLineAny returns the cell line of the first encoded position in msg.
func errorLineAny(msg string) (line, col int) {
	for _, s := range cellPos().FindAllStringSubmatch(msg, -1) {
		var l, c int
		fmt.Sscan(s[1], &l)
		fmt.Sscan(s[2], &c)
		if _, line, ok := decodeLine(l); ok {
			return line, c
		}
	}
	return 0, 0
}

// undefinedOnLine lists identifiers used on line (1-based, in src) that are
// neither in the session's scope nor declared anywhere in src.
func (e *Engine) undefinedOnLine(src string, line int) []string {
	known := map[string]bool{}
	for _, n := range e.namesInScope() {
		known[n] = true
	}
	if f, _, _, err := yaegifix.ParseFragment(src, false); err == nil {
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.AssignStmt:
				if x.Tok == token.DEFINE {
					for _, l := range x.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							known[id.Name] = true
						}
					}
				}
			case *ast.ValueSpec:
				for _, id := range x.Names {
					known[id.Name] = true
				}
			case *ast.Field:
				for _, id := range x.Names {
					known[id.Name] = true
				}
			case *ast.TypeSpec:
				known[x.Name.Name] = true
			case *ast.RangeStmt:
				for _, k := range []ast.Expr{x.Key, x.Value} {
					if id, ok := k.(*ast.Ident); ok {
						known[id.Name] = true
					}
				}
			}
			return true
		})
	}
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) {
		return nil
	}
	text := lines[line-1]
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile("", -1, len(text)), []byte(text), nil, 0)
	var out []string
	prev := token.ILLEGAL
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.IDENT && prev != token.PERIOD && !known[lit] && lit != "_" {
			out = append(out, lit)
			known[lit] = true
		}
		prev = tok
	}
	return out
}
