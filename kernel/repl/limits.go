package repl

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"

	"github.com/specstress/specstress/kernel/repl/internal/yaegifix"
	"github.com/specstress/specstress/kernel/repl/typecheck"
)

// limitError refuses a cell, before any of it runs, for a defect of the
// interpreter that would otherwise give a wrong answer silently (or crash
// inside the interpreter). The message names the limitation and a way
// around it.
type limitError struct {
	seq, line, col int
	msg            string
}

func (e limitError) Error() string {
	return fmt.Sprintf("%s: interpreter limitation: %s", directiveText(e.seq, e.line, e.col), e.msg)
}

// checkCell checks every chunk of a cell against the interpreter's known
// defects before any of it runs.
func (e *Engine) checkCell(seq int, code string, plan cellPlan) error {
	generics := map[string]int{}
	for _, c := range plan.chunks {
		for _, p := range c.decls {
			if p.tok == token.FUNC {
				generics[funcName(code[p.code:p.end])] = typeParamCount(code[p.code:p.end])
			}
		}
	}
	for _, c := range plan.chunks {
		if c.kind == chunkImport {
			continue
		}
		if err := e.checkLimits(c.src, c.kind == chunkDecl, seq, c.line, c.col, generics); err != nil {
			return err
		}
	}
	if err := e.checkUnfixedPrinters(seq); err != nil {
		return err
	}
	return e.checkEarlierSwitches(seq, code, plan)
}

// checkLimits runs the syntactic checks of a chunk of a cell against the
// interpreter's known defects. text starts at line:col of run seq.
// generics holds the type parameter counts of the generic funcs the cell
// itself declares.
func (e *Engine) checkLimits(text string, decl bool, seq, line, col int, generics map[string]int) error {
	if err := yaegifix.CheckDeferredLits(text, decl); err != nil {
		if d, ok := err.(yaegifix.DeferLitError); ok {
			return limitError{seq: seq, line: line + d.Line - 1, col: 1, msg: d.Error()}
		}
		return err
	}
	f, file, off, err := yaegifix.ParseFragment(text, decl)
	if err != nil {
		return nil // the compiler reports it
	}
	pos := func(p token.Pos) (int, int) { return posIn(text, file.Offset(p)-off, line, col) }
	e.mu.RLock()
	defer e.mu.RUnlock()
	cloneStmt := yaegifix.CloneStatements(f, e.imports)
	var scope *types.Scope
	if r := e.checked(); r != nil {
		scope = r.Pkg.Scope()
	}
	var found error
	refuse := func(p token.Pos, format string, args ...any) {
		if found == nil {
			l, c := pos(p)
			found = limitError{seq: seq, line: l, col: c, msg: fmt.Sprintf(format, args...)}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			if x.Recv != nil && len(x.Recv.List) == 1 && x.Name.Name == "Error" && x.Type.Params.NumFields() == 0 {
				if _, ptr := x.Recv.List[0].Type.(*ast.StarExpr); !ptr {
					r := typecheck.RecvName(x.Recv.List[0].Type)
					refuse(x.Name.Pos(), "an Error method on a value receiver does not work in yaegi (calling it panics "+
						"and fmt ignores it); declare it on the pointer receiver, func (e *%s) Error() string, and use &%s{...} as the error", r, r)
				}
			}
		case *ast.TypeSwitchStmt:
			for _, cl := range x.Body.List {
				for _, t := range cl.(*ast.CaseClause).List {
					if name, ok := e.compiledInterface(t); ok {
						refuse(t.Pos(), "a type switch case %s never matches in yaegi; use a type assertion instead: "+
							"if x, ok := v.(%s); ok { ... }", name, name)
					}
					if why := sessionIfaceCase(scope, t); why != "" {
						refuse(t.Pos(), "%s", why)
					}
				}
			}
		case *ast.TypeAssertExpr:
			if why := sessionIfaceAssert(scope, x.Type); why != "" {
				refuse(x.Type.Pos(), "%s", why)
			}
		case *ast.CallExpr:
			e.checkCall(x, generics, cloneStmt, refuse)
		}
		return found == nil
	})
	return found
}

// compiledInterface reports whether the type expression t names error or an
// interface type of a compiled package.
func (e *Engine) compiledInterface(t ast.Expr) (string, bool) {
	switch x := t.(type) {
	case *ast.Ident:
		return "error", x.Name == "error" && e.decls.byKey["error"] == nil
	case *ast.SelectorExpr:
		pkg, ok := x.X.(*ast.Ident)
		if !ok {
			return "", false
		}
		path, ok := e.imports[pkg.Name]
		if !ok {
			return "", false
		}
		syms, _, ok := e.pkgSymbols(path)
		if !ok {
			return "", false
		}
		v, ok := syms[x.Sel.Name]
		if !ok || v.Kind() != reflect.Pointer || v.Type().Elem().Kind() != reflect.Interface {
			return "", false
		}
		return pkg.Name + "." + x.Sel.Name, true
	}
	return "", false
}

// unsupportedGeneric lists generic functions of the standard library that
// yaegi v0.16.1 cannot compile (its generic sources fail inside the
// interpreter), with what to write instead.
var unsupportedGeneric = map[string]map[string]string{
	"slices": {
		"Clone":     "write append(s[:0:0], s...)",
		"EqualFunc": "compare the lengths and the elements in a loop",
	},
	"maps": {
		"Clone": "write it as a statement of its own, m2 := maps.Clone(m), or copy in a loop",
	},
}

// checkCall refuses calls the interpreter gets wrong: the generic functions
// above, and calls of a session generic function with two or more type
// parameters that leave them to inference.
func (e *Engine) checkCall(call *ast.CallExpr, generics map[string]int, cloneStmt map[*ast.CallExpr]*ast.AssignStmt, refuse func(token.Pos, string, ...any)) {
	switch fn := call.Fun.(type) {
	case *ast.SelectorExpr:
		pkg, ok := fn.X.(*ast.Ident)
		if !ok {
			return
		}
		if alt, ok := unsupportedGeneric[e.imports[pkg.Name]][fn.Sel.Name]; ok && cloneStmt[call] == nil &&
			!(fn.Sel.Name == "Clone" && e.imports[pkg.Name] == "slices" && len(call.Args) == 1 && yaegifix.SimpleOperand(call.Args[0])) {
			refuse(call.Pos(), "%s.%s crashes yaegi's generic %s package; %s", pkg.Name, fn.Sel.Name, pkg.Name, alt)
		}
	case *ast.Ident:
		n, ok := generics[fn.Name]
		if d := e.decls.byKey[fn.Name]; !ok && d != nil && d.kind == "func" {
			n = typeParamCount(d.text)
		}
		if n >= 2 {
			refuse(call.Pos(), "yaegi cannot infer the %d type arguments of %s; write them: %s[T1, T2](...)", n, fn.Name, fn.Name)
		}
	}
}

// typeParamCount returns the number of type parameters of a func
// declaration.
func typeParamCount(text string) int {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+text, parser.SkipObjectResolution)
	if err != nil || len(f.Decls) != 1 {
		return 0
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok || fd.Type.TypeParams == nil {
		return 0
	}
	return fd.Type.TypeParams.NumFields()
}

// funcName returns the name of a func declaration ("" for a method).
func funcName(text string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+text, parser.SkipObjectResolution)
	if err != nil || len(f.Decls) != 1 {
		return ""
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok || fd.Recv != nil {
		return ""
	}
	return fd.Name.Name
}
