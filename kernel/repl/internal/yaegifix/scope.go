package yaegifix

import (
	"go/ast"
	"go/token"
)

// A cell's top-level statements behave as the body of a function in which
// only the top-level definitions become session state. yaegi runs top-level
// statements on its global frame, so a := inside an if, for or switch at the
// top of a cell, and the loop variables there, would become (or overwrite)
// session variables. ScopeStmts runs each such compound statement inside a
// function literal called on the spot, where its definitions are local as Go
// says.

// ScopeStmts wraps the compound statements at the top of a statement run in
// `func() { ... }()`. A statement containing a return or goto (outside
// function literals) stays as it is: wrapped, they would mean something else.
func ScopeStmts(src string) string {
	f, file, off, err := ParseFragment(src, false)
	if err != nil {
		return src
	}
	at := func(p token.Pos) int { return file.Offset(p) - off }
	var edits []Edit
	for _, s := range f.Decls[0].(*ast.FuncDecl).Body.List {
		switch s.(type) {
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt,
			*ast.SelectStmt, *ast.BlockStmt, *ast.LabeledStmt:
		default:
			continue
		}
		if !sameInClosure(s) {
			continue
		}
		edits = append(edits, Edit{Start: at(s.Pos()), End: at(s.Pos()), Text: "func() { "},
			Edit{Start: at(s.End()), End: at(s.End()), Text: " }()"})
	}
	return ApplyEdits(src, edits)
}

// sameInClosure reports whether s means the same inside a function literal.
func sameInClosure(s ast.Stmt) bool {
	ok := true
	ast.Inspect(s, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			ok = false
		case *ast.BranchStmt:
			if x.Tok == token.GOTO {
				ok = false
			}
		}
		return ok
	})
	return ok
}
