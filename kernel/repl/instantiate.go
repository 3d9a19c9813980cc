package repl

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"

	"github.com/specstress/specstress/kernel/repl/typecheck"
)

// yaegi v0.16.1 cannot infer the type arguments of a generic function with
// two or more type parameters, nor that of a variadic one (the call crashes
// or fails to compile), but
// runs the call with the arguments written out. go/types records what it
// inferred (Info.Instances), so the engine writes them into the cell:
// Map(xs, f) runs as Map[int, string](xs, f).

// instantiate returns the cell rewritten with what the type checker knows:
// the inferred type arguments written after the name of every call of a
// session generic function with two or more type parameters, or variadic,
// that leaves them to inference, every call of a session generic function among the
// cell's statements wrapped in a function literal (yaegi cannot define a
// session variable from such a call), and the static types of %T operands
// (staticTypeArgs).
// It leaves a call as it is when a type argument cannot be written in the
// cell (a type local to a function body, an instantiated generic type);
// the interpreter's limitation check then refuses it. Without the checker's
// verdict on the cell it changes nothing.
func (e *Engine) instantiate(code string) string {
	r := e.checked()
	if r == nil {
		return code
	}
	e.mu.RLock()
	names := map[string]string{} // import path -> name in the cell
	for name, path := range e.imports {
		names[path] = name
	}
	e.mu.RUnlock()
	for _, s := range r.File.Imports {
		path := strings.Trim(s.Path.Value, `"`)
		if s.Name != nil {
			names[path] = s.Name.Name
		} else if _, ok := names[path]; !ok {
			names[path] = path[strings.LastIndex(path, "/")+1:]
		}
	}
	qualify := func(p *types.Package) string {
		if p == r.Pkg {
			return ""
		}
		return names[p.Path()]
	}
	lines := lineOffsets(code)
	// offset returns the offset in code of pos, -1 outside the cell.
	offset := func(pos token.Pos) int {
		line, col, ok := r.Position(pos)
		if !ok || line < 1 || line > len(lines) || lines[line-1]+col-1 > len(code) {
			return -1
		}
		return lines[line-1] + col - 1
	}
	sc := scopesOf(r)
	var ins []insertion
	hasBasic := hasSessionBasic(r.Pkg)
	ins = append(ins, e.trailingTyped(r, code, offset, hasBasic)...)
	ast.Inspect(r.File, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		ins = append(ins, staticTypeArgs(r, call, offset)...)
		ins = append(ins, e.staticTextArgs(r, call, offset, hasBasic)...)
		ins = append(ins, mapsClone(r, call, offset, names)...)
		id, explicit := genericCallee(call.Fun)
		if id == nil {
			return true
		}
		inst, ok := r.Info.Instances[id]
		fn, isFunc := r.Info.Uses[id].(*types.Func)
		if !ok || !isFunc || fn.Pkg() != r.Pkg {
			return true
		}
		// yaegi cannot infer two or more type arguments, nor the one of a
		// variadic function (Sum(1, 2): "undefined type for T").
		variadic := false
		if sig, ok := fn.Type().(*types.Signature); ok {
			variadic = sig.Variadic()
		}
		infer := !explicit && (inst.TypeArgs.Len() >= 2 || variadic)
		if !infer && (sc.inFunc(call) || sc.goOrDefer[call]) {
			return true
		}
		if infer {
			args := make([]string, inst.TypeArgs.Len())
			for i := range args {
				t := inst.TypeArgs.At(i)
				if !writable(t, r.Pkg, names) {
					return true
				}
				args[i] = types.TypeString(t, qualify)
			}
			off := offset(id.End())
			if off < 0 || !strings.HasSuffix(code[:off], id.Name) {
				return true
			}
			ins = append(ins, insertion{off: off, text: "[" + strings.Join(args, ", ") + "]"})
		}
		// yaegi fails to compile a session variable defined by a call of a
		// session generic function (x := Map[int, string](...), "not a
		// generic type"; x := Id(3) crashes it); inside a function literal
		// the call compiles. Calls inside functions compile as they are,
		// except those whose type arguments were just written out.
		sig, ok := inst.Type.(*types.Signature)
		if !ok || sig.Results().Len() == 0 || !tupleWritable(sig.Results(), r.Pkg, names) {
			return true
		}
		results := make([]string, sig.Results().Len())
		for i := range results {
			results[i] = types.TypeString(sig.Results().At(i).Type(), qualify)
		}
		start, end := offset(call.Pos()), offset(call.End())
		if start < 0 || end < start {
			return true
		}
		ins = append(ins, insertion{off: start, text: fmt.Sprintf("func() (%s) { return ", strings.Join(results, ", "))},
			insertion{off: end, text: " }()", closer: true})
		return true
	})
	// Applied from the end of the cell. At one offset, an outer call's
	// opening text (found first) must end up in front of an inner one's,
	// and its closing text after the inner one's.
	for i := range ins {
		ins[i].order = i
	}
	sort.Slice(ins, func(i, j int) bool {
		a, b := ins[i], ins[j]
		if a.off != b.off {
			return a.off > b.off
		}
		if a.closer != b.closer {
			return a.closer
		}
		if a.closer {
			return a.order < b.order
		}
		return a.order > b.order
	})
	for _, in := range ins {
		end := max(in.end, in.off)
		code = code[:in.off] + in.text + code[end:]
	}
	return code
}

// genericCallee returns the identifier naming the called function of a
// call, directly (f(x)) or instantiated (f[T](x), explicit true); nil for
// other calls.
func genericCallee(fun ast.Expr) (id *ast.Ident, explicit bool) {
	switch x := ast.Unparen(fun).(type) {
	case *ast.Ident:
		return x, false
	case *ast.IndexExpr:
		id, _ := ast.Unparen(x.X).(*ast.Ident)
		return id, true
	case *ast.IndexListExpr:
		id, _ := ast.Unparen(x.X).(*ast.Ident)
		return id, true
	}
	return nil, false
}

// cellScopes says where a node of the checked cell stands.
type cellScopes struct {
	spans     [][2]token.Pos // bodies of the cell's funcs and function literals
	goOrDefer map[*ast.CallExpr]bool
}

// scopesOf indexes the function bodies (a func declaration of the cell or
// a function literal, not the checker's wrapper around the cell's
// statements) and the calls of go and defer statements (wrapped, they
// would run their arguments later) of r's cell.
func scopesOf(r *typecheck.Result) cellScopes {
	sc := cellScopes{goOrDefer: map[*ast.CallExpr]bool{}}
	ast.Inspect(r.File, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			if _, _, inCell := r.Position(x.Pos()); inCell && x.Body != nil {
				sc.spans = append(sc.spans, [2]token.Pos{x.Body.Pos(), x.Body.End()})
			}
		case *ast.FuncLit:
			sc.spans = append(sc.spans, [2]token.Pos{x.Body.Pos(), x.Body.End()})
		case *ast.GoStmt:
			sc.goOrDefer[x.Call] = true
		case *ast.DeferStmt:
			sc.goOrDefer[x.Call] = true
		}
		return true
	})
	return sc
}

// inFunc reports whether n lies inside a function body of the cell.
func (sc cellScopes) inFunc(n ast.Node) bool {
	for _, s := range sc.spans {
		if n.Pos() >= s[0] && n.End() <= s[1] {
			return true
		}
	}
	return false
}

// insertion is text to insert at an offset of a cell.
type insertion struct {
	off, end int // end > off replaces code[off:end]
	text     string
	closer   bool // closes text inserted before it (a call's end)
	order    int  // position in the order found
}

// staticTypeArgs wraps the operands a literal format of fmt.Printf,
// Sprintf or Fprintf prints with %T in the helper's StaticType when their
// static type is not an interface (it is then their dynamic type): %T
// prints Go's name for it, which the helper cannot find from the value
// when yaegi represents a session type by its underlying type (`type Level
// int` is an int to reflection). An interface operand's dynamic type is
// left to the helper.
func staticTypeArgs(r *typecheck.Result, call *ast.CallExpr, offset func(token.Pos) int) []insertion {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || call.Ellipsis.IsValid() {
		return nil
	}
	fn, ok := r.Info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "fmt" {
		return nil
	}
	fi := map[string]int{"Printf": 0, "Sprintf": 0, "Fprintf": 1}
	i, ok := fi[fn.Name()]
	if !ok || len(call.Args) <= i {
		return nil
	}
	lit, ok := call.Args[i].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return nil
	}
	format, err := strconv.Unquote(lit.Value)
	if err != nil {
		return nil
	}
	tv, _, ok := typeVerbs(format)
	if !ok {
		return nil
	}
	var out []insertion
	for k := range tv {
		j := i + 1 + k
		if j >= len(call.Args) {
			continue
		}
		a := call.Args[j]
		t := r.Info.TypeOf(a)
		if t == nil || types.IsInterface(t) || !typeNamable(t) {
			continue
		}
		start, end := offset(a.Pos()), offset(a.End())
		if start < 0 || end < start {
			continue
		}
		name := types.TypeString(t, func(p *types.Package) string { return p.Name() })
		out = append(out, insertion{off: start, text: helperPkg + ".StaticType("},
			insertion{off: end, text: fmt.Sprintf(", %q)", name), closer: true})
	}
	return out
}

// mapsClone rewrites a call of maps.Clone, which crashes yaegi's generic
// maps package, into a function literal applied to the map that copies it
// with the helper's MapsCloneInto: maps.Clone(m) becomes
// func(m M) M { MapsCloneInto(&m); return m }(m), M the map's static type.
func mapsClone(r *typecheck.Result, call *ast.CallExpr, offset func(token.Pos) int, names map[string]string) []insertion {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return nil
	}
	fn, ok := r.Info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "maps" || fn.Name() != "Clone" {
		return nil
	}
	t := r.Info.TypeOf(call)
	if t == nil || !writable(t, r.Pkg, names) {
		return nil
	}
	start, lparen := offset(call.Pos()), offset(call.Lparen)
	if start < 0 || lparen < start {
		return nil
	}
	ts := types.TypeString(t, func(p *types.Package) string {
		if p == r.Pkg {
			return ""
		}
		return names[p.Path()]
	})
	head := fmt.Sprintf("func(__mc %s) %s { %s.MapsCloneInto(&__mc); return __mc }", ts, ts, helperPkg)
	return []insertion{{off: start, end: lparen, text: head}}
}

// typeNamable reports whether %T of a value of static type t can be
// written from t: not for an untyped constant (its default type is what
// the value has) or a type local to a function (Go's name for it is not
// the plain name).
func typeNamable(t types.Type) bool {
	if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		return false
	}
	local := false
	var walk func(types.Type, int)
	walk = func(t types.Type, depth int) {
		if depth > 8 || local {
			return
		}
		switch t := t.(type) {
		case *types.Named:
			if t.Obj().Pkg() != nil && t.Obj().Parent() != t.Obj().Pkg().Scope() {
				local = true
			}
			for i := 0; i < t.TypeArgs().Len(); i++ {
				walk(t.TypeArgs().At(i), depth+1)
			}
		case *types.Pointer:
			walk(t.Elem(), depth+1)
		case *types.Slice:
			walk(t.Elem(), depth+1)
		case *types.Array:
			walk(t.Elem(), depth+1)
		case *types.Map:
			walk(t.Key(), depth+1)
			walk(t.Elem(), depth+1)
		case *types.Chan:
			walk(t.Elem(), depth+1)
		case *types.TypeParam:
			local = true
		}
	}
	walk(t, 0)
	return !local
}

// lineOffsets returns the byte offset of the start of every line of s.
func lineOffsets(s string) []int {
	offs := []int{0}
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			offs = append(offs, i+1)
		}
	}
	return offs
}

// writable reports whether t can be written in a cell: every named type in
// it is declared at package level of the session or of an imported package
// (exported), or is a type parameter of the enclosing function.
func writable(t types.Type, main *types.Package, names map[string]string) bool {
	switch t := t.(type) {
	case *types.Basic:
		return t.Kind() != types.UntypedNil && t.Info()&types.IsUntyped == 0
	case *types.TypeParam:
		return true
	case *types.Alias:
		return writable(types.Unalias(t), main, names)
	case *types.Named:
		obj := t.Obj()
		if obj.Pkg() == nil { // error, comparable
			return true
		}
		if obj.Parent() != obj.Pkg().Scope() {
			return false
		}
		if obj.Pkg() != main && (!obj.Exported() || names[obj.Pkg().Path()] == "") {
			return false
		}
		// An instantiated generic type as a type argument crashes yaegi.
		return t.TypeArgs().Len() == 0
	case *types.Pointer:
		return writable(t.Elem(), main, names)
	case *types.Slice:
		return writable(t.Elem(), main, names)
	case *types.Array:
		return writable(t.Elem(), main, names)
	case *types.Map:
		return writable(t.Key(), main, names) && writable(t.Elem(), main, names)
	case *types.Chan:
		return writable(t.Elem(), main, names)
	case *types.Signature:
		return t.TypeParams().Len() == 0 && tupleWritable(t.Params(), main, names) && tupleWritable(t.Results(), main, names)
	case *types.Struct:
		for i := 0; i < t.NumFields(); i++ {
			f := t.Field(i)
			if (!f.Exported() && f.Pkg() != main) || !writable(f.Type(), main, names) {
				return false
			}
		}
		return true
	case *types.Interface:
		return t.NumMethods() == 0 && t.NumEmbeddeds() == 0
	}
	return false
}

func tupleWritable(t *types.Tuple, main *types.Package, names map[string]string) bool {
	for i := 0; i < t.Len(); i++ {
		if !writable(t.At(i).Type(), main, names) {
			return false
		}
	}
	return true
}
