package repl

import (
	"fmt"
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// Calls the engine rewrites before yaegi sees them: functions of compiled
// packages that misbehave with session values go to the helper's versions
// (fmthelper.go, stdcalls.go), and the Clone functions of yaegi's generic
// slices and maps packages, which crash it, are written out.

// cloneStatements returns the calls of maps.Clone and slices.Clone that
// make up a statement assigning to one name, `x := Clone(e)` or
// `x = Clone(e)`, which rewriteClone turns into `x := e` followed by the
// copy, mapped to that statement.
func cloneStatements(f *ast.File, imports map[string]string) map[*ast.CallExpr]*ast.AssignStmt {
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

// rewriteClone rewrites the Clone calls of yaegi's generic slices and maps
// packages, which crash it. A statement `x := maps.Clone(e)` becomes
// `x := e; MapsCloneInto(&x)` (the helper replaces the map by a copy), and
// `x := slices.Clone(e)` becomes `x := e; x = append(x[:0:0], x...)`,
// which is how slices.Clone is defined. Elsewhere slices.Clone(s) becomes
// append(s[:0:0], s...) when s is a name or a field (evaluating it twice is
// then harmless); checkCall refuses the other calls.
func rewriteClone(src string, decl bool, imports map[string]string) string {
	if !strings.Contains(src, ".Clone") {
		return src
	}
	f, file, off, err := parseFragment(src, decl)
	if err != nil {
		return src
	}
	at := func(p token.Pos) int { return file.Offset(p) - off }
	text := func(n ast.Node) string { return src[at(n.Pos()):at(n.End())] }
	stmts := cloneStatements(f, imports)
	var edits []edit
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
				after = fmt.Sprintf("; %s.MapsCloneInto(&%s)", helperPkg, x)
			}
			edits = append(edits, edit{start: at(call.Pos()), end: at(call.End()), text: arg},
				edit{start: at(as.End()), end: at(as.End()), text: after})
			return false
		}
		if imports[id.Name] == "slices" && simpleOperand(call.Args[0]) {
			edits = append(edits, edit{start: at(call.Pos()), end: at(call.End()), text: fmt.Sprintf("append(%s[:0:0], %s...)", arg, arg)})
			return false
		}
		return true
	})
	return applyEdits(src, edits)
}

// simpleOperand reports whether e is a name or a chain of field selections.
func simpleOperand(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return simpleOperand(x.X)
	}
	return false
}

// rewriteCalls applies the engine's rewrites of calls the interpreter gets
// wrong to a chunk of a cell.
func (e *Engine) rewriteCalls(src string, decl bool) string {
	e.mu.RLock()
	imports := make(map[string]string, len(e.imports))
	for name, path := range e.imports {
		imports[name] = path
	}
	e.mu.RUnlock()
	return bindTypeSwitches(e.renameCalls(rewriteClone(src, decl, imports), decl), decl)
}

// helperCalls maps functions of compiled packages that misbehave with
// session values to the helper functions called instead.
var helperCalls = map[string]map[string]string{
	"fmt": {"Printf": "FmtPrintf", "Sprintf": "FmtSprintf", "Fprintf": "FmtFprintf",
		"Println": "FmtPrintln", "Print": "FmtPrint", "Sprintln": "FmtSprintln", "Sprint": "FmtSprint",
		"Fprintln": "FmtFprintln", "Fprint": "FmtFprint"},
	"errors":        {"As": "ErrorsAs"},
	"encoding/json": {"Marshal": "JSONMarshal", "MarshalIndent": "JSONMarshalIndent"},
	"slices":        {"Equal": "SlicesEqual", "Compare": "SlicesCompare"},
	"maps":          {"Copy": "MapsCopy", "Equal": "MapsEqual"},
}

// renameCalls replaces the called function of calls listed in helperCalls.
func (e *Engine) renameCalls(src string, decl bool) string {
	f, file, off, err := parseFragment(src, decl)
	if err != nil {
		return src
	}
	at := func(p token.Pos) int { return file.Offset(p) - off }
	var edits []edit
	e.mu.RLock()
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		h, ok := helperCalls[e.imports[id.Name]][sel.Sel.Name]
		if !ok {
			return true
		}
		edits = append(edits, edit{start: at(sel.Pos()), end: at(sel.End()), text: helperPkg + "." + h})
		// The operands a literal format prints with %T go through TypeName.
		fi := -1
		switch sel.Sel.Name {
		case "Printf", "Sprintf":
			fi = 0
		case "Fprintf":
			fi = 1
		}
		if fi < 0 || len(call.Args) <= fi || call.Ellipsis.IsValid() {
			return true
		}
		lit, ok := call.Args[fi].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		format, err := strconv.Unquote(lit.Value)
		if err != nil {
			return true
		}
		tv, _, ok := typeVerbs(format)
		if !ok {
			return true
		}
		for i := range tv {
			if j := fi + 1 + i; j < len(call.Args) {
				a := call.Args[j]
				edits = append(edits, edit{start: at(a.Pos()), end: at(a.Pos()), text: helperPkg + ".TypeName("},
					edit{start: at(a.End()), end: at(a.End()), text: ")"})
			}
		}
		return true
	})
	e.mu.RUnlock()
	return applyEdits(src, edits)
}

// bindTypeSwitches gives every type switch without a bound variable one:
// `switch v.(type)` becomes `switch __tsN := v.(type)`. yaegi matches an
// interface case (case Shape:) only in the bound form; unbound, such a case
// never matches.
func bindTypeSwitches(src string, decl bool) string {
	if !strings.Contains(src, ".(type)") {
		return src
	}
	f, file, off, err := parseFragment(src, decl)
	if err != nil {
		return src
	}
	at := func(p token.Pos) int { return file.Offset(p) - off }
	var edits []edit
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSwitchStmt)
		if !ok {
			return true
		}
		if es, ok := ts.Assign.(*ast.ExprStmt); ok {
			p := at(es.Pos())
			edits = append(edits, edit{start: p, end: p, text: fmt.Sprintf("__ts%d := ", p)})
		}
		return true
	})
	return applyEdits(src, edits)
}
