package repl

import (
	"go/token"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/specstress/specstress/kernel/engine"
)

// predeclared are Go's keywords and predeclared identifiers, offered when
// completing a bare name.
var predeclared = func() []string {
	var out []string
	for t := token.BREAK; t <= token.VAR; t++ {
		if t.IsKeyword() {
			out = append(out, t.String())
		}
	}
	return append(out, "any", "bool", "byte", "comparable", "complex64", "complex128", "error",
		"float32", "float64", "int", "int8", "int16", "int32", "int64", "rune", "string",
		"uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "true", "false", "iota", "nil",
		"append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make",
		"max", "min", "new", "panic", "print", "println", "real", "recover")
}()

// Complete proposes completions at cursor (a rune offset into code):
// after "pkg." the members of an imported package, after "value." the
// fields and methods of a session variable (by reflection on its live value
// when no cell is running), otherwise the names in scope and keywords.
// cursor_start and cursor_end are rune offsets of the word being completed.
func (e *Engine) Complete(code string, cursor int) engine.Completion {
	off := byteOffset(code, cursor)
	start := off
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(code[:start])
		if !isIdentRune(r) {
			break
		}
		start -= size
	}
	word := code[start:off]
	chain := exprBefore(code, start)
	var cands []string
	if chain == nil {
		cands = e.namesInScope()
	} else {
		cands = e.selectorCandidates(chain)
	}
	matches := filterPrefix(cands, word)
	cs, ce := utf8.RuneCountInString(code[:start]), utf8.RuneCountInString(code[:off])
	types := make([]any, len(matches))
	for i, m := range matches {
		types[i] = map[string]any{"start": cs, "end": ce, "text": m, "type": e.matchType(chain, m)}
	}
	return engine.Completion{
		Matches:     matches,
		CursorStart: cs,
		CursorEnd:   ce,
		// JupyterLab shows an icon per kind from this (experimental) key.
		Metadata: map[string]any{"_jupyter_types_experimental": types},
	}
}

// matchType classifies a completion for the frontend: keyword, module,
// function, class or instance.
func (e *Engine) matchType(chain []string, name string) string {
	if chain == nil {
		if token.Lookup(name).IsKeyword() {
			return "keyword"
		}
		e.mu.RLock()
		defer e.mu.RUnlock()
		if _, ok := e.imports[name]; ok {
			return "module"
		}
		if d := e.decls.byKey[name]; d != nil {
			switch d.kind {
			case "func":
				return "function"
			case "type":
				return "class"
			}
		}
		return "instance"
	}
	e.mu.RLock()
	pkgPath, isPkg := e.imports[chain[0]]
	e.mu.RUnlock()
	if isPkg && len(chain) == 1 {
		v, ok := e.packageMember(pkgPath, name)
		switch {
		case !ok:
		case v.Kind() == reflect.Func:
			return "function"
		case v.Kind() == reflect.Pointer && v.IsNil():
			return "class"
		}
		return "instance"
	}
	return "property"
}

// byteOffset converts a rune offset into a byte offset, clamped to code.
func byteOffset(code string, runes int) int {
	if runes <= 0 {
		return 0
	}
	n := 0
	for i := range code {
		if n == runes {
			return i
		}
		n++
	}
	return len(code)
}

func isIdentRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// exprBefore returns the selector chain ending in a dot just before start:
// "a.b." gives [a b]; nil when no dot precedes start.
func exprBefore(code string, start int) []string {
	if start == 0 || code[start-1] != '.' {
		return nil
	}
	var chain []string
	end := start - 1
	for {
		i := end
		for i > 0 {
			r, size := utf8.DecodeLastRuneInString(code[:i])
			if !isIdentRune(r) {
				break
			}
			i -= size
		}
		if i == end {
			return nil // "(...)." or a number: not resolvable statically
		}
		chain = append([]string{code[i:end]}, chain...)
		if i == 0 || code[i-1] != '.' {
			return chain
		}
		end = i - 1
	}
}

// filterPrefix returns the sorted, distinct candidates starting with prefix.
func filterPrefix(cands []string, prefix string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, c := range cands {
		if strings.HasPrefix(c, prefix) && !seen[c] && !strings.HasPrefix(c, "__") {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

// namesInScope returns the session's names: imports, declarations,
// variables, plus keywords and predeclared identifiers.
func (e *Engine) namesInScope() []string {
	e.mu.RLock()
	defer e.mu.RUnlock()
	out := append([]string(nil), predeclared...)
	for name := range e.imports {
		out = append(out, name)
	}
	for _, d := range e.decls.list {
		if d.kind == "method" {
			continue
		}
		for _, k := range d.keys {
			out = append(out, renamed(k))
		}
	}
	for name := range e.globals {
		out = append(out, name)
	}
	return out
}

// renamed maps the engine's internal name of main back to main.
func renamed(k string) string {
	if k == mainName {
		return "main"
	}
	return k
}

// selectorCandidates lists what may follow chain and a dot.
func (e *Engine) selectorCandidates(chain []string) []string {
	e.mu.RLock()
	pkgPath, isPkg := e.imports[chain[0]]
	e.mu.RUnlock()
	if isPkg {
		if len(chain) == 1 {
			return e.members(pkgPath)
		}
		v, ok := e.packageMember(pkgPath, chain[1])
		if !ok {
			return nil
		}
		return memberNames(walk(v, chain[2:]))
	}
	var out []string
	// Methods declared in the session on a type named chain[0] (method
	// expressions), or on any type when the variable's type is unknown.
	if len(chain) == 1 {
		e.mu.RLock()
		for _, d := range e.decls.list {
			if d.kind != "method" {
				continue
			}
			for _, k := range d.keys {
				if t, m, ok := strings.Cut(k, "."); ok && t == chain[0] {
					out = append(out, m)
				}
			}
		}
		e.mu.RUnlock()
	}
	if v, ok := e.liveGlobal(chain[0]); ok {
		out = append(out, memberNames(walk(v, chain[1:]))...)
		out = append(out, e.sessionMethods(v)...)
	}
	if tc := e.Types(); tc != nil {
		ms, _ := tc.Members(chain)
		out = append(out, ms...)
	}
	return out
}

// packageMember returns the value of a member of a binary package: a
// variable, function or the nil pointer yaegi uses to stand for a type.
func (e *Engine) packageMember(pkgPath, name string) (reflect.Value, bool) {
	tab, _, ok := e.pkgSymbols(pkgPath)
	if !ok {
		return reflect.Value{}, false
	}
	m, ok := tab[name]
	return m, ok && m.IsValid()
}

// liveGlobal returns the current value of a session variable. It reads the
// interpreter only when no cell runs: Complete must not block on Execute
// nor race with it.
func (e *Engine) liveGlobal(name string) (reflect.Value, bool) {
	if !e.exec.TryLock() {
		return reflect.Value{}, false
	}
	defer e.exec.Unlock()
	v, ok := e.interp().Globals()[name]
	return v, ok && v.IsValid()
}

// walk follows field names from v; it stops at the first name that is not
// a field.
func walk(v reflect.Value, names []string) reflect.Value {
	for _, n := range names {
		for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
			if v.IsNil() {
				if v.Kind() == reflect.Pointer {
					v = reflect.Zero(v.Type().Elem())
					continue
				}
				return reflect.Value{}
			}
			v = v.Elem()
		}
		if !v.IsValid() || v.Kind() != reflect.Struct {
			return reflect.Value{}
		}
		v = v.FieldByName(n)
	}
	return v
}

// memberNames lists the exported fields and methods of v's type (and its
// pointer type), or the methods of the type a nil type pointer stands for.
func memberNames(v reflect.Value) []string {
	if !v.IsValid() {
		return nil
	}
	var out []string
	t := v.Type()
	if t.Kind() == reflect.Interface && !v.IsNil() {
		t = v.Elem().Type()
	}
	addMethods := func(t reflect.Type) {
		for i := 0; i < t.NumMethod(); i++ {
			out = append(out, t.Method(i).Name)
		}
	}
	addMethods(t)
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		addMethods(reflect.PointerTo(t))
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		for i := 0; i < st.NumField(); i++ {
			if f := st.Field(i); f.IsExported() {
				out = append(out, f.Name)
			}
		}
	}
	return out
}

// sessionMethods returns the methods declared in cells when v is of an
// interpreted struct type: such types carry no methods in reflection and the
// engine does not know which session type v has, so it offers the methods of
// all session types (a superset, which completion tolerates).
func (e *Engine) sessionMethods(v reflect.Value) []string {
	t := v.Type()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t.Name() != "" {
		return nil
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	var out []string
	for _, d := range e.decls.list {
		if d.kind != "method" {
			continue
		}
		for _, k := range d.keys {
			if _, m, ok := strings.Cut(k, "."); ok {
				out = append(out, m)
			}
		}
	}
	return out
}
