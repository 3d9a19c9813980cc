package repl

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/specstress/specstress/kernel/display"
	"github.com/specstress/specstress/kernel/engine"
)

// Inspect describes the name at cursor (a rune offset): for a package
// member or method, its signature and doc comment; for a definition made in
// a cell, its source with its comment; for a session variable, its type and
// value. detail 1 adds nothing more today (Go has no separate source view
// for compiled packages here).
func (e *Engine) Inspect(code string, cursor int, detail int) engine.Inspection {
	chain := chainAt(code, byteOffset(code, cursor))
	if len(chain) == 0 {
		return engine.Inspection{}
	}
	text, ok := e.describe(chain)
	if !ok {
		return engine.Inspection{}
	}
	return engine.Inspection{Found: true, Data: engine.Bundle{"text/plain": text}}
}

// chainAt returns the selector chain around off: for "x := stat.Me|an(y)"
// it is [stat Mean]. Names after the cursor's identifier are not included.
func chainAt(code string, off int) []string {
	end := off
	for end < len(code) {
		r, size := utf8.DecodeRuneInString(code[end:])
		if !isIdentRune(r) {
			break
		}
		end += size
	}
	start := off
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(code[:start])
		if !isIdentRune(r) {
			break
		}
		start -= size
	}
	if start == end {
		// The cursor right after "f(" inspects f, as Jupyter's call tips do.
		i := strings.LastIndexByte(code[:off], '(')
		if i <= 0 || strings.TrimSpace(code[i+1:off]) != "" {
			return nil
		}
		return chainAt(code, i)
	}
	return append(exprBefore(code, start), code[start:end])
}

// describe returns the inspection text of a chain.
func (e *Engine) describe(chain []string) (string, bool) {
	e.mu.RLock()
	pkgPath, isPkg := e.imports[chain[0]]
	e.mu.RUnlock()
	if isPkg {
		switch len(chain) {
		case 1:
			return fmt.Sprintf("package %s // import %q", chain[0], pkgPath), true
		case 2, 3:
			name := strings.Join(chain[1:], ".")
			if d, ok := lookupDoc(pkgPath, name); ok {
				return strings.TrimSpace(d.signature + "\n\n" + d.doc), true
			}
			v, ok := e.packageMember(pkgPath, chain[1])
			if !ok {
				return "", false
			}
			if len(chain) == 3 {
				return describeMethod(v, chain[0]+"."+chain[1], chain[2])
			}
			return describeMember(chain[0]+"."+chain[1], v), true
		}
		return "", false
	}
	if len(chain) == 1 {
		e.mu.RLock()
		d := e.decls.byKey[chain[0]]
		if d == nil && chain[0] == "main" {
			d = e.decls.byKey[mainName]
		}
		e.mu.RUnlock()
		if d != nil {
			return strings.TrimSpace(d.orig), true
		}
	}
	if len(chain) == 2 {
		e.mu.RLock()
		d := e.decls.byKey[chain[0]+"."+chain[1]]
		e.mu.RUnlock()
		if d != nil {
			return strings.TrimSpace(d.orig), true
		}
	}
	if v, ok := e.liveGlobal(chain[0]); ok {
		w := walk(v, chain[1:])
		if w.IsValid() {
			if t, ok := e.goType(chain); ok {
				return preview(strings.Join(chain, "."), t, w), true
			}
			return describeValue(strings.Join(chain, "."), w), true
		}
		if len(chain) >= 2 {
			recv := walk(v, chain[1:len(chain)-1])
			m := chain[len(chain)-1]
			if d, ok := methodDoc(recv, m); ok {
				return d, true
			}
			return describeMethod(recv, strings.Join(chain[:len(chain)-1], "."), m)
		}
	}
	if t, ok := e.goType(chain); ok {
		return strings.Join(chain, ".") + " " + t, true
	}
	for _, p := range predeclared {
		if p == chain[0] && len(chain) == 1 {
			return fmt.Sprintf("%s: a Go keyword or predeclared identifier (https://go.dev/ref/spec)", p), true
		}
	}
	return "", false
}

// methodDoc returns the documentation of method m of a value of a compiled
// named type (df.Filter for a dataframe.DataFrame df).
func methodDoc(v reflect.Value, m string) (string, bool) {
	if !v.IsValid() {
		return "", false
	}
	t := v.Type()
	if t.Kind() == reflect.Interface && !v.IsNil() {
		t = v.Elem().Type()
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.PkgPath() == "" || t.Name() == "" {
		return "", false
	}
	d, ok := lookupDoc(t.PkgPath(), t.Name()+"."+m)
	if !ok {
		return "", false
	}
	return strings.TrimSpace(d.signature + "\n\n" + d.doc), true
}

// describeMember describes a binary package member from its reflected value.
func describeMember(name string, v reflect.Value) string {
	switch {
	case v.Kind() == reflect.Func:
		return name + " " + v.Type().String()
	case v.Kind() == reflect.Pointer && v.IsNil():
		return "type " + name + " " + v.Type().Elem().String()
	}
	return describeValue(name, v)
}

// describeMethod describes method m of a value or of the type a nil pointer stands for.
func describeMethod(v reflect.Value, recv, m string) (string, bool) {
	if !v.IsValid() {
		return "", false
	}
	t := v.Type()
	for _, tt := range []reflect.Type{t, reflect.PointerTo(t)} {
		if meth, ok := tt.MethodByName(m); ok {
			return fmt.Sprintf("%s.%s %s", recv, m, meth.Type.String()), true
		}
	}
	return "", false
}

// describeValue shows the type and a short preview of a variable.
func describeValue(name string, v reflect.Value) string {
	return preview(name, v.Type().String(), v)
}

// previewLen caps the value text of an inspection: a tooltip is for a
// glance, like the head pandas shows, not for the whole value.
const previewLen = 300

// preview shows a variable as "name type = value" with the value cut to
// previewLen bytes, and says how big the value is when it has a size.
func preview(name, typ string, v reflect.Value) string {
	var val any
	if v.CanInterface() {
		val = v.Interface()
	}
	text := display.GoSyntax(val)
	cut := len(text) > previewLen
	if cut {
		n := previewLen
		for n > 0 && !utf8.RuneStart(text[n]) {
			n--
		}
		text = text[:n] + " …"
	}
	out := fmt.Sprintf("%s %s = %s", name, typ, text)
	if size := sizeOf(v); size != "" {
		out += "\n\n" + size
	} else if cut {
		out += fmt.Sprintf("\n\n(value text cut at %d bytes)", previewLen)
	}
	return out
}

// sizeOf says how many elements a value holds: the length of a collection
// or string, the shape of a data frame (Nrow and Ncol), or what a Rows() int
// or Len() int method reports. A method that panics gives no size.
func sizeOf(v reflect.Value) (size string) {
	defer func() {
		if recover() != nil {
			size = ""
		}
	}()
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map, reflect.Chan:
		return fmt.Sprintf("len %d", v.Len())
	case reflect.String:
		return fmt.Sprintf("len %d bytes", v.Len())
	case reflect.Pointer:
		if v.IsNil() {
			return ""
		}
	}
	if r, ok := intMethod(v, "Nrow"); ok {
		if c, ok := intMethod(v, "Ncol"); ok {
			return fmt.Sprintf("%d rows × %d columns", r, c)
		}
	}
	if r, ok := intMethod(v, "Rows"); ok {
		return fmt.Sprintf("%d rows", r)
	}
	if n, ok := intMethod(v, "Len"); ok {
		return fmt.Sprintf("len %d", n)
	}
	return ""
}

// intMethod calls v's method m if its signature is func() int.
func intMethod(v reflect.Value, m string) (int64, bool) {
	if !v.IsValid() {
		return 0, false
	}
	mv := v.MethodByName(m)
	if !mv.IsValid() || mv.Type().NumIn() != 0 || mv.Type().NumOut() != 1 || mv.Type().Out(0).Kind() != reflect.Int {
		return 0, false
	}
	return mv.Call(nil)[0].Int(), true
}
