package repl

import (
	"go/ast"
	"go/types"
	"sort"
	"strings"
)

// yaegi v0.16.1 cannot infer the type arguments of a generic function with
// two or more type parameters (the call crashes or fails to compile), but
// runs the call with the arguments written out. go/types records what it
// inferred (Info.Instances), so the engine writes them into the cell:
// Map(xs, f) runs as Map[int, string](xs, f).

// instantiate returns the cell with the inferred type arguments written
// after the name of every call of a session generic function with two or
// more type parameters that leaves them to inference. It leaves a call as
// it is when a type argument cannot be written in the cell (a type local to
// a function body); the interpreter's limitation check then refuses it.
func (e *Engine) instantiate(code string) string {
	r := e.checked()
	if r == nil || len(r.Info.Instances) == 0 {
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
	type insertion struct {
		off  int
		text string
	}
	var ins []insertion
	ast.Inspect(r.File, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		if !ok {
			return true
		}
		inst, ok := r.Info.Instances[id]
		fn, isFunc := r.Info.Uses[id].(*types.Func)
		if !ok || !isFunc || fn.Pkg() != r.Pkg || inst.TypeArgs.Len() < 2 {
			return true
		}
		args := make([]string, inst.TypeArgs.Len())
		for i := range args {
			t := inst.TypeArgs.At(i)
			if !writable(t, r.Pkg, names) {
				return true
			}
			args[i] = types.TypeString(t, qualify)
		}
		line, col, ok := r.Position(id.End())
		if !ok || line < 1 || line > len(lines) {
			return true
		}
		off := lines[line-1] + col - 1
		if off > len(code) || !strings.HasSuffix(code[:off], id.Name) {
			return true
		}
		ins = append(ins, insertion{off, "[" + strings.Join(args, ", ") + "]"})
		return true
	})
	sort.Slice(ins, func(i, j int) bool { return ins[i].off > ins[j].off })
	for _, in := range ins {
		code = code[:in.off] + in.text + code[in.off:]
	}
	return code
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
