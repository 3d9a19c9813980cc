package repl

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// The helper's view of the session's types: yaegi gives a session struct
// type no name (reflect.StructOf), so the engine finds each type's reflect
// type by handing a nil pointer of it to the helper, after every run of
// declarations that defines one.

// typeInfo describes the session's types for the helper, rebuilt after each
// run of declarations that defines a type.
type typeInfo struct {
	// names maps the reflect type yaegi uses for a session type to the
	// names of the session types it may stand for (one for structs; named
	// basic types share their underlying type's reflect type).
	names map[reflect.Type][]string
	// methods records which session types declare methods.
	methods map[string]bool
	// unexported lists each struct type's unexported field names.
	unexported map[string][]string
	// text holds the String and Error methods by receiver type.
	text map[reflect.Type]textMethod
	// basicText holds the String and Error methods (value receivers) of the
	// session's basic types, by type name: their reflect type is the
	// underlying one, so only the static type finds them (statictext.go).
	basicText map[string]textMethod
}

// typeName is the Go name of an operand's type, computed where the operand
// was passed to the helper's TypeName (see renameCalls): yaegi hands a
// function outside MapTypes the value itself, while the fmt printers get a
// wrapper whose value field is unreliable for value receivers.
type typeName string

// typeNameOf is the helper's TypeName.
func (h *helper) typeNameOf(a any) typeName {
	if t, ok := a.(typeName); ok { // from StaticType
		return t
	}
	return typeName(typeString(a, h.e.typeInfo()))
}

// staticType is the helper's StaticType: the %T text of an operand whose
// Go type the type checker knows (see staticTypeArgs).
func staticType(_ any, name string) typeName { return typeName(name) }

// typeString returns the Go name of a's type, as %T prints it.
func typeString(a any, ti *typeInfo) string {
	if tv, ok := a.(typedValue); ok {
		if n, ok := tv.v.(typeName); ok {
			return string(n)
		}
		if types.IsInterface(tv.t) { // the dynamic type
			return typeString(tv.v, ti)
		}
		return types.TypeString(tv.t, func(p *types.Package) string { return p.Name() })
	}
	if n, ok := a.(typeName); ok {
		return string(n)
	}
	wrapped := false
	if inner, ok := unwrap(a); ok {
		a, wrapped = inner, true
	}
	t := reflect.TypeOf(a)
	if t == nil {
		return "<nil>"
	}
	stars := ""
	for t.Kind() == reflect.Pointer {
		if names := ti.names[t]; len(names) > 0 {
			break
		}
		stars += "*"
		t = t.Elem()
	}
	names := ti.names[t]
	if t.Kind() != reflect.Struct && t.Name() != "" && t.PkgPath() == "" {
		// A basic type: yaegi gives session types like `type Level int`
		// the reflect type int. A wrapped value has methods, so it is one
		// of the session types with methods; a plain one could be any
		// of those without.
		var cands []string
		for _, n := range names {
			if ti.methods[n] == wrapped {
				cands = append(cands, n)
			}
		}
		switch {
		case len(cands) == 1 && wrapped:
			return stars + "main." + cands[0]
		case len(cands) == 0 && !wrapped:
			return stars + t.String()
		}
		panic(fmt.Sprintf("interpreter limitation: %%T cannot tell %s from the session's types %s, which yaegi represents as %s; print the type yourself",
			t, strings.Join(names, ", "), t))
	}
	if len(names) == 1 {
		return stars + "main." + names[0]
	}
	return stars + t.String()
}

// typeInfo returns the current description of the session's types.
func (e *Engine) typeInfo() *typeInfo {
	e.resultMu.Lock()
	defer e.resultMu.Unlock()
	if e.tinfo == nil {
		return &typeInfo{}
	}
	return e.tinfo
}

// refreshTypes rebuilds the description of the session's types in it from
// the declarations decls. yaegi builds a struct type with reflect.StructOf,
// which returns the same type for the same fields, so the reflect type of
// each session type is found by handing a nil pointer of it to the helper.
func (e *Engine) refreshTypes(it *interp.Interpreter, decls []*declaration) *typeInfo {
	ti := &typeInfo{names: map[reflect.Type][]string{}, methods: map[string]bool{}, unexported: map[string][]string{}}
	var names, exprs []string
	for _, d := range decls {
		switch d.kind {
		case "method":
			for _, k := range d.keys {
				if t, _, ok := strings.Cut(k, "."); ok {
					ti.methods[t] = true
				}
			}
			continue
		case "type":
		default:
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+d.text, parser.SkipObjectResolution)
		if err != nil || len(f.Decls) != 1 {
			continue
		}
		for _, sp := range f.Decls[0].(*ast.GenDecl).Specs {
			ts, ok := sp.(*ast.TypeSpec)
			if !ok || ts.TypeParams != nil {
				continue
			}
			names = append(names, ts.Name.Name)
			exprs = append(exprs, fmt.Sprintf("(*%s)(nil)", ts.Name.Name))
			if st, ok := ts.Type.(*ast.StructType); ok {
				for _, fl := range st.Fields.List {
					for _, n := range fl.Names {
						if !n.IsExported() {
							ti.unexported[ts.Name.Name] = append(ti.unexported[ts.Name.Name], n.Name)
						}
					}
				}
			}
		}
	}
	if len(names) > 0 {
		src := fmt.Sprintf("%s.Keep(%s)", helperPkg, strings.Join(exprs, ", "))
		if _, err := e.compileAndRun(it, src); err == nil {
			for i, v := range e.helper.kept.snapshot() {
				if i >= len(names) || v == nil {
					continue
				}
				if t := reflect.TypeOf(v); t.Kind() == reflect.Pointer {
					ti.names[t.Elem()] = append(ti.names[t.Elem()], names[i])
				}
			}
		}
	}
	ti.text, ti.basicText = e.methodFuncs(it, decls)
	// Only struct types are told apart by their reflect type: `type Level
	// int` is int to reflection, and its String must not format every int.
	for t := range ti.text {
		st := t
		if st.Kind() == reflect.Pointer {
			st = st.Elem()
		}
		if st.Kind() != reflect.Struct || len(ti.names[st]) != 1 {
			delete(ti.text, t)
		}
	}
	e.resultMu.Lock()
	e.tinfo = ti
	e.resultMu.Unlock()
	return ti
}

// goNames replaces, in the text form of a value, the struct types yaegi made
// for session types (`struct { X int; Y int }`) by the types' names.
func (ti *typeInfo) goNames(text string) string {
	if !strings.Contains(text, "struct {") {
		return text
	}
	var types []reflect.Type
	for t, names := range ti.names {
		if t.Kind() == reflect.Struct && len(names) == 1 {
			types = append(types, t)
		}
	}
	// Outer types first: their text contains the inner ones'.
	sort.Slice(types, func(i, j int) bool { return len(types[i].String()) > len(types[j].String()) })
	for _, t := range types {
		text = strings.ReplaceAll(text, t.String(), ti.names[t][0])
	}
	return text
}
