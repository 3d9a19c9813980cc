package repl

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"
)

// Source rewrites that work around yaegi v0.16.1. Every rewrite replaces text
// on a single line with text free of newlines, so the line numbers of errors
// and panics still match the cell.

// helperPkg is the import name of the engine's helper package in a session
// (Show, Go, Enter). The leading underscores keep it out of the user's way.
const helperPkg = "__specstress"

// prefix is the text wrapped around a fragment so go/parser accepts it:
// declarations parse as a file, statements as a function body.
func prefix(decl bool) string {
	if decl {
		return "package p;"
	}
	return "package p;func _(){"
}

// parseFragment parses a declaration run or a statement run. The returned
// offset is the length of the text prepended to src.
func parseFragment(src string, decl bool) (*ast.File, *token.File, int, error) {
	pre := prefix(decl)
	text := pre + src
	if !decl {
		text += "\n}"
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", text, parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, 0, err
	}
	return f, fset.File(f.Pos()), len(pre), nil
}

// edit replaces src[start:end] with text.
type edit struct {
	start, end int
	text       string
	sure       bool // a range over an expression that is certainly an int
}

// applyEdits applies non-overlapping edits.
func applyEdits(src string, edits []edit) string {
	sort.Slice(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
	for _, e := range edits {
		src = src[:e.start] + e.text + src[e.end:]
	}
	return src
}

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
		f, file, off, err := parseFragment(src, decl)
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
		src = replaceWithHelperCall(src, file, off, target, target.Call, "Go")
	}
	return src
}

// rewriteDefer turns the defer statements of a statement run that are not
// inside a function literal into calls of the helper's Defer (or
// DeferSlice), which queue the call, its function and arguments evaluated
// now, to run when the cell ends. yaegi runs top-level statements on its
// global frame, whose deferred calls are never cleared: a plain top-level
// defer would run again after every later cell.
func rewriteDefer(src string) string {
	for pass := 0; pass < 64; pass++ {
		f, file, off, err := parseFragment(src, false)
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
		src = replaceWithHelperCall(src, file, off, target, target.Call, "Defer")
	}
	return src
}

// rangeCandidates returns the `for k := range x` statements whose range
// expression might be an integer: yaegi v0.16.1 crashes in its compiler on
// range over int (Go 1.22), so these are rewritten into three-clause loops
// when the compiler fails. Without type information the candidates include
// ranges over slices and maps; the caller keeps only rewrites that compile.
func rangeCandidates(src string, decl bool) []edit {
	f, file, off, err := parseFragment(src, decl)
	if err != nil {
		return nil
	}
	at := func(p token.Pos) int { return file.Offset(p) - off }
	var edits []edit
	ast.Inspect(f, func(n ast.Node) bool {
		r, ok := n.(*ast.RangeStmt)
		if !ok || r.Value != nil || (r.Key != nil && r.Tok != token.DEFINE) {
			return true
		}
		switch x := r.X.(type) {
		case *ast.CompositeLit, *ast.FuncLit:
			return true
		case *ast.BasicLit:
			if x.Kind != token.INT {
				return true
			}
		}
		key := "__ri"
		if r.Key != nil {
			key = src[at(r.Key.Pos()):at(r.Key.End())]
		}
		if key == "_" {
			key = "__ri"
		}
		x := src[at(r.X.Pos()):at(r.X.End())]
		if strings.Contains(x, "\n") {
			return true
		}
		text := fmt.Sprintf("for %s, __rn := 0, int(%s); %s < __rn; %s++ ", key, x, key, key)
		edits = append(edits, edit{start: at(r.For), end: at(r.Body.Lbrace), text: text, sure: isIntExpr(r.X)})
		return true
	})
	return edits
}

// isIntExpr reports whether e is certainly an integer without type
// information: an integer literal, len or cap of something, or arithmetic
// on those.
func isIntExpr(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.BasicLit:
		return x.Kind == token.INT
	case *ast.ParenExpr:
		return isIntExpr(x.X)
	case *ast.CallExpr:
		id, ok := x.Fun.(*ast.Ident)
		return ok && (id.Name == "len" || id.Name == "cap")
	case *ast.BinaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM:
			return isIntExpr(x.X) && isIntExpr(x.Y)
		}
	}
	return false
}

// lineOfOffset returns the 1-based line of a byte offset in src.
func lineOfOffset(src string, off int) int {
	return 1 + strings.Count(src[:min(off, len(src))], "\n")
}

// replaceWithHelperCall replaces stmt (a go or defer statement of src, whose
// fragment starts at file offset off) by a call of the helper's fn, or of
// fn+"Slice" when the call spreads a slice, passing the called function and
// its arguments as written.
func replaceWithHelperCall(src string, file *token.File, off int, stmt ast.Node, call *ast.CallExpr, fn string) string {
	at := func(p token.Pos) int { return file.Offset(p) - off }
	text := func(n ast.Node) string { return src[at(n.Pos()):at(n.End())] }
	if call.Ellipsis.IsValid() {
		fn += "Slice"
	}
	args := []string{text(call.Fun)}
	for _, a := range call.Args {
		args = append(args, text(a))
	}
	repl := fmt.Sprintf("%s.%s(%s)", helperPkg, fn, strings.Join(args, ", "))
	return applyEdits(src, []edit{{start: at(stmt.Pos()), end: at(stmt.End()), text: repl}})
}
