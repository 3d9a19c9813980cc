package yaegifix

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// RangeCandidates returns the `for k := range x` statements whose range
// expression might be an integer: yaegi v0.16.1 crashes in its compiler on
// range over int (Go 1.22), so these are rewritten into three-clause loops
// when the compiler fails. Without type information the candidates include
// ranges over slices and maps; the caller keeps only rewrites that compile.
// Edits whose expression is certainly an integer are marked Sure.
func RangeCandidates(src string, decl bool) []Edit {
	f, file, off, err := ParseFragment(src, decl)
	if err != nil {
		return nil
	}
	at := func(p token.Pos) int { return file.Offset(p) - off }
	var edits []Edit
	ast.Inspect(f, func(n ast.Node) bool {
		r, ok := n.(*ast.RangeStmt)
		if !ok || r.Value != nil || (r.Key != nil && r.Tok != token.DEFINE) {
			return true
		}
		switch x := r.X.(type) {
		case *ast.CompositeLit, *ast.FuncLit:
			return true
		case *ast.BasicLit:
			if x.Kind != token.INT {
				return true
			}
		}
		key := "__ri"
		if r.Key != nil {
			key = src[at(r.Key.Pos()):at(r.Key.End())]
		}
		if key == "_" {
			key = "__ri"
		}
		x := src[at(r.X.Pos()):at(r.X.End())]
		if strings.Contains(x, "\n") {
			return true
		}
		text := fmt.Sprintf("for %s, __rn := 0, int(%s); %s < __rn; %s++ ", key, x, key, key)
		edits = append(edits, Edit{Start: at(r.For), End: at(r.Body.Lbrace), Text: text, Sure: isIntExpr(r.X)})
		return true
	})
	return edits
}

// isIntExpr reports whether e is certainly an integer without type
// information: an integer literal, len or cap of something, or arithmetic
// on those.
func isIntExpr(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.BasicLit:
		return x.Kind == token.INT
	case *ast.ParenExpr:
		return isIntExpr(x.X)
	case *ast.CallExpr:
		id, ok := x.Fun.(*ast.Ident)
		return ok && (id.Name == "len" || id.Name == "cap")
	case *ast.BinaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM:
			return isIntExpr(x.X) && isIntExpr(x.Y)
		}
	}
	return false
}
