package display

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Limits of the Go-syntax text form: long collections show their first
// elements and a count of the rest, deep nesting is cut, and the whole text
// is capped so that a huge value cannot flood a notebook.
const (
	maxElems   = 50
	maxDepth   = 6
	maxTextLen = 8000
)

// GoSyntax formats v as a readable Go literal, like %#v but for people:
// strings quoted, numbers plain, slices, maps (keys sorted) and structs as
// composite literals with field names, pointers as &T{...}, long collections
// and deep nesting elided, and fmt.Stringers nested in collections shown by
// their String method.
func GoSyntax(v any) string {
	var f formatter
	f.value(reflect.ValueOf(v), 0, true)
	return truncate(f.b.String(), maxTextLen)
}

type formatter struct {
	b       strings.Builder
	visited []uintptr // pointers on the current path, to cut cycles
	// elide drops the type of the next composite literal, as Go allows
	// for the elements of a slice, array or map literal: []T{{...}, {...}}.
	elide bool
}

// composite writes the type of a composite literal unless the enclosing
// literal implies it.
func (f *formatter) composite(t reflect.Type) {
	if f.elide {
		f.elide = false
		return
	}
	f.b.WriteString(typeName(t))
}

// element writes an element of a composite literal of element type et.
func (f *formatter) element(v reflect.Value, et reflect.Type, depth int) {
	switch et.Kind() {
	case reflect.Struct, reflect.Array, reflect.Slice, reflect.Map:
		f.elide = true
	}
	f.value(v, depth, false)
	f.elide = false
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%d more bytes)", len(s)-cut)
}

func isRuneStart(c byte) bool { return c&0xC0 != 0x80 }

var stringerType = reflect.TypeFor[fmt.Stringer]()
var errorType = reflect.TypeFor[error]()

// value writes v; top tells whether v is the outermost value (whose type is
// always written for composite literals).
func (f *formatter) value(v reflect.Value, depth int, top bool) {
	if !v.IsValid() {
		f.b.WriteString("nil")
		return
	}
	if f.b.Len() > maxTextLen {
		return
	}
	if !top && v.CanInterface() && v.Kind() != reflect.Interface && (v.Kind() != reflect.Pointer || !v.IsNil()) {
		if v.Type().Implements(errorType) {
			if e, ok := v.Interface().(error); ok {
				f.b.WriteString(strconv.Quote(safeCall(e.Error)))
				return
			}
		}
		if v.Kind() == reflect.Struct && v.Type().Implements(stringerType) {
			if s, ok := v.Interface().(fmt.Stringer); ok {
				f.b.WriteString(safeCall(s.String))
				return
			}
		}
	}
	switch v.Kind() {
	case reflect.String:
		f.typed(v, strconv.Quote(v.String()))
	case reflect.Bool:
		f.typed(v, strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f.typed(v, strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		f.typed(v, strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32:
		f.typed(v, strconv.FormatFloat(v.Float(), 'g', -1, 32))
	case reflect.Float64:
		f.typed(v, strconv.FormatFloat(v.Float(), 'g', -1, 64))
	case reflect.Complex64, reflect.Complex128:
		f.typed(v, strconv.FormatComplex(v.Complex(), 'g', -1, 128))
	case reflect.Interface:
		if v.IsNil() {
			f.b.WriteString("nil")
			return
		}
		f.value(v.Elem(), depth, top)
	case reflect.Pointer:
		f.pointer(v, depth, top)
	case reflect.Slice:
		if v.IsNil() {
			f.b.WriteString(typeName(v.Type()) + "(nil)")
			return
		}
		f.list(v, depth)
	case reflect.Array:
		f.list(v, depth)
	case reflect.Map:
		if v.IsNil() {
			f.b.WriteString(typeName(v.Type()) + "(nil)")
			return
		}
		f.mapValue(v, depth)
	case reflect.Struct:
		f.structValue(v, depth)
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		if v.IsNil() {
			f.b.WriteString(typeName(v.Type()) + "(nil)")
			return
		}
		fmt.Fprintf(&f.b, "%s(%#x)", typeName(v.Type()), v.Pointer())
	default:
		fmt.Fprintf(&f.b, "%v", v)
	}
}

// typed writes a basic literal, converted to its named type if it has one.
func (f *formatter) typed(v reflect.Value, lit string) {
	t := v.Type()
	if t.Name() != "" && t.PkgPath() != "" {
		f.b.WriteString(typeName(t) + "(" + lit + ")")
		return
	}
	f.b.WriteString(lit)
}

func (f *formatter) pointer(v reflect.Value, depth int, top bool) {
	if v.IsNil() {
		f.b.WriteString("(" + typeName(v.Type()) + ")(nil)")
		return
	}
	p := v.Pointer()
	for _, q := range f.visited {
		if q == p {
			fmt.Fprintf(&f.b, "&%s{…cycle}", typeName(v.Type().Elem()))
			return
		}
	}
	f.visited = append(f.visited, p)
	defer func() { f.visited = f.visited[:len(f.visited)-1] }()
	switch v.Elem().Kind() {
	case reflect.Struct, reflect.Array, reflect.Slice, reflect.Map:
		f.b.WriteString("&")
		f.value(v.Elem(), depth, top)
	default:
		fmt.Fprintf(&f.b, "(%s)(%#x)", typeName(v.Type()), p)
	}
}

func (f *formatter) list(v reflect.Value, depth int) {
	f.composite(v.Type())
	if depth >= maxDepth {
		f.b.WriteString("{…}")
		return
	}
	n := v.Len()
	if v.Type().Elem().Kind() == reflect.Uint8 && v.Kind() == reflect.Slice && n > maxElems {
		fmt.Fprintf(&f.b, "{… %d bytes}", n)
		return
	}
	f.b.WriteString("{")
	for i := 0; i < n && i < maxElems; i++ {
		if i > 0 {
			f.b.WriteString(", ")
		}
		f.element(v.Index(i), v.Type().Elem(), depth+1)
	}
	if n > maxElems {
		fmt.Fprintf(&f.b, ", … (%d more of %d)", n-maxElems, n)
	}
	f.b.WriteString("}")
}

func (f *formatter) mapValue(v reflect.Value, depth int) {
	f.composite(v.Type())
	if depth >= maxDepth {
		f.b.WriteString("{…}")
		return
	}
	keys := v.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return lessKey(keys[i], keys[j]) })
	f.b.WriteString("{")
	for i, k := range keys {
		if i == maxElems {
			fmt.Fprintf(&f.b, ", … (%d more of %d)", len(keys)-maxElems, len(keys))
			break
		}
		if i > 0 {
			f.b.WriteString(", ")
		}
		f.element(k, v.Type().Key(), depth+1)
		f.b.WriteString(": ")
		f.element(v.MapIndex(k), v.Type().Elem(), depth+1)
	}
	f.b.WriteString("}")
}

func (f *formatter) structValue(v reflect.Value, depth int) {
	t := v.Type()
	f.composite(t)
	if depth >= maxDepth {
		f.b.WriteString("{…}")
		return
	}
	f.b.WriteString("{")
	first := true
	for i := 0; i < t.NumField(); i++ {
		if !first {
			f.b.WriteString(", ")
		}
		first = false
		f.b.WriteString(t.Field(i).Name + ": ")
		f.value(v.Field(i), depth+1, false)
	}
	f.b.WriteString("}")
}

// typeName is the type as Go source writes it, with the package name as
// qualifier, and "struct{…}" for long anonymous struct types.
func typeName(t reflect.Type) string {
	s := t.String()
	if t.Name() == "" && t.Kind() == reflect.Struct && len(s) > 60 {
		return "struct{…}"
	}
	return s
}

// lessKey orders map keys: numbers numerically, everything else by text.
func lessKey(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() < b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() < b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() < b.Float()
	case reflect.String:
		return a.String() < b.String()
	}
	return fmt.Sprint(a) < fmt.Sprint(b)
}

// safeCall runs a user method, turning a panic into a description.
func safeCall(m func() string) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("<panic: %v>", r)
		}
	}()
	return m()
}
