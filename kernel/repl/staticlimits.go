package repl

import (
	"go/ast"
	"go/types"
	"strings"
)

// Formatting functions the engine does not route through its fmt helper
// (fmt.Errorf, fmt.Append*, the log printers) format a []Level with yaegi's
// []int and lose Level's String method. A cell passing them a value that
// holds such a type below its top level is refused before it runs.

// unfixedPrinters lists those functions (and methods: log.Logger's) by
// package path, with the index of their first operand.
var unfixedPrinters = map[string]map[string]int{
	"fmt": {"Errorf": 1, "Append": 1, "Appendf": 2, "Appendln": 1},
	"log": {"Print": 0, "Printf": 1, "Println": 0, "Fatal": 0, "Fatalf": 1, "Fatalln": 0,
		"Panic": 0, "Panicf": 1, "Panicln": 0},
}

// checkUnfixedPrinters refuses a cell that passes an unfixed formatting
// function an operand holding a session basic type with a String or Error
// method below its top level.
func (e *Engine) checkUnfixedPrinters(seq int) error {
	r := e.checked()
	if r == nil || !hasSessionBasic(r.Pkg) {
		return nil
	}
	var found error
	ast.Inspect(r.File, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found != nil {
			return found == nil
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		fn, ok := r.Info.Uses[sel.Sel].(*types.Func)
		if !ok || fn.Pkg() == nil {
			return true
		}
		first, ok := unfixedPrinters[fn.Pkg().Path()][fn.Name()]
		if !ok {
			return true
		}
		for _, a := range call.Args[min(first, len(call.Args)):] {
			t := r.Info.TypeOf(a)
			if t == nil || !needsStatic(t, r.Pkg, false, 0, map[types.Type]bool{}) {
				continue
			}
			line, col, ok := r.Position(a.Pos())
			if !ok {
				continue
			}
			name := fn.Pkg().Name() + "." + fn.Name()
			found = limitError{seq: seq, line: line, col: col, msg: name + " formats a " +
				types.TypeString(t, func(p *types.Package) string { return p.Name() }) +
				" with yaegi's representation of its session types, losing their String and Error methods; format the value with fmt.Sprint first (" +
				name + "(" + strings.Repeat(`"%s", `, min(first, 1)) + "fmt.Sprint(x)))"}
			return false
		}
		return true
	})
	return found
}
