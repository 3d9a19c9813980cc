package repl

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"

	"github.com/specstress/specstress/kernel/engine"
	"github.com/specstress/specstress/kernel/repl/typecheck"
)

// A cell's value shows its type ([]Level{1, 2}); yaegi's reflect type of a
// []Level is []int. The engine wraps a trailing expression whose type holds
// a session type yaegi represents by its underlying type in the helper's
// Typed, and Show writes the static type's name (staticResult).

// trailingTyped wraps the cell's trailing expression in the helper's Typed
// when its type needs it (resultNeedsStatic).
func (e *Engine) trailingTyped(r *typecheck.Result, code string, offset func(token.Pos) int, hasBasic bool) []insertion {
	var body *ast.BlockStmt
	for _, d := range r.File.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "_" && fd.Body != nil {
			body = fd.Body
		}
	}
	if body == nil || len(body.List) == 0 {
		return nil
	}
	es, ok := body.List[len(body.List)-1].(*ast.ExprStmt)
	if !ok {
		return nil
	}
	if call, ok := ast.Unparen(es.X).(*ast.CallExpr); ok {
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
			if fn, ok := r.Info.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "fmt" {
				return nil // printers stay statements
			}
		}
	}
	t := r.Info.TypeOf(es.X)
	if t == nil || !resultNeedsStatic(t, r.Pkg, hasBasic, 0) {
		return nil
	}
	start, end := offset(es.X.Pos()), offset(es.X.End())
	if start < 0 || end < start || strings.TrimSpace(code[end:]) != "" {
		return nil // not the cell's last piece
	}
	id := e.helper.static.add(t, r.Pkg)
	return []insertion{{off: start, text: helperPkg + ".Typed("},
		{off: end, text: ", " + strconv.Itoa(id) + ")", closer: true}}
}

// resultNeedsStatic reports whether the Go-syntax text of a value of type t
// names a type yaegi spells differently: a composite type built from a
// session type that is not a struct (a struct's name is found from its
// reflect type), or a session slice or map type; or an interface, which may
// hold one, when the session has basic types with methods.
func resultNeedsStatic(t types.Type, pkg *types.Package, hasBasic bool, depth int) bool {
	if depth > 12 {
		return false
	}
	t = types.Unalias(t)
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() == pkg {
		if _, st := n.Underlying().(*types.Struct); st {
			return false
		}
		if _, basic := n.Underlying().(*types.Basic); !basic || depth > 0 {
			return true
		}
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Interface:
		// An error or Stringer shows through its method.
		return depth == 0 && hasBasic && !textMethodOf(t)
	case *types.Slice:
		return resultNeedsStatic(u.Elem(), pkg, hasBasic, depth+1)
	case *types.Array:
		return resultNeedsStatic(u.Elem(), pkg, hasBasic, depth+1)
	case *types.Map:
		return resultNeedsStatic(u.Key(), pkg, hasBasic, depth+1) || resultNeedsStatic(u.Elem(), pkg, hasBasic, depth+1)
	case *types.Pointer:
		return resultNeedsStatic(u.Elem(), pkg, hasBasic, depth)
	}
	return false
}

// staticResult renders a cell's value with its static type's name in
// place of the name of yaegi's reflect type.
func (h *helper) staticResult(tv typedValue) engine.Bundle {
	ti := h.e.typeInfo()
	v := tv.v
	if inner, ok := unwrap(v); ok {
		v = inner
	}
	if types.IsInterface(tv.t) {
		if rv := reflect.ValueOf(v); rv.IsValid() && ambiguous(rv.Type(), ti, tv.pkg, 0, 0) {
			panic("interpreter limitation: the cell's value has type " + rv.Type().String() + " and is" +
				" held in an interface value: yaegi represents the session's types " + ti.basicNames() +
				" as their underlying types, so its type and methods would be lost; end the cell with the value converted to its own type (x.([]T))")
		}
		return resultBundle([]any{tv.v})
	}
	b := renderOne(tv.v)
	text, ok := b["text/plain"].(string)
	if !ok {
		return b
	}
	qual := func(p *types.Package) string {
		if p == tv.pkg {
			return ""
		}
		return p.Name()
	}
	rt, st := reflect.TypeOf(v), tv.t
	prefix := ""
	if p, ok := types.Unalias(st).Underlying().(*types.Pointer); ok && rt != nil && rt.Kind() == reflect.Pointer {
		rt, st, prefix = rt.Elem(), p.Elem(), "&"
	}
	if rt != nil && strings.HasPrefix(text, prefix+rt.String()) {
		text = prefix + types.TypeString(st, qual) + text[len(prefix+rt.String()):]
	}
	b["text/plain"] = ti.goNames(text)
	return b
}
