package repl

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// fmt calls the String and Error methods of the values nested in what it
// prints ([]Point prints as [(1,2) (3,4)]). yaegi hands compiled code a
// session value inside a slice, map or struct as plain data without its
// methods, so fmt would print the fields instead. The engine compiles, for
// each session type with a String or Error method, a function calling it
// (func(v T) string { return v.String() }), and the fmt helper rebuilds such
// values with each nested session value formatted through its method.

// textMethod is a String or Error method of a session type, callable from
// compiled code.
type textMethod struct {
	fn    reflect.Value // func(T) string or func(*T) string
	error bool          // an Error method (it takes precedence over String)
}

// methodFuncs compiles the calling functions for the String and Error
// methods declared in decls and returns them by receiver reflect type, and
// those with a value receiver by receiver type name.
func (e *Engine) methodFuncs(it *interp.Interpreter, decls []*declaration) (map[reflect.Type]textMethod, map[string]textMethod) {
	var exprs, recvs []string
	var isErr []bool
	for _, d := range decls {
		if d.kind != "method" {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+d.text, parser.SkipObjectResolution)
		if err != nil || len(f.Decls) != 1 {
			continue
		}
		fd, ok := f.Decls[0].(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Type.Params.NumFields() != 0 ||
			fd.Type.Results.NumFields() != 1 || (fd.Name.Name != "String" && fd.Name.Name != "Error") {
			continue
		}
		recv := fd.Recv.List[0].Type
		star := ""
		if s, ok := recv.(*ast.StarExpr); ok {
			star, recv = "*", s.X
		}
		id, ok := recv.(*ast.Ident)
		if !ok {
			continue // a generic receiver
		}
		exprs = append(exprs, fmt.Sprintf("func(v %s%s) string { return v.%s() }", star, id.Name, fd.Name.Name))
		recvs = append(recvs, star+id.Name)
		isErr = append(isErr, fd.Name.Name == "Error")
	}
	out, byName := map[reflect.Type]textMethod{}, map[string]textMethod{}
	if len(exprs) == 0 {
		return out, byName
	}
	if _, err := e.compileAndRun(it, fmt.Sprintf("%s.Keep(%s)", helperPkg, strings.Join(exprs, ", "))); err != nil {
		return out, byName
	}
	for i, v := range e.helper.kept.snapshot() {
		fn := reflect.ValueOf(v)
		if i >= len(exprs) || fn.Kind() != reflect.Func || fn.Type().NumIn() != 1 {
			continue
		}
		m := textMethod{fn: fn, error: isErr[i]}
		if old, ok := byName[recvs[i]]; isBasicKind(fn.Type().In(0).Kind()) && (!ok || !old.error) {
			byName[recvs[i]] = m
		}
		t := fn.Type().In(0)
		if old, ok := out[t]; ok && old.error {
			continue
		}
		out[t] = m
	}
	return out, byName
}

// methodText formats a session value through its String or Error method
// for the verbs that use them, and as data otherwise.
type methodText struct {
	m textMethod
	v reflect.Value
}

func (t methodText) Format(s fmt.State, verb rune) {
	spec := fmt.FormatString(s, verb)
	switch verb {
	case 'v', 's', 'q', 'x', 'X':
		if !s.Flag('#') {
			fmt.Fprintf(s, spec, t.m.fn.Call([]reflect.Value{t.v})[0].String())
			return
		}
	}
	fmt.Fprintf(s, spec, t.v.Interface())
}

// withMethods returns v rebuilt so that fmt formats the session values in
// it through their String and Error methods, and whether anything changed.
func withMethods(v reflect.Value, ti *typeInfo, depth int) (reflect.Value, bool) {
	if !v.IsValid() || depth > 12 || len(ti.text) == 0 {
		return v, false
	}
	if m, ok := ti.text[v.Type()]; ok {
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return v, false
		}
		return reflect.ValueOf(methodText{m, v}), true
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return v, false
		}
		out := make([]any, v.Len())
		changed := false
		for i := range out {
			el, ok := withMethods(v.Index(i), ti, depth+1)
			changed = changed || ok
			out[i] = el.Interface()
		}
		if !changed {
			return v, false
		}
		return reflect.ValueOf(out), true
	case reflect.Map:
		if v.IsNil() {
			return v, false
		}
		out := reflect.MakeMapWithSize(reflect.MapOf(v.Type().Key(), reflect.TypeOf((*any)(nil)).Elem()), v.Len())
		changed := false
		for it := v.MapRange(); it.Next(); {
			el, ok := withMethods(it.Value(), ti, depth+1)
			changed = changed || ok
			out.SetMapIndex(it.Key(), el)
		}
		if !changed {
			return v, false
		}
		return out, true
	case reflect.Struct:
		if v.Type().PkgPath() != "" || v.Type().Name() != "" {
			return v, false // a compiled type formats itself
		}
		fields := make([]reflect.StructField, v.NumField())
		vals := make([]reflect.Value, v.NumField())
		changed := false
		for i := range fields {
			f := v.Type().Field(i)
			if !f.IsExported() {
				return v, false
			}
			el, ok := withMethods(v.Field(i), ti, depth+1)
			changed = changed || ok
			fields[i] = reflect.StructField{Name: f.Name, Type: reflect.TypeOf((*any)(nil)).Elem(), Tag: f.Tag}
			vals[i] = el
		}
		if !changed {
			return v, false
		}
		s := reflect.New(reflect.StructOf(fields)).Elem()
		for i, el := range vals {
			s.Field(i).Set(el)
		}
		return s, true
	case reflect.Pointer:
		if depth > 0 || v.IsNil() || v.Elem().Kind() != reflect.Struct {
			return v, false // fmt prints nested pointers as addresses
		}
		el, ok := withMethods(v.Elem(), ti, depth+1)
		if !ok {
			return v, false
		}
		return reflect.ValueOf(addressOf{el}), true
	}
	return v, false
}

// addressOf prints a rebuilt struct as fmt prints a pointer to one.
type addressOf struct{ v reflect.Value }

func (a addressOf) Format(s fmt.State, verb rune) {
	s.Write([]byte("&"))
	fmt.Fprintf(s, fmt.FormatString(s, verb), a.v.Interface())
}

// isBasicKind reports whether values of kind k have a basic type: a
// session type of one is represented by its underlying type.
func isBasicKind(k reflect.Kind) bool {
	return k >= reflect.Bool && k <= reflect.Complex128 || k == reflect.String
}
