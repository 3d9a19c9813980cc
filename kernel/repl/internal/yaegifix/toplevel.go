package yaegifix

import (
	"go/ast"
	"go/token"
	"strings"
)

// Two yaegi v0.16.1 bugs of top-level statements, which the engine works
// around one statement at a time when a statement run fails to compile
// (kernel/repl toplevel.go, retryTopLevel and retryVarDecl):
//
//   - `x := subs[1]`, where subs has a type from a compiled function, fails
//     with "constant definition loop"; so does `var x = subs[1]`, which
//     VarAsDefine turns into the statement the engine then retries.
//   - A multi-value := inside a top-level block statement (for, if, ...)
//     fails with "undefined: r"; the engine runs a statement WrappableBlock
//     accepts inside `func() { ... }()`.

// WrappableBlock reports whether s is a block statement that defines name
// and can run inside a function literal unchanged: no labels, goto, return
// or top-level defer.
func WrappableBlock(s ast.Stmt, name string) bool {
	switch s.(type) {
	case *ast.ForStmt, *ast.RangeStmt, *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.BlockStmt:
	default:
		return false
	}
	defines, ok := false, true
	ast.Inspect(s, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.LabeledStmt, *ast.ReturnStmt, *ast.DeferStmt:
			ok = false
		case *ast.BranchStmt:
			if x.Tok == token.GOTO || x.Label != nil {
				ok = false
			}
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE {
				for _, l := range x.Lhs {
					if id, isID := l.(*ast.Ident); isID && id.Name == name {
						defines = true
					}
				}
			}
		case *ast.RangeStmt:
			for _, k := range []ast.Expr{x.Key, x.Value} {
				if id, isID := k.(*ast.Ident); isID && id.Name == name {
					defines = true
				}
			}
		case *ast.ValueSpec:
			for _, id := range x.Names {
				if id.Name == name {
					defines = true
				}
			}
		}
		return true
	})
	return ok && defines
}

// runTypedDefine runs the top-level `a, b := rhs` as by evaluating rhs once

// VarAsDefine turns `var a, b = x, y` into `a, b := x, y` with x at the same
// offset, so positions in it stay right; false for other declarations.
func VarAsDefine(text string) (string, bool) {
	f, file, off, err := ParseFragment(text, true)
	if err != nil || len(f.Decls) != 1 {
		return "", false
	}
	gd, ok := f.Decls[0].(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR || gd.Lparen.IsValid() || len(gd.Specs) != 1 {
		return "", false
	}
	vs := gd.Specs[0].(*ast.ValueSpec)
	if vs.Type != nil || len(vs.Values) == 0 {
		return "", false
	}
	at := func(p token.Pos) int { return file.Offset(p) - off }
	var names []string
	for _, id := range vs.Names {
		names = append(names, id.Name)
	}
	head := strings.Join(names, ", ") + " :="
	vstart := at(vs.Values[0].Pos())
	if strings.Contains(text[:vstart], "\n") || len(head)+1 > vstart {
		return "", false
	}
	return head + strings.Repeat(" ", vstart-len(head)) + text[vstart:], true
}
