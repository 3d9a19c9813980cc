package typecheck

import (
	"fmt"
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

// gcMessages maps the messages go/types words differently from the Go
// compiler, whose syntax checker reports misplaced branches and labels.
var gcMessages = []struct{ from, to string }{
	{"break not in for, switch, or select statement", "break is not in a loop, switch, or select"},
	{"continue not in for statement", "continue is not in a loop"},
}

// gcMessage returns the compiler's wording of a go/types message.
func gcMessage(msg string) string {
	for _, m := range gcMessages {
		if msg == m.from {
			return m.to
		}
	}
	if rest, ok := strings.CutPrefix(msg, "label "); ok {
		if name, ok := strings.CutSuffix(rest, " declared and not used"); ok {
			return "label " + name + " defined and not used"
		}
		if name, ok := strings.CutSuffix(rest, " not declared"); ok {
			return "label " + name + " not defined"
		}
	}
	return msg
}

// joinContinuations folds the continuation parts go/types reports as
// separate errors (a message starting with a tab, such as "\tprevious
// case") into the error before them, as the compiler prints them: on a
// new line, with their position.
func joinContinuations(fset *token.FileSet, errs []types.Error) []types.Error {
	var out []types.Error
	for _, e := range errs {
		if strings.HasPrefix(e.Msg, "\t") && len(out) > 0 {
			p := fset.PositionFor(e.Pos, true)
			at := fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
			out[len(out)-1].Msg += "\n\t" + at + ": " + strings.TrimPrefix(e.Msg, "\t")
			continue
		}
		out = append(out, e)
	}
	return out
}
