package repl

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"io"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/specstress/specstress/kernel/repl/typecheck"
)

// yaegi represents a session type like `type Level int` by its underlying
// type, so inside a []Level, a map or a struct field a Level reaches fmt as
// a plain int and prints as 1 where Go calls its String method (L1). The
// reflect type cannot tell a Level from an int; the type checker can. The
// engine wraps each such fmt operand in the helper's Typed with the static
// type of the operand (staticTextArgs), and the helper walks the value along
// that type, formatting each element of a session basic type through its
// method (compiled by methodFuncs).

// typedValue is an fmt operand with its static type.
type typedValue struct {
	v   any
	t   types.Type
	pkg *types.Package // the session's package
}

// staticTypes holds the static types the engine wrote into cells; a cell
// names one by its index (the helper's Typed takes the index).
type staticTypes struct {
	mu  sync.Mutex
	ts  []typedValue // without values
	ids map[string]int
}

// add returns the number of the static type t of the session package pkg.
// A type spelled as an earlier one reuses its number, holding the newest
// check's type: the table stays as small as the set of types printed, and
// keeps no old check's package alive.
func (s *staticTypes) add(t types.Type, pkg *types.Package) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := types.TypeString(t, func(p *types.Package) string { return p.Path() })
	if id, ok := s.ids[key]; ok {
		s.ts[id] = typedValue{t: t, pkg: pkg}
		return id
	}
	if s.ids == nil {
		s.ids = map[string]int{}
	}
	s.ts = append(s.ts, typedValue{t: t, pkg: pkg})
	s.ids[key] = len(s.ts) - 1
	return len(s.ts) - 1
}

// typed is the helper's Typed: v with the static type numbered id.
func (h *helper) typed(v any, id int) any {
	h.static.mu.Lock()
	defer h.static.mu.Unlock()
	if id < 0 || id >= len(h.static.ts) {
		panic(fmt.Sprintf("internal error: no static type numbered %d", id))
	}
	tv := h.static.ts[id]
	tv.v = v
	return tv
}

// textMethodOf reports whether t's method set has String or Error.
func textMethodOf(t types.Type) bool {
	ms := types.NewMethodSet(t)
	for _, name := range []string{"Error", "String"} {
		if sel := ms.Lookup(nil, name); sel != nil {
			if sig, ok := sel.Type().(*types.Signature); ok && sig.Params().Len() == 0 && sig.Results().Len() == 1 {
				return true
			}
		}
	}
	return false
}

// sessionBasic reports whether t is a session type with a basic underlying
// type and a String or Error method: one yaegi prints wrongly when nested.
func sessionBasic(t types.Type, pkg *types.Package) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() != pkg {
		return false
	}
	_, basic := n.Underlying().(*types.Basic)
	return basic && textMethodOf(n)
}

// needsStatic reports whether printing a value of static type t needs the
// static type: it holds a session basic type with a method below its top
// level, or an interface that may hold one when the session has such types.
func needsStatic(t types.Type, pkg *types.Package, sessionHasBasic bool, depth int, seen map[types.Type]bool) bool {
	if depth > 12 || seen[t] {
		return false
	}
	seen[t] = true
	if !sessionBasic(t, pkg) && textMethodOf(t) {
		return false // its own method prints it
	}
	if depth > 0 && sessionBasic(t, pkg) {
		return true
	}
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Interface:
		return sessionHasBasic
	case *types.Slice:
		return needsStatic(u.Elem(), pkg, sessionHasBasic, depth+1, seen)
	case *types.Array:
		return needsStatic(u.Elem(), pkg, sessionHasBasic, depth+1, seen)
	case *types.Pointer:
		return needsStatic(u.Elem(), pkg, sessionHasBasic, depth, seen)
	case *types.Map:
		return needsStatic(u.Key(), pkg, sessionHasBasic, depth+1, seen) || needsStatic(u.Elem(), pkg, sessionHasBasic, depth+1, seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if needsStatic(u.Field(i).Type(), pkg, sessionHasBasic, depth+1, seen) {
				return true
			}
		}
	}
	return false
}

// hasSessionBasic reports whether the session declares a basic type with
// a String or Error method.
func hasSessionBasic(pkg *types.Package) bool {
	sc := pkg.Scope()
	for _, name := range sc.Names() {
		if tn, ok := sc.Lookup(name).(*types.TypeName); ok && sessionBasic(tn.Type(), pkg) {
			return true
		}
	}
	return false
}

// printOperands maps fmt's printers to the index of their first operand.
var printOperands = map[string]int{"Printf": 1, "Sprintf": 1, "Fprintf": 2, "Println": 0, "Print": 0,
	"Sprintln": 0, "Sprint": 0, "Fprintln": 1, "Fprint": 1}

// staticTextArgs wraps the operands of a call of an fmt printer whose static
// type needs it (needsStatic) in the helper's Typed, numbering the type in
// the engine's table of static types.
func (e *Engine) staticTextArgs(r *typecheck.Result, call *ast.CallExpr, offset func(token.Pos) int, hasBasic bool) []insertion {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || call.Ellipsis.IsValid() {
		return nil
	}
	fn, ok := r.Info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "fmt" {
		return nil
	}
	first, ok := printOperands[fn.Name()]
	if !ok {
		return nil
	}
	var out []insertion
	for _, a := range call.Args[min(first, len(call.Args)):] {
		t := r.Info.TypeOf(a)
		if t == nil || !needsStatic(t, r.Pkg, hasBasic, 0, map[types.Type]bool{}) {
			continue
		}
		start, end := offset(a.Pos()), offset(a.End())
		if start < 0 || end < start {
			continue
		}
		id := e.helper.static.add(t, r.Pkg)
		out = append(out, insertion{off: start, text: helperPkg + ".Typed("},
			insertion{off: end, text: fmt.Sprintf(", %d)", id), closer: true})
	}
	return out
}

// basicNames lists the session basic types with a String or Error method.
func (ti *typeInfo) basicNames() string {
	names := make([]string, 0, len(ti.basicText))
	for n := range ti.basicText {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// staticText returns tv prepared for fmt along its static type, and
// whether its static type changed anything.
func staticText(tv typedValue, ti *typeInfo) (any, bool) {
	v := reflect.ValueOf(tv.v)
	if inner, ok := unwrap(tv.v); ok {
		v = reflect.ValueOf(inner)
	}
	out, ok := walkStatic(v, tv.t, ti, tv.pkg, 0)
	if !ok {
		return tv.v, false
	}
	return staticOperand{orig: v, walked: out.Interface(), t: tv.t}, true
}

// staticOperand formats a walked value (staticText), and for %#v the value
// itself with the static type's name in place of yaegi's ([]main.Level{1,
// 2}, not []int{1, 2} nor the walked []interface {}).
type staticOperand struct {
	orig   reflect.Value
	walked any
	t      types.Type
}

func (o staticOperand) Format(s fmt.State, verb rune) {
	if verb != 'v' || !s.Flag('#') {
		fmt.Fprintf(s, fmt.FormatString(s, verb), o.walked)
		return
	}
	text := fmt.Sprintf(fmt.FormatString(s, verb), o.orig.Interface())
	rt, st, prefix := o.orig.Type(), o.t, ""
	if p, ok := types.Unalias(st).Underlying().(*types.Pointer); ok && rt.Kind() == reflect.Pointer {
		rt, st, prefix = rt.Elem(), p.Elem(), "&"
	}
	if strings.HasPrefix(text, prefix+rt.String()) {
		text = prefix + types.TypeString(st, func(p *types.Package) string { return p.Name() }) + text[len(prefix+rt.String()):]
	}
	io.WriteString(s, text)
}

var anyType = reflect.TypeOf((*any)(nil)).Elem()

// walkStatic returns v, whose static type is t, rebuilt so that fmt formats
// the session basic values in it through their methods, and whether
// anything changed.
func walkStatic(v reflect.Value, t types.Type, ti *typeInfo, pkg *types.Package, depth int) (reflect.Value, bool) {
	if !v.IsValid() || depth > 12 {
		return v, false
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		if _, basic := n.Underlying().(*types.Basic); basic && textMethodOf(n) {
			m, ok := ti.basicText[n.Obj().Name()]
			if !ok || depth == 0 || v.Type().PkgPath() != "" {
				return v, false // top level: yaegi's wrapper has the method
			}
			if in := m.fn.Type().In(0); v.Type() != in && v.Type().ConvertibleTo(in) {
				v = v.Convert(in)
			}
			return reflect.ValueOf(methodText{m, v}), true
		}
		if textMethodOf(n) {
			return withMethods(v, ti, depth)
		}
	}
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Interface:
		if v.Kind() == reflect.Interface {
			if v.IsNil() {
				return v, false
			}
			v = v.Elem()
		}
		if inner, ok := unwrap(v.Interface()); ok {
			v = reflect.ValueOf(inner)
			if !v.IsValid() {
				return v, false
			}
		}
		if depth > 0 && v.Kind() == reflect.Struct && v.NumField() > 0 && v.Type().Field(0).Name == "IValue" {
			return v, false
		}
		if st := sessionStruct(v.Type(), ti, pkg); st != nil {
			return walkStatic(v, st, ti, pkg, depth) // a session struct: its fields' types are known
		}
		if ambiguous(v.Type(), ti, pkg, depth, 0) {
			panic(fmt.Sprintf("interpreter limitation: fmt cannot print a value of type %s held in an interface value: yaegi represents the session's types %s as their underlying types, so their String and Error methods would be lost; print a variable of the value's own type (or convert it: x.([]T))",
				v.Type(), ti.basicNames()))
		}
		return v, false
	case *types.Slice, *types.Array:
		var elem types.Type
		if s, ok := u.(*types.Slice); ok {
			elem = s.Elem()
		} else {
			elem = u.(*types.Array).Elem()
		}
		if v.Kind() != reflect.Slice && v.Kind() != reflect.Array || v.Kind() == reflect.Slice && v.IsNil() {
			return v, false
		}
		out := make([]any, v.Len())
		changed := false
		for i := range out {
			el, ok := walkStatic(v.Index(i), elem, ti, pkg, depth+1)
			changed = changed || ok
			out[i] = el.Interface()
		}
		if !changed {
			return v, false
		}
		return reflect.ValueOf(out), true
	case *types.Map:
		if v.Kind() != reflect.Map || v.IsNil() {
			return v, false
		}
		if keyBasic(u.Key()) && v.Type().Key().PkgPath() == "" {
			return keyedMap(v, u, ti, pkg, depth)
		}
		out := reflect.MakeMapWithSize(reflect.MapOf(v.Type().Key(), anyType), v.Len())
		changed := false
		for it := v.MapRange(); it.Next(); {
			el, ok := walkStatic(it.Value(), u.Elem(), ti, pkg, depth+1)
			changed = changed || ok
			out.SetMapIndex(it.Key(), el)
		}
		if !changed {
			return v, false
		}
		return out, true
	case *types.Pointer:
		if v.Kind() != reflect.Pointer || depth > 0 || v.IsNil() {
			return v, false // fmt prints nested pointers as addresses
		}
		el, ok := walkStatic(v.Elem(), u.Elem(), ti, pkg, depth+1)
		if !ok {
			return v, false
		}
		return reflect.ValueOf(addressOf{el}), true
	case *types.Struct:
		if v.Kind() != reflect.Struct || v.NumField() != u.NumFields() {
			return v, false
		}
		fields := make([]fieldText, v.NumField())
		changed := false
		for i := range fields {
			if !u.Field(i).Exported() {
				// fmt calls no methods on unexported fields nor on
				// anything inside them.
				fields[i] = fieldText{name: u.Field(i).Name(), v: v.Field(i)}
				continue
			}
			el, ok := walkStatic(v.Field(i), u.Field(i).Type(), ti, pkg, depth+1)
			changed = changed || ok
			fields[i] = fieldText{name: u.Field(i).Name(), v: el}
		}
		if !changed {
			return v, false
		}
		return reflect.ValueOf(structText(fields)), true
	}
	return v, false
}

// keyedMap prepares a map keyed by a session basic type: fmt sorts the
// keys by their values and prints each through its method.
func keyedMap(v reflect.Value, u *types.Map, ti *typeInfo, pkg *types.Package, depth int) (reflect.Value, bool) {
	kind := v.Type().Key().Kind()
	if kind == reflect.Bool || kind == reflect.Complex64 || kind == reflect.Complex128 {
		panic(fmt.Sprintf("interpreter limitation: fmt cannot print a map keyed by %s: yaegi represents the key type by its underlying type, so its String method would be lost; print the keys yourself (k.String())", u.Key()))
	}
	keys := v.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return compareOrdered(keys[i], keys[j]) < 0 })
	out := make(mapText, len(keys))
	for i, k := range keys {
		kt, _ := walkStatic(k, u.Key(), ti, pkg, depth+1)
		el, _ := walkStatic(v.MapIndex(k), u.Elem(), ti, pkg, depth+1)
		out[i] = [2]reflect.Value{kt, el}
	}
	return reflect.ValueOf(out), true
}

// mapText prints a map's sorted entries as fmt does (map[k:v k:v]).
type mapText [][2]reflect.Value

func (m mapText) Format(s fmt.State, verb rune) {
	spec := fmt.FormatString(s, verb)
	io.WriteString(s, "map[")
	for i, kv := range m {
		if i > 0 {
			io.WriteString(s, " ")
		}
		fmt.Fprintf(s, spec, kv[0].Interface())
		io.WriteString(s, ":")
		fmt.Fprintf(s, spec, kv[1].Interface())
	}
	io.WriteString(s, "]")
}

// keyBasic reports whether a map key type is a session basic type with a
// method at its top level.
func keyBasic(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	_, basic := n.Underlying().(*types.Basic)
	return basic && textMethodOf(n)
}

// ambiguous reports whether a value of reflect type t held in an interface
// may contain a session basic type with a method that yaegi turned into its
// underlying type: a nested value of a basic kind one of them has.
func ambiguous(t reflect.Type, ti *typeInfo, pkg *types.Package, depth, guard int) bool {
	if guard > 12 {
		return false
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Pointer:
		return ambiguous(t.Elem(), ti, pkg, depth+1, guard+1)
	case reflect.Map:
		return ambiguous(t.Key(), ti, pkg, depth+1, guard+1) || ambiguous(t.Elem(), ti, pkg, depth+1, guard+1)
	case reflect.Struct:
		if t.PkgPath() != "" || t.Name() != "" {
			return false
		}
		if st := sessionStruct(t, ti, pkg); st != nil {
			return needsStatic(st, pkg, true, 1, map[types.Type]bool{})
		}
		for i := 0; i < t.NumField(); i++ {
			if ambiguous(t.Field(i).Type, ti, pkg, depth+1, guard+1) {
				return true
			}
		}
		return false
	case reflect.Interface:
		return false
	}
	if depth == 0 || t.PkgPath() != "" {
		return false
	}
	for _, m := range ti.basicText {
		if m.fn.Type().In(0) == t {
			return true
		}
	}
	return false
}

// sessionStruct returns the static type of the session struct type (or
// pointer to one) yaegi represents by t, nil when t is not one.
func sessionStruct(t reflect.Type, ti *typeInfo, pkg *types.Package) types.Type {
	if pkg == nil {
		return nil
	}
	ptr := false
	if t.Kind() == reflect.Pointer {
		t, ptr = t.Elem(), true
	}
	names := ti.names[t]
	if t.Kind() != reflect.Struct || len(names) != 1 {
		return nil
	}
	tn, ok := pkg.Scope().Lookup(names[0]).(*types.TypeName)
	if !ok {
		return nil
	}
	if ptr {
		return types.NewPointer(tn.Type())
	}
	return tn.Type()
}

// fieldText is a struct field prepared for fmt.
type fieldText struct {
	name string
	v    reflect.Value
}

// structText prints a struct as fmt does ({a b}, %+v {A:a B:b}) with its
// fields prepared by walkStatic.
type structText []fieldText

func (st structText) Format(s fmt.State, verb rune) {
	spec := fmt.FormatString(s, verb)
	s.Write([]byte("{"))
	for i, f := range st {
		if i > 0 {
			s.Write([]byte(" "))
		}
		if verb == 'v' && s.Flag('+') {
			fmt.Fprintf(s, "%s:", f.name)
		}
		fmt.Fprintf(s, spec, f.v.Interface())
	}
	s.Write([]byte("}"))
}
