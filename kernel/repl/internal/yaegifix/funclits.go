package yaegifix

import (
	"fmt"
	"go/ast"
	"go/token"
)

// HoistGoLits turns `go func(){...}(args)` into
// `__flN := func(){...}; go __flN(args)`. yaegi gives a function literal
// used as a value a snapshot of the enclosing frame's variables, so each
// loop iteration's copies stay with the closures made in it; a literal
// called by go (handed to the helper that runs it) instead runs on the live
// frame and sees the variables' latest values. Deferred literals cannot be
// hoisted (yaegi runs deferred calls holding the frame's lock, which a
// hoisted literal takes too): CheckDeferredLits refuses the ones that would
// give a wrong answer.
func HoistGoLits(src string, decl bool) string {
	f, file, off, err := ParseFragment(src, decl)
	if err != nil {
		return src
	}
	at := func(p token.Pos) int { return file.Offset(p) - off }
	var edits []Edit
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
		edits = append(edits, Edit{Start: s, End: s, Text: name + " := " + src[at(lit.Pos()):at(lit.End())] + "; "},
			Edit{Start: at(lit.Pos()), End: at(lit.End()), Text: name})
		return false // nested literals stay: their text moves whole
	})
	if len(edits) == 0 {
		return src
	}
	// The two edits of a statement touch; apply the later one first.
	return ApplyEdits(src, edits)
}

// CheckDeferredLits refuses a deferred function literal inside a loop that
// reads a variable declared in the loop: yaegi runs it on the loop's live
// frame, so it would see the variable's last value instead of its value in
// the iteration that deferred it.
func CheckDeferredLits(src string, decl bool) error {
	f, file, off, err := ParseFragment(src, decl)
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
	return DeferLitError{Line: LineOfOffset(src, file.Offset(bad.Pos())-off), Name: badName}
}

// DeferLitError is the refusal of CheckDeferredLits.
type DeferLitError struct {
	Line int    // the line of the defer statement, 1-based in the checked source
	Name string // the loop variable the literal reads
}

// Error says what goes wrong and what to write instead, without a position.
func (e DeferLitError) Error() string {
	return fmt.Sprintf("a deferred function literal in a loop would see the last value of %s, "+
		"not the value of its iteration (yaegi runs it on the loop's frame); pass it as an argument instead: "+
		"defer func(%s T) { ... }(%s)", e.Name, e.Name, e.Name)
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
