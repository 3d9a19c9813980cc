package repl

import (
	"context"
	"fmt"
	"go/ast"
	"reflect"
	"sort"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// mainName is what a cell's func main is renamed to. yaegi runs a func main
// of package main after every later compilation once one is declared, so the
// engine never lets it see one: a program cell declares __main and the
// engine calls it after the cell's declarations.
const mainName = "__main"

// carryPath is the import path of the package through which variables are
// handed to a fresh interpreter on replay.
const carryPath = "github.com/specstress/specstress/kernel/repl/carry"

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
		text := loopVars(rewriteGo(hoistDeferredLits(renameMain(orig), true), true), true)
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
	for i, d := range decls {
		d.text = texts[partOf[i]]
		e.decls.record(d)
		if d.kind == "var" || d.kind == "const" {
			for _, k := range d.keys {
				e.globals[k] = true
			}
		}
	}
	e.mu.Unlock()
	return e.execute(ctx, prog, 0)
}

// renameMain renames a declaration of func main() to mainName.
func renameMain(text string) string {
	f, file, off, err := parseFragment(text, true)
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
	log := &declLog{list: append([]*declaration(nil), e.decls.list...), byKey: map[string]*declaration{}}
	for k, v := range e.decls.byKey {
		log.byKey[k] = v
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

	// Declarations other than variables, in one source so they may refer to
	// each other in any order.
	var code, vars []*declaration
	for _, d := range log.list {
		if d.kind == "var" {
			vars = append(vars, d)
		} else {
			code = append(code, d)
		}
	}
	var notes []string
	if err := e.replayDecls(ctx, it, code, seq, &notes); err != nil {
		return err
	}

	// Variables: carry values of compiled types, re-run var declarations
	// whose values cannot be carried, reset the rest.
	consts := map[string]bool{}
	for _, d := range code {
		for _, k := range d.keys {
			consts[k] = true
		}
	}
	carried, reset := carryGlobals(it, old.Globals(), consts, e)
	declared := map[string]bool{}
	for _, d := range vars {
		all := true
		for _, k := range d.keys {
			declared[k] = true
			all = all && carried[k]
		}
		if all {
			continue
		}
		if err := e.replayDecls(ctx, it, []*declaration{d}, seq, &notes); err != nil {
			return err
		}
	}
	var lost []string
	for _, name := range reset {
		if !declared[name] {
			lost = append(lost, name)
		}
	}
	sort.Strings(lost)
	if len(lost) > 0 {
		notes = append(notes, fmt.Sprintf("variables reset (their values have types defined in the session; re-run the cells that set them): %s",
			strings.Join(lost, ", ")))
	}

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

// carryGlobals hands the variables of the old session whose values can be
// carried to it, and returns the names carried and the names that could not
// be. consts lists names replayed as declarations.
func carryGlobals(it *interp.Interpreter, globals map[string]reflect.Value, consts map[string]bool, e *Engine) (carried map[string]bool, reset []string) {
	carried = map[string]bool{}
	syms := map[string]reflect.Value{}
	for name, v := range globals {
		if consts[name] || strings.HasPrefix(name, "__") {
			continue
		}
		if !carryableValue(v) {
			reset = append(reset, name)
			continue
		}
		p := reflect.New(v.Type())
		p.Elem().Set(v)
		syms["V_"+name] = p.Elem()
	}
	if len(syms) == 0 {
		return carried, reset
	}
	if err := it.Use(interp.Exports{carryPath + "/carry": syms}); err != nil {
		return carried, append(reset, sortedKeys(syms)...)
	}
	if _, err := e.compileAndRun(it, fmt.Sprintf("import __carry %q", carryPath)); err != nil {
		return carried, reset
	}
	for _, key := range sortedKeys(syms) {
		name := strings.TrimPrefix(key, "V_")
		if _, err := e.compileAndRun(it, fmt.Sprintf("var %s = __carry.%s", name, key)); err != nil {
			reset = append(reset, name)
			continue
		}
		carried[name] = true
	}
	return carried, reset
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
