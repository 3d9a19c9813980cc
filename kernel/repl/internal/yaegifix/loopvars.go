package yaegifix

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// Each iteration of a loop has its own variables (Go 1.22): yaegi gives a
// loop one variable, which every closure created in the loop shares, so
// LoopVars copies the variables of loops whose body creates closures or
// takes addresses at the top of each iteration.

// LoopVars gives each iteration of the loops in src its own copies of the
// loop variables, where the body can observe the difference: it contains a
// function literal or takes an address. A range loop's variables are copied
// at the top of the body (`k, v := k, v;`). A three-clause loop's are too
// when the body never assigns them; otherwise the copies are written back
// before the next iteration, at the end of the body and before each continue
// of the loop, as Go copies the previous iteration's values into the next.
func LoopVars(src string, decl bool) string {
	f, file, off, err := ParseFragment(src, decl)
	if err != nil {
		return src
	}
	at := func(p token.Pos) int { return file.Offset(p) - off }
	var edits []Edit
	labels := map[ast.Stmt]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.LabeledStmt:
			labels[x.Stmt] = x.Label.Name
		case *ast.RangeStmt:
			if x.Tok != token.DEFINE {
				return true
			}
			names := identNames(x.Key, x.Value)
			if len(names) == 0 || !observes(x.Body, names) || copied(x.Body, names) {
				return true
			}
			edits = append(edits, Edit{Start: at(x.Body.Lbrace) + 1, End: at(x.Body.Lbrace) + 1,
				Text: fmt.Sprintf(" %s := %s;", strings.Join(names, ", "), strings.Join(names, ", "))})
		case *ast.ForStmt:
			init, ok := x.Init.(*ast.AssignStmt)
			if !ok || init.Tok != token.DEFINE {
				return true
			}
			names := identNames(init.Lhs...)
			if len(names) == 0 || !observes(x.Body, names) || copied(x.Body, names) {
				return true
			}
			list := strings.Join(names, ", ")
			lb, rb := at(x.Body.Lbrace)+1, at(x.Body.Rbrace)
			if !assigns(x.Body, names) {
				edits = append(edits, Edit{Start: lb, End: lb, Text: fmt.Sprintf(" %s := %s;", list, list)})
				return true
			}
			// The pointers to this iteration's outer variables.
			var ptrs, derefs, ptrNames []string
			for _, nm := range names {
				p := fmt.Sprintf("__lp%d_%s", lb, nm)
				ptrNames = append(ptrNames, p)
				ptrs = append(ptrs, "&"+nm)
				derefs = append(derefs, "*"+p)
			}
			back := fmt.Sprintf("%s = %s", strings.Join(derefs, ", "), list)
			edits = append(edits,
				Edit{Start: lb, End: lb, Text: fmt.Sprintf(" %s := %s; { %s := %s;",
					strings.Join(ptrNames, ", "), strings.Join(ptrs, ", "), list, strings.Join(derefs, ", "))},
				Edit{Start: rb, End: rb, Text: fmt.Sprintf("; %s }", back)})
			for _, c := range continues(x.Body, labels[x]) {
				edits = append(edits, Edit{Start: at(c.Pos()), End: at(c.End()),
					Text: fmt.Sprintf("{ %s; %s }", back, src[at(c.Pos()):at(c.End())])})
			}
		}
		return true
	})
	return ApplyEdits(src, edits)
}

// identNames returns the names of the identifiers among es, blank excluded.
func identNames(es ...ast.Expr) []string {
	var out []string
	for _, e := range es {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			out = append(out, id.Name)
		}
	}
	return out
}

// observes reports whether a loop body can tell one variable per iteration
// from one per loop: it creates a closure or takes the address of a loop
// variable.
func observes(body *ast.BlockStmt, names []string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			found = true
		case *ast.UnaryExpr:
			if id, ok := x.X.(*ast.Ident); ok && x.Op == token.AND && contains(names, id.Name) {
				found = true
			}
		}
		return !found
	})
	return found
}

// copied reports whether the body already starts with the copies (the
// rewrite ran on this text before).
func copied(body *ast.BlockStmt, names []string) bool {
	if len(body.List) == 0 {
		return false
	}
	as, ok := body.List[0].(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) == 0 {
		return false
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	return ok && (id.Name == names[0] || strings.HasPrefix(id.Name, "__lp"))
}

// assigns reports whether the body assigns a loop variable or takes its
// address (outside shadowing, which this syntactic check ignores: a
// write-back is correct either way).
func assigns(body *ast.BlockStmt, names []string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			if x.Tok != token.DEFINE {
				for _, l := range x.Lhs {
					if id, ok := l.(*ast.Ident); ok && contains(names, id.Name) {
						found = true
					}
				}
			}
		case *ast.IncDecStmt:
			if id, ok := x.X.(*ast.Ident); ok && contains(names, id.Name) {
				found = true
			}
		case *ast.UnaryExpr:
			if id, ok := x.X.(*ast.Ident); ok && x.Op == token.AND && contains(names, id.Name) {
				found = true
			}
		}
		return !found
	})
	return found
}

// continues returns the continue statements of body that continue its loop:
// unlabelled ones outside nested loops and function literals, and those
// naming the loop's label.
func continues(body *ast.BlockStmt, label string) []*ast.BranchStmt {
	var out []*ast.BranchStmt
	var walk func(n ast.Node, nested bool)
	walk = func(n ast.Node, nested bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch x := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt:
				if m != n {
					walk(x.Body, true)
					return false
				}
			case *ast.RangeStmt:
				if m != n {
					walk(x.Body, true)
					return false
				}
			case *ast.BranchStmt:
				if x.Tok == token.CONTINUE && ((x.Label == nil && !nested) || (x.Label != nil && label != "" && x.Label.Name == label)) {
					out = append(out, x)
				}
			}
			return true
		})
	}
	walk(body, false)
	return out
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
