package yaegifix

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// The Clone functions of yaegi's generic slices and maps packages crash its
// compiler; RewriteClone writes them out before yaegi sees them.

// CloneStatements returns the calls of maps.Clone and slices.Clone that
// make up a statement assigning to one name, `x := Clone(e)` or
// `x = Clone(e)`, which RewriteClone turns into `x := e` followed by the
// copy, mapped to that statement.
func CloneStatements(f *ast.File, imports map[string]string) map[*ast.CallExpr]*ast.AssignStmt {
	out := map[*ast.CallExpr]*ast.AssignStmt{}
	check := func(list []ast.Stmt) {
		for _, st := range list {
			as, ok := st.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || (as.Tok != token.DEFINE && as.Tok != token.ASSIGN) {
				continue
			}
			if id, ok := as.Lhs[0].(*ast.Ident); !ok || id.Name == "_" {
				continue
			}
			call, ok := as.Rhs[0].(*ast.CallExpr)
			if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() {
				continue
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Clone" {
				continue
			}
			if id, ok := sel.X.(*ast.Ident); ok && (imports[id.Name] == "maps" || imports[id.Name] == "slices") {
				out[call] = as
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BlockStmt:
			check(x.List)
		case *ast.CaseClause:
			check(x.Body)
		case *ast.CommClause:
			check(x.Body)
		}
		return true
	})
	return out
}

// RewriteClone rewrites the Clone calls of yaegi's generic slices and maps
// packages, which crash it. A statement `x := maps.Clone(e)` becomes
// `x := e; MapsCloneInto(&x)` (the helper replaces the map by a copy), and
// `x := slices.Clone(e)` becomes `x := e; x = append(x[:0:0], x...)`,
// which is how slices.Clone is defined. Elsewhere slices.Clone(s) becomes
// append(s[:0:0], s...) when s is a name or a field (evaluating it twice is
// then harmless); checkCall refuses the other calls.
func RewriteClone(src string, decl bool, imports map[string]string) string {
	if !strings.Contains(src, ".Clone") {
		return src
	}
	f, file, off, err := ParseFragment(src, decl)
	if err != nil {
		return src
	}
	at := func(p token.Pos) int { return file.Offset(p) - off }
	text := func(n ast.Node) string { return src[at(n.Pos()):at(n.End())] }
	stmts := CloneStatements(f, imports)
	var edits []Edit
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Clone" {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok || (imports[id.Name] != "slices" && imports[id.Name] != "maps") {
			return true
		}
		arg := text(call.Args[0])
		if as := stmts[call]; as != nil {
			x := text(as.Lhs[0])
			after := fmt.Sprintf("; %s = append(%s[:0:0], %s...)", x, x, x)
			if imports[id.Name] == "maps" {
				after = fmt.Sprintf("; %s.MapsCloneInto(&%s)", Helper, x)
			}
			edits = append(edits, Edit{Start: at(call.Pos()), End: at(call.End()), Text: arg},
				Edit{Start: at(as.End()), End: at(as.End()), Text: after})
			return false
		}
		if imports[id.Name] == "slices" && SimpleOperand(call.Args[0]) {
			edits = append(edits, Edit{Start: at(call.Pos()), End: at(call.End()), Text: fmt.Sprintf("append(%s[:0:0], %s...)", arg, arg)})
			return false
		}
		return true
	})
	return ApplyEdits(src, edits)
}

// SimpleOperand reports whether e is a name or a chain of field selections.
func SimpleOperand(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return SimpleOperand(x.X)
	}
	return false
}
