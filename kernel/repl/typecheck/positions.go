package typecheck

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// gcPos returns the position the Go compiler gives an error that go/types
// reports at e.Pos. The compiler's checker (types2) shares go/types' code
// and messages but places a few errors differently, because its syntax
// tree positions a call at its opening parenthesis and because it reports
// a missing argument at the last argument rather than at the closing
// parenthesis. Messages are Go's own; so are positions, where they differ.
func gcPos(f *ast.File, e types.Error) token.Pos {
	switch {
	case strings.HasPrefix(e.Msg, "not enough arguments in call to "):
		if call := findCall(f, func(c *ast.CallExpr) bool { return c.Rparen == e.Pos }); call != nil {
			if n := len(call.Args); n > 0 {
				return call.Args[n-1].Pos()
			}
			return call.Pos()
		}
	case strings.Contains(e.Msg, "does not satisfy") || strings.HasPrefix(e.Msg, "in call to ") && strings.Contains(e.Msg, "cannot infer"):
		if call := findCall(f, func(c *ast.CallExpr) bool { return c.Pos() == e.Pos }); call != nil {
			return call.Lparen
		}
	}
	return e.Pos
}

// findCall returns the first call in f for which match is true.
func findCall(f *ast.File, match func(*ast.CallExpr) bool) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(f, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		if c, ok := n.(*ast.CallExpr); ok && match(c) {
			found = c
			return false
		}
		return true
	})
	return found
}
