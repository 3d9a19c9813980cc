package repl

import (
	"go/ast"

	"github.com/specstress/specstress/kernel/repl/internal/yaegifix"
)

// Source rewrites of statement runs. The rewrites that work around yaegi
// v0.16.1 live in package yaegifix (its doc lists them all); these names
// are the ones the engine's run loop (engine.go) applies.

// helperPkg is the import name of the engine's helper package in a session
// (Show, Go, Enter).
const helperPkg = yaegifix.Helper

// rewriteGo turns every `go f(args)` into a call of the helper's Go (or
// GoSlice for `f(args...)`), which runs f(args) in a goroutine that recovers
// a panic and reports it to the cell that started it: an unrecovered panic in
// a goroutine would otherwise kill the kernel. The function value and the
// arguments are evaluated where the go statement stands, as Go specifies,
// and travel to the compiled helper as values: a closure would share one
// frame slot across loop iterations in yaegi. Nested go statements are
// handled one per pass, outermost first.
func rewriteGo(src string, decl bool) string {
	for pass := 0; pass < 64; pass++ {
		f, file, off, err := yaegifix.ParseFragment(src, decl)
		if err != nil {
			return src
		}
		var target *ast.GoStmt
		ast.Inspect(f, func(n ast.Node) bool {
			if target != nil {
				return false
			}
			if g, ok := n.(*ast.GoStmt); ok {
				target = g
				return false
			}
			return true
		})
		if target == nil {
			return src
		}
		src = yaegifix.HelperCall(src, file, off, target, target.Call, "Go")
	}
	return src
}

// rewriteDefer is yaegifix.TopLevelDefers: top-level defers run once, when
// the cell ends.
func rewriteDefer(src string) string { return yaegifix.TopLevelDefers(src) }

// hoistDeferredLits is yaegifix.HoistGoLits: a go statement's function
// literal keeps the loop iteration's variables.
func hoistDeferredLits(src string, decl bool) string { return yaegifix.HoistGoLits(src, decl) }

// scopeStmts is yaegifix.ScopeStmts: definitions inside a cell's top-level
// compound statements stay local.
func scopeStmts(src string) string { return yaegifix.ScopeStmts(src) }

// loopVars is yaegifix.LoopVars: one variable per loop iteration.
func loopVars(src string, decl bool) string { return yaegifix.LoopVars(src, decl) }
