package repl

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

// Helper versions of standard library functions that yaegi gets wrong for
// session values or cannot compile (its generic slices and maps packages);
// the engine rewrites the calls (see helperCalls and rewriteClone).

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

// slicesCompare is slices.Compare, which yaegi's generic slices cannot
// compile: the first unequal pair of elements decides (cmp.Compare's order,
// NaN before every number), else the shorter slice is less.
func slicesCompare(a, b any) int {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := 0; i < va.Len() && i < vb.Len(); i++ {
		if c := compareOrdered(va.Index(i), vb.Index(i)); c != 0 {
			return c
		}
	}
	return cmp.Compare(va.Len(), vb.Len())
}

// compareOrdered is cmp.Compare on two values of one ordered kind.
func compareOrdered(x, y reflect.Value) int {
	switch x.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cmp.Compare(x.Int(), y.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return cmp.Compare(x.Uint(), y.Uint())
	case reflect.Float32, reflect.Float64:
		return cmp.Compare(x.Float(), y.Float())
	case reflect.String:
		return cmp.Compare(x.String(), y.String())
	}
	panic(fmt.Sprintf("slices.Compare: %s is not an ordered type", x.Type()))
}
