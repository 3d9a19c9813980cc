package repl

import (
	"context"
	"fmt"
	"go/ast"
	"reflect"
	"sort"
	"strings"

	"github.com/traefik/yaegi/interp"

	"github.com/specstress/specstress/kernel/repl/internal/yaegifix"
)

// mainName is what a cell's func main is renamed to. yaegi runs a func main
// of package main after every later compilation once one is declared, so the
// engine never lets it see one: a program cell declares __main and the
// engine calls it after the cell's declarations.
const mainName = "__main"

// runDecls evaluates a run of declarations. When one of them changes a func,
// method or type defined earlier, the session is replayed into a fresh
// interpreter instead: yaegi v0.16.1 keeps the first definition of a type or
// method and leaves callers bound to the old func. Replaying the latest
// version of every declaration (they have no side effects) and carrying the
// variables' values over gives what a person re-running a cell expects;
// variables whose values are of session-defined types cannot be carried
// (their types were redefined) and are reported as reset.
func (e *Engine) runDecls(ctx context.Context, seq int, c chunk) error {
	var parts []part
	var decls []*declaration
	var partOf []int // index in parts of each declaration
	for _, p := range c.decls {
		orig := c.src[p.start-c.start : p.end-c.start]
		text := loopVars(rewriteGo(hoistDeferredLits(e.rewriteCalls(renameMain(orig), true), true), true), true)
		parts = append(parts, part{text, seq, p.line, p.col})
		for _, d := range parseDeclarations(text, seq, p.line, p.col) {
			d.orig = orig
			decls = append(decls, d)
			partOf = append(partOf, len(parts)-1)
		}
	}
	e.mu.RLock()
	changed := false
	for _, d := range decls {
		changed = changed || e.decls.changes(d)
		for _, k := range d.keys {
			changed = changed || e.tainted[k]
		}
	}
	e.mu.RUnlock()
	if changed {
		return e.replay(ctx, seq, parts, decls)
	}
	prog, texts, err := e.compile(e.interp(), parts, true, func(s string) string { return s })
	if err != nil {
		if handled, rerr := e.retryVarDecl(ctx, seq, c, err); handled {
			return rerr
		}
		// yaegi may have registered part of what failed (a type whose
		// method did not compile) and would ignore the corrected version:
		// the next definition of these names replays the session.
		e.mu.Lock()
		for _, d := range decls {
			if d.kind != "var" && d.kind != "const" {
				for _, k := range d.keys {
					e.tainted[k] = true
				}
			}
		}
		e.mu.Unlock()
		return err
	}
	e.mu.Lock()
	typesChanged := false
	for i, d := range decls {
		d.text = texts[partOf[i]]
		e.decls.record(d)
		if d.kind == "var" || d.kind == "const" {
			for _, k := range d.keys {
				e.globals[k] = true
			}
		}
		typesChanged = typesChanged || d.kind == "type" || d.kind == "method"
	}
	list := append([]*declaration(nil), e.decls.list...)
	e.mu.Unlock()
	err = e.execute(ctx, prog, 0)
	if typesChanged {
		e.refreshTypes(e.interp(), list)
	}
	return err
}

// renameMain renames a declaration of func main() to mainName.
func renameMain(text string) string {
	f, file, off, err := yaegifix.ParseFragment(text, true)
	if err != nil || len(f.Decls) != 1 {
		return text
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok || fd.Recv != nil || fd.Name.Name != "main" {
		return text
	}
	at := file.Offset(fd.Name.Pos()) - off
	return text[:at] + mainName + text[at+len("main"):]
}

// replay rebuilds the session in a fresh interpreter with the declarations
// of the running cell (parts, decls) replacing earlier ones. On failure the
// old interpreter and log stay in place.
func (e *Engine) replay(ctx context.Context, seq int, parts []part, decls []*declaration) error {
	e.mu.RLock()
	old := e.it
	oldList := append([]*declaration(nil), e.decls.list...)
	// A deep copy: record changes the keys of the declarations it
	// supersedes, which must not touch the live log if the replay fails.
	log := &declLog{byKey: map[string]*declaration{}}
	for _, d := range e.decls.list {
		cp := *d
		cp.keys = append([]string(nil), d.keys...)
		log.list = append(log.list, &cp)
		for _, k := range cp.keys {
			log.byKey[k] = &cp
		}
	}
	var specs []importSpec
	for _, name := range sortedKeys(e.imports) {
		specs = append(specs, importSpec{name, e.imports[name]})
	}
	e.mu.RUnlock()

	// The log is a copy until the replay succeeds, so a failure (the cell's
	// new definitions do not compile) leaves the session as it was.
	for _, d := range decls {
		cp := *d
		cp.keys = append([]string(nil), d.keys...)
		log.record(&cp)
	}
	it, err := e.newInterpreter()
	if err != nil {
		return err
	}
	if err := e.importAll(it, specs); err != nil {
		return fmt.Errorf("replay imports: %w", err)
	}

	// Every declaration in one source, so that they may refer to each other
	// in any order: the session's funcs read its variables. The variables
	// set by statements (and those of var declarations whose values can be
	// kept) are declared with the type of their current value, and get
	// that value back once the source has run.
	globals := old.Globals()
	sess := e.sessionTypes(old, oldList)
	codeKeys := map[string]bool{}
	var all []*declaration
	var varDecls []*declaration
	for _, d := range log.list {
		if d.kind == "var" {
			varDecls = append(varDecls, d)
			continue
		}
		all = append(all, d)
		for _, k := range d.keys {
			codeKeys[k] = true
		}
	}
	pre := map[string]string{} // variable -> its type expression
	var untyped []string
	e.mu.RLock()
	for _, name := range sortedKeys(globals) {
		if codeKeys[name] || strings.HasPrefix(name, "__") {
			continue
		}
		if ts, ok := e.typeExprIn(globals[name].Type(), sess, 0); ok {
			pre[name] = e.namedBasic(name, ts, globals[name].Type())
		} else {
			untyped = append(untyped, name)
		}
	}
	e.mu.RUnlock()
	declared := map[string]bool{}
	for _, d := range varDecls {
		keep := d.seq != seq
		for _, k := range d.keys {
			_, ok := pre[k]
			keep = keep && ok
		}
		if keep {
			continue
		}
		// The running cell's var declarations, and those whose values
		// cannot be kept, run again.
		all = append(all, d)
		for _, k := range d.keys {
			delete(pre, k)
			declared[k] = true
		}
	}
	for _, name := range sortedKeys(pre) {
		all = append(all, &declaration{kind: "var", keys: []string{name},
			text: fmt.Sprintf("var %s %s", name, pre[name]), line: 1, col: 1})
	}
	var notes []string
	if err := e.replayDecls(ctx, it, all, seq, &notes); err != nil {
		return err
	}
	var lost []string
	for _, name := range untyped {
		if !declared[name] {
			lost = append(lost, name)
		}
	}
	fresh := it.Globals()
	for _, name := range sortedKeys(pre) {
		if !keepValue(globals[name], fresh[name]) {
			lost = append(lost, name)
		}
	}
	sort.Strings(lost)
	if len(lost) > 0 {
		notes = append(notes, fmt.Sprintf("variables reset (their values belong to definitions that changed; re-run the cells that set them): %s",
			strings.Join(lost, ", ")))
	}

	e.refreshTypes(it, log.list)
	e.mu.Lock()
	e.it = it
	e.decls = log
	e.tainted = map[string]bool{}
	e.mu.Unlock()
	if out := e.router.output(seq); out != nil {
		msg := "note: a definition or import changed, so the session was replayed into a fresh interpreter"
		for _, n := range notes {
			msg += "\n  " + n
		}
		out.Stream("stderr", msg+"\n")
	}
	return nil
}

// replayDecls evaluates declarations in it: all at once, or, when that
// fails, one by one in passes until no more compile. A declaration of the
// running cell that fails is the cell's error; an earlier one that fails is
// dropped with a note (it depended on something that changed).
func (e *Engine) replayDecls(ctx context.Context, it *interp.Interpreter, ds []*declaration, seq int, notes *[]string) error {
	if len(ds) == 0 {
		return nil
	}
	run := func(ds []*declaration) error {
		parts := make([]part, len(ds))
		for i, d := range ds {
			parts[i] = part{d.text, d.seq, d.line, d.col}
		}
		prog, texts, err := e.compile(it, parts, true, func(s string) string { return s })
		if err != nil {
			return err
		}
		for i, d := range ds {
			d.text = texts[i]
		}
		_, err = it.ExecuteWithContext(ctx, prog)
		return err
	}
	if run(ds) == nil {
		return nil
	}
	pending := ds
	var lastErr map[*declaration]error
	for {
		lastErr = map[*declaration]error{}
		var next []*declaration
		for _, d := range pending {
			if err := run([]*declaration{d}); err != nil {
				lastErr[d] = err
				next = append(next, d)
			}
		}
		if len(next) == 0 || len(next) == len(pending) {
			pending = next
			break
		}
		pending = next
	}
	for _, d := range pending {
		if d.seq == seq {
			return lastErr[d]
		}
		*notes = append(*notes, fmt.Sprintf("dropped %s %s of run #%d: %v", d.kind, strings.Join(d.keys, ", "), d.seq,
			mapPositions(lastErr[d].Error(), seq)))
	}
	return nil
}

// keepValue gives the variable to, declared in a fresh interpreter, the
// value of from, of the old session, and reports whether it could: the
// types must be the same and the value must not hold functions or the
// interpreter's internals, which belong to the old session.
func keepValue(from, to reflect.Value) bool {
	if !from.IsValid() || !to.IsValid() || !to.CanSet() || from.Type() != to.Type() {
		return false
	}
	if !carryableValue(from) && !sessionValue(from.Type(), 0) {
		return false
	}
	to.Set(from)
	return true
}

// sessionValue reports whether values of t, a type the interpreter made
// for a session type, can move to a fresh interpreter: structs, pointers,
// slices, arrays and maps of plain data.
func sessionValue(t reflect.Type, depth int) bool {
	if depth > 8 || strings.HasPrefix(t.PkgPath(), "github.com/traefik/yaegi") {
		return false
	}
	switch t.Kind() {
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if !sessionValue(t.Field(i).Type, depth+1) {
				return false
			}
		}
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return sessionValue(t.Elem(), depth+1)
	case reflect.Map:
		return sessionValue(t.Key(), depth+1) && sessionValue(t.Elem(), depth+1)
	case reflect.Func, reflect.Interface, reflect.Chan, reflect.UnsafePointer, reflect.Invalid:
		return false
	}
	return true
}

// sessionTypes maps the reflect types of the session's struct types in it
// to their names. yaegi builds a struct type with reflect.StructOf, which
// returns the same type for the same fields, so an unchanged type has the
// same reflect type in a fresh interpreter and its values can be kept. Two
// session types with the same fields are left out (a value's type would be
// ambiguous).
func (e *Engine) sessionTypes(it *interp.Interpreter, decls []*declaration) map[reflect.Type]string {
	out := map[reflect.Type]string{}
	for t, names := range e.refreshTypes(it, decls).names {
		if t.Kind() == reflect.Struct && len(names) == 1 {
			out[t] = names[0]
		}
	}
	return out
}

// carryableValue reports whether v can move to a fresh interpreter; an
// interface value can when it is nil or holds a carryable value.
func carryableValue(v reflect.Value) bool {
	if !v.IsValid() {
		return false
	}
	if v.Kind() == reflect.Interface && !strings.HasPrefix(v.Type().PkgPath(), "github.com/traefik/yaegi") {
		return v.IsNil() || carryable(v.Elem().Type(), 0)
	}
	return carryable(v.Type(), 0)
}

// carryable reports whether a value of type t can move between interpreters:
// it must not involve types the interpreter made up (structs, functions and
// its internal wrappers), which belong to the old session.
func carryable(t reflect.Type, depth int) bool {
	if depth > 8 {
		return false
	}
	if strings.HasPrefix(t.PkgPath(), "github.com/traefik/yaegi") {
		return false
	}
	if t.Name() != "" && t.PkgPath() != "" {
		return true // a compiled named type
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Func, reflect.Interface, reflect.UnsafePointer:
		return false
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
		return carryable(t.Elem(), depth+1)
	case reflect.Map:
		return carryable(t.Key(), depth+1) && carryable(t.Elem(), depth+1)
	}
	return t.Kind() != reflect.Invalid
}
