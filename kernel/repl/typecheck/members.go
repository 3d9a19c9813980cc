package typecheck

import (
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/types/typeutil"
)

// mainPkg stands for the session's package in lookups: go/types matches
// unexported names by package path.
var mainPkg = types.NewPackage("main", "main")

// selectType returns the type of the selector chain x.f.g... where x is a
// session variable and the rest are fields (or methods, which end the
// chain with their signature).
func (s *Session) selectType(chain []string) (types.Type, bool) {
	if len(chain) == 0 {
		return nil, false
	}
	t, ok := s.st.vars[chain[0]]
	if !ok {
		if s.scope == nil || s.st.byKey[chain[0]] == nil {
			return nil, false
		}
		obj := s.scope.Lookup(chain[0])
		if _, isVar := obj.(*types.Var); !isVar {
			return nil, false
		}
		t = obj.Type()
	}
	for _, name := range chain[1:] {
		obj, _, _ := types.LookupFieldOrMethod(t, true, mainPkg, name)
		if obj == nil {
			return nil, false
		}
		t = obj.Type()
	}
	return t, true
}

// TypeOf returns the Go type of a session variable or of a selector chain
// from one (["p", "Inner", "X"]), written as a cell would write it: session
// types unqualified, packages by their import names. ok is false when the
// session has no such variable or field.
func (s *Session) TypeOf(chain []string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.selectType(chain)
	if !ok {
		return "", false
	}
	byPath := map[string]string{}
	for n, p := range s.st.imports {
		if old, ok := byPath[p]; !ok || n < old {
			byPath[p] = n
		}
	}
	return types.TypeString(t, func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		if n, ok := byPath[p.Path()]; ok {
			return n
		}
		return p.Name()
	}), true
}

// Members returns the fields and methods that may follow the selector
// chain and a dot: for ["df"] the methods of a dataframe.DataFrame, for
// ["p"] the fields and methods (pointer receivers included) of a session
// struct, promoted ones too. ok is false when the chain does not start with
// a session variable. It serves completion when the live value cannot
// (a cell is running, the value is a nil interface, or the interpreter
// lost the methods of a session type).
func (s *Session) Members(chain []string) ([]string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.selectType(chain)
	if !ok {
		return nil, false
	}
	seen := map[string]bool{}
	var out []string
	add := func(name string) {
		if !seen[name] && (token.IsExported(name) || isMain(t)) {
			seen[name] = true
			out = append(out, name)
		}
	}
	for _, sel := range typeutil.IntuitiveMethodSet(t, nil) {
		add(sel.Obj().Name())
	}
	var fields func(t types.Type, depth int)
	fields = func(t types.Type, depth int) {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || depth > 5 {
			return
		}
		for i := 0; i < st.NumFields(); i++ {
			f := st.Field(i)
			add(f.Name())
			if f.Embedded() {
				fields(f.Type(), depth+1)
			}
		}
	}
	fields(t, 0)
	sort.Strings(out)
	return out, true
}

// isMain reports whether t (or what it points to) is declared by the
// session, whose unexported members a cell may use.
func isMain(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "main"
}
