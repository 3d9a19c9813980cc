package yaegifix

import "go/ast"

// TopLevelDefers turns the defer statements of a statement run that are not
// inside a function literal into calls of the helper's Defer (or
// DeferSlice), which queue the call, its function and arguments evaluated
// now, to run when the cell ends. yaegi runs top-level statements on its
// global frame, whose deferred calls are never cleared: a plain top-level
// defer would run again after every later cell.
func TopLevelDefers(src string) string {
	for pass := 0; pass < 64; pass++ {
		f, file, off, err := ParseFragment(src, false)
		if err != nil {
			return src
		}
		var target *ast.DeferStmt
		ast.Inspect(f.Decls[0].(*ast.FuncDecl).Body, func(n ast.Node) bool {
			if target != nil {
				return false
			}
			switch x := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.DeferStmt:
				target = x
				return false
			}
			return true
		})
		if target == nil {
			return src
		}
		src = HelperCall(src, file, off, target, target.Call, "Defer")
	}
	return src
}
