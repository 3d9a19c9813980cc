package repl

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"reflect"
	"sort"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// Values of session types reach compiled code (fmt, errors) in yaegi's
// form: a struct type without a name, or a wrapper struct holding the value
// and its methods for one interface. fmt then prints `struct { X int }` for
// %T, the wrapper's fields for %d, and unexported fields under yaegi's
// exported spelling ("Xsecret"). The engine rewrites calls of fmt's
// printers and of errors.As into calls of the helper below, which hands fmt
// each operand as Go would: the value, its String or Error method for the
// verbs that use them, its Go type name for %T.

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
}

// operand is a session value prepared for fmt.
type operand struct {
	wrapped any // the value as yaegi passed it (with its methods)
	inner   any // the value itself
}

// Format implements fmt.Formatter with Go's rules: Error, then String, for
// the verbs valid for strings; the value itself otherwise.
func (o operand) Format(s fmt.State, verb rune) {
	spec := fmt.FormatString(s, verb)
	switch verb {
	case 'v', 's', 'q', 'x', 'X':
		if !s.Flag('#') {
			if err, ok := o.wrapped.(error); ok {
				fmt.Fprintf(s, spec, err.Error())
				return
			}
			if str, ok := o.wrapped.(fmt.Stringer); ok {
				fmt.Fprintf(s, spec, str.String())
				return
			}
		}
	}
	fmt.Fprintf(s, spec, o.inner)
}

// fixArgs prepares operands for fmt. typeVerbs lists the argument indexes
// formatted with %T, whose operands become their Go type names.
func (h *helper) fixArgs(args []any, typeVerbs map[int]bool) []any {
	ti := h.e.typeInfo()
	out := make([]any, len(args))
	for i, a := range args {
		if typeVerbs[i] {
			out[i] = typeString(a, ti)
			continue
		}
		if inner, ok := unwrap(a); ok {
			out[i] = operand{wrapped: a, inner: fixFields(inner, ti)}
			continue
		}
		if v, ok := withMethods(reflect.ValueOf(a), ti, 0); ok {
			out[i] = v.Interface()
			continue
		}
		out[i] = fixFields(a, ti)
	}
	return out
}

// typeName is the Go name of an operand's type, computed where the operand
// was passed to the helper's TypeName (see renameCalls): yaegi hands a
// function outside MapTypes the value itself, while the fmt printers get a
// wrapper whose value field is unreliable for value receivers.
type typeName string

// typeNameOf is the helper's TypeName.
func (h *helper) typeNameOf(a any) typeName { return typeName(typeString(a, h.e.typeInfo())) }

// typeString returns the Go name of a's type, as %T prints it.
func typeString(a any, ti *typeInfo) string {
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

// fixFields returns a of a session struct type (or a pointer to one) with
// a type whose unexported fields carry their Go names, for %+v.
func fixFields(a any, ti *typeInfo) any {
	v := reflect.ValueOf(a)
	if !v.IsValid() {
		return a
	}
	ptr := false
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		v, ptr = v.Elem(), true
	}
	if v.Kind() != reflect.Struct {
		return a
	}
	names := ti.names[v.Type()]
	if len(names) != 1 || len(ti.unexported[names[0]]) == 0 {
		return a
	}
	return goFields{v: v, ptr: ptr, hidden: ti.unexported[names[0]]}
}

// goFields prints a struct with unexported fields under their Go names.
type goFields struct {
	v      reflect.Value
	ptr    bool
	hidden []string
}

func (r goFields) Format(s fmt.State, verb rune) {
	text := fmt.Sprintf(fmt.FormatString(s, verb), r.v.Interface())
	if verb == 'v' && s.Flag('+') {
		for _, h := range r.hidden {
			text = strings.ReplaceAll(text, "{X"+h+":", "{"+h+":")
			text = strings.ReplaceAll(text, " X"+h+":", " "+h+":")
		}
	}
	if r.ptr && (verb == 'v' || verb == 's') {
		text = "&" + text
	}
	io.WriteString(s, text)
}

// typeVerbs returns the indexes of the operands a format formats with %T,
// and the format with those verbs turned into %s (the operands become
// their type names); false when it uses explicit argument indexes (then
// nothing is changed).
func typeVerbs(format string) (map[int]bool, string, bool) {
	out := map[int]bool{}
	b := []byte(format)
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.*[]", format[i]) >= 0 {
			switch format[i] {
			case '[':
				return nil, format, false
			case '*':
				arg++
			}
			i++
		}
		if i >= len(format) {
			break
		}
		switch format[i] {
		case '%':
			continue
		case 'T':
			out[arg] = true
			b[i] = 's'
		}
		arg++
	}
	return out, string(b), true
}

func (h *helper) fmtPrintf(format string, args ...any) (int, error) {
	format, args = h.fixFormatArgs(format, args)
	return fmt.Fprintf(streamWriter{h.e.router, "stdout"}, format, args...)
}

func (h *helper) fmtSprintf(format string, args ...any) string {
	format, args = h.fixFormatArgs(format, args)
	return fmt.Sprintf(format, args...)
}

func (h *helper) fmtFprintf(w io.Writer, format string, args ...any) (int, error) {
	format, args = h.fixFormatArgs(format, args)
	return fmt.Fprintf(w, format, args...)
}

func (h *helper) fmtPrintln(args ...any) (int, error) {
	return fmt.Fprintln(streamWriter{h.e.router, "stdout"}, h.fixArgs(args, nil)...)
}

func (h *helper) fmtPrint(args ...any) (int, error) {
	return fmt.Fprint(streamWriter{h.e.router, "stdout"}, h.fixArgs(args, nil)...)
}

func (h *helper) fmtSprintln(args ...any) string { return fmt.Sprintln(h.fixArgs(args, nil)...) }
func (h *helper) fmtSprint(args ...any) string   { return fmt.Sprint(h.fixArgs(args, nil)...) }

func (h *helper) fmtFprintln(w io.Writer, args ...any) (int, error) {
	return fmt.Fprintln(w, h.fixArgs(args, nil)...)
}

func (h *helper) fmtFprint(w io.Writer, args ...any) (int, error) {
	return fmt.Fprint(w, h.fixArgs(args, nil)...)
}

func (h *helper) fixFormatArgs(format string, args []any) (string, []any) {
	tv, f, ok := typeVerbs(format)
	if !ok {
		return format, h.fixArgs(args, nil)
	}
	return f, h.fixArgs(args, tv)
}

// errorsAs is errors.As for session error types, which yaegi hands to
// compiled code inside a wrapper errors.As cannot see through (it panics
// "target must be interface or implement error").
func (h *helper) errorsAs(err error, target any) bool {
	tv := reflect.ValueOf(target)
	if !tv.IsValid() || tv.Kind() != reflect.Pointer || tv.IsNil() {
		return errors.As(err, target) // panics as Go's does
	}
	want := tv.Type().Elem()
	for err != nil {
		cand := any(err)
		if inner, ok := unwrap(err); ok {
			cand = inner
		}
		if cv := reflect.ValueOf(cand); cv.IsValid() && cv.Type().AssignableTo(want) {
			tv.Elem().Set(cv)
			return true
		}
		if want.Kind() == reflect.Interface && reflect.TypeOf(err).Implements(want) {
			tv.Elem().Set(reflect.ValueOf(err))
			return true
		}
		if x, ok := err.(interface{ As(any) bool }); ok && x.As(target) {
			return true
		}
		err = errors.Unwrap(err)
	}
	return false
}

// slicesEqual is slices.Equal, which yaegi's generic slices cannot
// compile: same length and == elements.
func slicesEqual(a, b any) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Len() != vb.Len() {
		return false
	}
	for i := 0; i < va.Len(); i++ {
		if !va.Index(i).Equal(vb.Index(i)) {
			return false
		}
	}
	return true
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
	ti.text = e.methodFuncs(it, decls)
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

// jsonMarshal is json.Marshal for values holding session structs: yaegi
// exports their unexported fields under an X prefix, which encoding/json
// would then write ("Xsecret"); they are dropped as Go drops them.
func (h *helper) jsonMarshal(v any) ([]byte, error) {
	return json.Marshal(h.jsonValue(v))
}

// jsonMarshalIndent is json.MarshalIndent with jsonMarshal's fix.
func (h *helper) jsonMarshalIndent(v any, prefix, indent string) ([]byte, error) {
	return json.MarshalIndent(h.jsonValue(v), prefix, indent)
}

func (h *helper) jsonValue(v any) any {
	if inner, ok := unwrap(v); ok {
		v = inner
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return v
	}
	out, changed := exported(rv, h.e.typeInfo(), 0)
	if !changed {
		return v
	}
	return out.Interface()
}

// exported returns v with the unexported fields of session structs
// removed, and whether anything was removed.
func exported(v reflect.Value, ti *typeInfo, depth int) (reflect.Value, bool) {
	if depth > 16 {
		return v, false
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v, false
		}
		el, ok := exported(v.Elem(), ti, depth+1)
		if !ok {
			return v, false
		}
		p := reflect.New(el.Type())
		p.Elem().Set(el)
		return p, true
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() || v.Len() == 0 {
			return v, false
		}
		var elems []reflect.Value
		changed := false
		for i := 0; i < v.Len(); i++ {
			el, ok := exported(v.Index(i), ti, depth+1)
			changed = changed || ok
			elems = append(elems, el)
		}
		if !changed {
			return v, false
		}
		s := reflect.MakeSlice(reflect.SliceOf(elems[0].Type()), 0, len(elems))
		s = reflect.Append(s, elems...)
		return s, true
	case reflect.Struct:
		names := ti.names[v.Type()]
		hidden := map[string]bool{}
		if len(names) == 1 {
			for _, f := range ti.unexported[names[0]] {
				hidden["X"+f] = true
			}
		}
		var fields []reflect.StructField
		var vals []reflect.Value
		changed := len(hidden) > 0
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if hidden[f.Name] || !f.IsExported() {
				continue
			}
			fv, ok := exported(v.Field(i), ti, depth+1)
			changed = changed || ok
			f.Type = fv.Type()
			f.Index, f.Offset = nil, 0
			fields = append(fields, f)
			vals = append(vals, fv)
		}
		if !changed {
			return v, false
		}
		s := reflect.New(reflect.StructOf(fields)).Elem()
		for i, fv := range vals {
			s.Field(i).Set(fv)
		}
		return s, true
	}
	return v, false
}

// mapsCloneInto replaces the map *p by a copy of it: the second half of
// `x := maps.Clone(m)`, rewritten into `x := m; MapsCloneInto(&x)` because
// yaegi's generic maps package cannot compile maps.Clone. A nil map stays
// nil, as maps.Clone returns nil for nil.
func mapsCloneInto(p any) {
	v := reflect.ValueOf(p)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Map {
		panic(fmt.Sprintf("maps.Clone: %T is not a map", p))
	}
	m := v.Elem()
	if m.IsNil() {
		return
	}
	c := reflect.MakeMapWithSize(m.Type(), m.Len())
	for it := m.MapRange(); it.Next(); {
		c.SetMapIndex(it.Key(), it.Value())
	}
	m.Set(c)
}

// mapsCopy is maps.Copy: every entry of src set in dst.
func mapsCopy(dst, src any) {
	d, s := reflect.ValueOf(dst), reflect.ValueOf(src)
	for it := s.MapRange(); it.Next(); {
		d.SetMapIndex(it.Key(), it.Value())
	}
}

// mapsEqual is maps.Equal: the same keys with == values.
func mapsEqual(a, b any) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Len() != vb.Len() {
		return false
	}
	for it := va.MapRange(); it.Next(); {
		w := vb.MapIndex(it.Key())
		if !w.IsValid() || !it.Value().Equal(w) {
			return false
		}
	}
	return true
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
