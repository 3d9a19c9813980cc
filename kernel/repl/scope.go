package repl

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// Go's scoping for cells. A cell's top-level statements behave as the body
// of a function in which only the top-level definitions become session
// state. yaegi runs top-level statements on its global frame, so a := inside
// an if, for or switch at the top of a cell, and the loop variables there,
// would become (or overwrite) session variables. The engine runs each such
// compound statement inside a function literal called on the spot, where
// its definitions are local as Go says. And each iteration of a loop gets
// its own variables (Go 1.22): yaegi gives a loop one variable, which every
// closure created in the loop shares, so loops whose body creates closures
// or takes addresses copy their variables at the top of each iteration.
// Like every rewrite, these keep all text on its line.

// scopeStmts wraps the compound statements at the top of a statement run in
// `func() { ... }()`. A statement containing a return or goto (outside
// function literals) stays as it is: wrapped, they would mean something else.
func scopeStmts(src string) string {
	f, file, off, err := parseFragment(src, false)
	if err != nil {
		return src
	}
	at := func(p token.Pos) int { return file.Offset(p) - off }
	var edits []edit
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
		edits = append(edits, edit{start: at(s.Pos()), end: at(s.Pos()), text: "func() { "},
			edit{start: at(s.End()), end: at(s.End()), text: " }()"})
	}
	return applyEdits(src, edits)
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

// loopVars gives each iteration of the loops in src its own copies of the
// loop variables, where the body can observe the difference: it contains a
// function literal or takes an address. A range loop's variables are copied
// at the top of the body (`k, v := k, v;`). A three-clause loop's are too
// when the body never assigns them; otherwise the copies are written back
// before the next iteration, at the end of the body and before each continue
// of the loop, as Go copies the previous iteration's values into the next.
func loopVars(src string, decl bool) string {
	f, file, off, err := parseFragment(src, decl)
	if err != nil {
		return src
	}
	at := func(p token.Pos) int { return file.Offset(p) - off }
	var edits []edit
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
			edits = append(edits, edit{start: at(x.Body.Lbrace) + 1, end: at(x.Body.Lbrace) + 1,
				text: fmt.Sprintf(" %s := %s;", strings.Join(names, ", "), strings.Join(names, ", "))})
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
				edits = append(edits, edit{start: lb, end: lb, text: fmt.Sprintf(" %s := %s;", list, list)})
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
				edit{start: lb, end: lb, text: fmt.Sprintf(" %s := %s; { %s := %s;",
					strings.Join(ptrNames, ", "), strings.Join(ptrs, ", "), list, strings.Join(derefs, ", "))},
				edit{start: rb, end: rb, text: fmt.Sprintf("; %s }", back)})
			for _, c := range continues(x.Body, labels[x]) {
				edits = append(edits, edit{start: at(c.Pos()), end: at(c.End()),
					text: fmt.Sprintf("{ %s; %s }", back, src[at(c.Pos()):at(c.End())])})
			}
		}
		return true
	})
	return applyEdits(src, edits)
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

// hoistDeferredLits turns `go func(){...}(args)` into
// `__flN := func(){...}; go __flN(args)`. yaegi gives a function literal
// used as a value a snapshot of the enclosing frame's variables, so each
// loop iteration's copies stay with the closures made in it; a literal
// called by go (handed to the helper that runs it) instead runs on the live
// frame and sees the variables' latest values. Deferred literals cannot be
// hoisted (yaegi runs deferred calls holding the frame's lock, which a
// hoisted literal takes too): checkDeferredLits refuses the ones that would
// give a wrong answer.
func hoistDeferredLits(src string, decl bool) string {
	f, file, off, err := parseFragment(src, decl)
	if err != nil {
		return src
	}
	at := func(p token.Pos) int { return file.Offset(p) - off }
	var edits []edit
	ast.Inspect(f, func(n ast.Node) bool {
		var call *ast.CallExpr
		switch x := n.(type) {
		case *ast.GoStmt:
			call = x.Call
		default:
			return true
		}
		lit, ok := call.Fun.(*ast.FuncLit)
		if !ok {
			return true
		}
		name := fmt.Sprintf("__fl%d", at(lit.Pos()))
		s := at(n.Pos())
		edits = append(edits, edit{start: s, end: s, text: name + " := " + src[at(lit.Pos()):at(lit.End())] + "; "},
			edit{start: at(lit.Pos()), end: at(lit.End()), text: name})
		return false // nested literals stay: their text moves whole
	})
	if len(edits) == 0 {
		return src
	}
	// The two edits of a statement touch; apply the later one first.
	return applyEdits(src, edits)
}

// checkDeferredLits refuses a deferred function literal inside a loop that
// reads a variable declared in the loop: yaegi runs it on the loop's live
// frame, so it would see the variable's last value instead of its value in
// the iteration that deferred it.
func checkDeferredLits(src string, decl bool) error {
	f, file, off, err := parseFragment(src, decl)
	if err != nil {
		return nil
	}
	var bad ast.Node
	var badName string
	var walk func(n ast.Node, loopNames []string)
	walk = func(n ast.Node, loopNames []string) {
		ast.Inspect(n, func(m ast.Node) bool {
			if bad != nil {
				return false
			}
			switch x := m.(type) {
			case *ast.ForStmt:
				if m == n {
					return true
				}
				names := append([]string(nil), loopNames...)
				if as, ok := x.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
					names = append(names, identNames(as.Lhs...)...)
				}
				walk(x, append(names, bodyDefines(x.Body)...))
				return false
			case *ast.RangeStmt:
				if m == n {
					return true
				}
				names := append([]string(nil), loopNames...)
				if x.Tok == token.DEFINE {
					names = append(names, identNames(x.Key, x.Value)...)
				}
				walk(x, append(names, bodyDefines(x.Body)...))
				return false
			case *ast.DeferStmt:
				lit, ok := x.Call.Fun.(*ast.FuncLit)
				if !ok || len(loopNames) == 0 {
					return true
				}
				// The literal's own parameters shadow the loop's names.
				var params []string
				for _, fl := range lit.Type.Params.List {
					for _, n := range fl.Names {
						params = append(params, n.Name)
					}
				}
				ast.Inspect(lit.Body, func(k ast.Node) bool {
					if id, ok := k.(*ast.Ident); ok && contains(loopNames, id.Name) && !contains(params, id.Name) && bad == nil {
						bad, badName = x, id.Name
					}
					return bad == nil
				})
				return false
			}
			return true
		})
	}
	walk(f, nil)
	if bad == nil {
		return nil
	}
	return deferLitError{line: lineOfOffset(src, file.Offset(bad.Pos())-off), name: badName}
}

// deferLitError is the refusal of checkDeferredLits; line is relative to
// the checked source.
type deferLitError struct {
	line int
	name string
}

func (e deferLitError) Error() string { return e.msg() }

func (e deferLitError) msg() string {
	return fmt.Sprintf("a deferred function literal in a loop would see the last value of %s, "+
		"not the value of its iteration (yaegi runs it on the loop's frame); pass it as an argument instead: "+
		"defer func(%s T) { ... }(%s)", e.name, e.name, e.name)
}

// bodyDefines returns the names a loop body declares with := or var at
// any depth outside function literals.
func bodyDefines(b *ast.BlockStmt) []string {
	var out []string
	ast.Inspect(b, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE {
				out = append(out, identNames(x.Lhs...)...)
			}
		case *ast.ValueSpec:
			for _, id := range x.Names {
				out = append(out, id.Name)
			}
		}
		return true
	})
	return out
}
