package repl

import (
	"go/ast"
	"go/token"
	"strconv"

	"github.com/specstress/specstress/kernel/repl/internal/yaegifix"
)

// Calls the engine rewrites before yaegi sees them: functions of compiled
// packages that misbehave with session values go to the helper's versions
// (fmthelper.go, stdcalls.go); the Clone functions of yaegi's generic slices
// and maps packages, which crash it, are written out and unbound type
// switches bound (package yaegifix).

// rewriteCalls applies the engine's rewrites of calls the interpreter gets
// wrong to a chunk of a cell.
func (e *Engine) rewriteCalls(src string, decl bool) string {
	e.mu.RLock()
	imports := make(map[string]string, len(e.imports))
	for name, path := range e.imports {
		imports[name] = path
	}
	e.mu.RUnlock()
	return yaegifix.BindTypeSwitches(e.renameCalls(yaegifix.RewriteClone(src, decl, imports), decl), decl)
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
	f, file, off, err := yaegifix.ParseFragment(src, decl)
	if err != nil {
		return src
	}
	at := func(p token.Pos) int { return file.Offset(p) - off }
	var edits []yaegifix.Edit
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
		edits = append(edits, yaegifix.Edit{Start: at(sel.Pos()), End: at(sel.End()), Text: helperPkg + "." + h})
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
				edits = append(edits, yaegifix.Edit{Start: at(a.Pos()), End: at(a.Pos()), Text: helperPkg + ".TypeName("},
					yaegifix.Edit{Start: at(a.End()), End: at(a.End()), Text: ")"})
			}
		}
		return true
	})
	e.mu.RUnlock()
	return yaegifix.ApplyEdits(src, edits)
}
