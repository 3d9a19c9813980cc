package repl

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"github.com/specstress/specstress/kernel/repl/typecheck"

	"github.com/specstress/specstress/kernel/repl/internal/yaegifix"
)

// yaegi v0.16.1 decides whether a value matches a session interface from
// the methods it finds, not from Go's method sets. Measured in a bound type
// switch (switch x := v.(type) { case Shape: }): a pointer &T{} does not
// match when all of T's methods have value receivers (it does when T has
// one pointer method too), and a value T{} matches even when the methods
// are declared on *T. A type assertion to a
// session interface, v.(Shape), panics inside yaegi or reports false for
// such a pointer. Neither can be told apart at run time (yaegi gives every
// session struct type the same reflect type as any struct of its fields),
// so the engine refuses these cells before they run, using the type
// checker's view of the session to name the types concerned.

// refuseMisjudged turns the refusals on; a test measuring yaegi turns
// them off.
var refuseMisjudged = true

// checked returns the type checker's result for the running cell when it
// judged the cell (nil when type checking is off or the checker was unsure).
func (e *Engine) checked() *typecheck.Result {
	tc := e.Types()
	if tc == nil {
		return nil
	}
	r := tc.Last()
	if r == nil || r.Unsure != "" || len(r.Errors) > 0 || r.Pkg == nil {
		return nil
	}
	return r
}

// sessionInterface returns the session interface a type expression names
// (an identifier of a package-level interface type of the session), nil
// otherwise.
func sessionInterface(scope *types.Scope, t ast.Expr) (*types.TypeName, *types.Interface) {
	id, ok := t.(*ast.Ident)
	if !ok || scope == nil {
		return nil, nil
	}
	tn, ok := scope.Lookup(id.Name).(*types.TypeName)
	if !ok || tn.IsAlias() {
		return nil, nil
	}
	it, ok := tn.Type().Underlying().(*types.Interface)
	if !ok || it.NumMethods() == 0 {
		return nil, nil
	}
	return tn, it
}

// misjudged lists the session types whose values yaegi matches to the
// interface it differently from Go: "*T" for a type whose value methods
// implement it and that has no pointer methods (yaegi does not match
// &T{}), "T" for a type only *T implements (yaegi matches T{}).
func misjudged(scope *types.Scope, it *types.Interface) []string {
	var out []string
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || named.TypeParams().Len() > 0 {
			continue
		}
		if _, isIface := named.Underlying().(*types.Interface); isIface {
			continue
		}
		if _, isPtr := named.Underlying().(*types.Pointer); isPtr {
			continue
		}
		byValue := types.Implements(named, it)
		byPointer := types.Implements(types.NewPointer(named), it)
		// yaegi finds the value methods through a pointer only when the
		// type also has methods on the pointer receiver.
		ptrMethods := types.NewMethodSet(types.NewPointer(named)).Len() > types.NewMethodSet(named).Len()
		switch {
		case byValue:
			if !ptrMethods {
				out = append(out, "*"+name)
			}
		case byPointer:
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// sessionIfaceCase explains why a type switch case naming a session
// interface would give a wrong answer, "" when it is safe.
func sessionIfaceCase(scope *types.Scope, t ast.Expr) string {
	tn, it := sessionInterface(scope, t)
	if tn == nil || !refuseMisjudged {
		return ""
	}
	bad := misjudged(scope, it)
	if len(bad) == 0 {
		return ""
	}
	var why []string
	for _, b := range bad {
		if strings.HasPrefix(b, "*") {
			why = append(why, fmt.Sprintf("a %s does not match it, though its method set includes %s's value methods", b, b[1:]))
		} else {
			why = append(why, fmt.Sprintf("a %s value matches it though only *%s implements it", b, b))
		}
	}
	return fmt.Sprintf("a type switch case %s gives wrong answers in yaegi (%s); keep such values in "+
		"variables of type %s and call its methods instead of switching on them", tn.Name(), strings.Join(why, "; "), tn.Name())
}

// sessionIfaceAssert explains why a type assertion to a session interface
// is refused, "" when the expression asserts something else.
func sessionIfaceAssert(scope *types.Scope, t ast.Expr) string {
	tn, _ := sessionInterface(scope, t)
	if tn == nil {
		return ""
	}
	n := tn.Name()
	return fmt.Sprintf("a type assertion to the session interface %s, v.(%s), panics or answers wrongly in yaegi; "+
		"use a type switch with a bound variable: switch x := v.(type) { case %s: ... }", n, n, n)
}

// namedBasic returns the type a replay declares the session variable name
// with: the checker's type when the interpreter's type, ts, is built from
// basic types only. yaegi represents `type Level int` as int, so a Level
// variable would come back as an int (printing 3, not its String, and %T
// int); the value still moves, both being int to reflection.
func (e *Engine) namedBasic(name, ts string, t reflect.Type) string {
	tc := e.Types()
	if tc == nil || !basicShape(t, 0) {
		return ts
	}
	if goType, ok := tc.TypeOf([]string{name}); ok && goType != ts {
		return goType
	}
	return ts
}

// basicShape reports whether t is a basic type or a pointer, slice, array
// or map of basic types.
func basicShape(t reflect.Type, depth int) bool {
	if depth > 8 {
		return false
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return basicShape(t.Elem(), depth+1)
	case reflect.Map:
		return basicShape(t.Key(), depth+1) && basicShape(t.Elem(), depth+1)
	case reflect.Struct, reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Invalid:
		return false
	}
	return true
}

// checkEarlierSwitches refuses a cell whose types or methods would make a
// type switch in an earlier cell's function give wrong answers: a switch
// on a session interface is accepted while no session type is misjudged
// for it, and a type declared later must not change that silently. The
// cell's own declarations are checked by checkLimits.
func (e *Engine) checkEarlierSwitches(seq int, code string, plan cellPlan) error {
	var first *piece
	redefined := map[string]bool{}
	for _, c := range plan.chunks {
		for i, p := range c.decls {
			if p.tok == token.TYPE || p.tok == token.FUNC {
				if first == nil {
					first = &c.decls[i]
				}
				redefined[funcName(code[p.code:p.end])] = true
			}
		}
	}
	r := e.checked()
	if first == nil || r == nil {
		return nil
	}
	scope := r.Pkg.Scope()
	e.mu.RLock()
	defer e.mu.RUnlock()
	for _, d := range e.decls.list {
		if d.kind != "func" && d.kind != "method" || !strings.Contains(d.text, ".(type)") {
			continue
		}
		if d.kind == "func" && redefined[d.keys[0]] {
			continue
		}
		f, _, _, err := yaegifix.ParseFragment(d.text, true)
		if err != nil {
			continue
		}
		why := ""
		ast.Inspect(f, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSwitchStmt)
			if !ok || why != "" {
				return why == ""
			}
			for _, cl := range ts.Body.List {
				for _, t := range cl.(*ast.CaseClause).List {
					if why == "" {
						why = sessionIfaceCase(scope, t)
					}
				}
			}
			return why == ""
		})
		if why != "" {
			line, col := posIn(code, first.code, 1, 1)
			return limitError{seq: seq, line: line, col: col, msg: fmt.Sprintf(
				"with this cell's types, %s of an earlier cell would misbehave: %s; redefine %s without the switch first",
				d.keys[0], why, d.keys[0])}
		}
	}
	return nil
}
