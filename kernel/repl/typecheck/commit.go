package typecheck

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// Commit records the declarations of a checked cell as session state: its
// imports, types, consts, func and method signatures and top-level
// variables, each replacing an earlier declaration of its name. Call it
// for a cell Check accepted, once the interpreter has run it.
//
// The checker cannot know what a cell declared when it was not judged, or
// when the interpreter failed on it (a refusal, a panic half-way): then
// the cell's names become unknown instead, and later cells using them are
// not judged either (Commit with ok false, or a Result that is Unsure).
func (s *Session) Commit(r *Result, ok bool) {
	if r == nil || len(r.Errors) > 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := r.cell; len(r.unknown) > 0 || c != nil && len(c.pkgNames)+len(c.bodyNames)+len(c.methodKeys)+len(c.imports) > 0 {
		s.version++ // a cell that declares nothing leaves the cached session valid
	}
	for _, n := range r.unknown {
		s.st.drop(n)
		s.unknown[n] = true
	}
	if r.cell == nil {
		return
	}
	c := r.cell
	if r.Unsure != "" || !ok {
		for n := range c.pkgNames {
			s.st.drop(n)
			s.unknown[n] = true
		}
		for n := range c.bodyNames {
			s.st.drop(n)
			s.unknown[n] = true
		}
		return
	}
	for n := range c.pkgNames {
		delete(s.unknown, n)
	}
	for n := range c.bodyNames {
		delete(s.unknown, n)
	}
	for _, spec := range c.imports {
		var obj types.Object
		if spec.Name != nil {
			obj = r.Info.Defs[spec.Name]
		} else {
			obj = r.Info.Implicits[spec]
		}
		if spec.Name != nil && spec.Name.Name == "." {
			// A dot import declares no PkgName.
			if p, err := strconv.Unquote(spec.Path.Value); err == nil {
				s.st.dots[p] = true
			}
			continue
		}
		if pn, ok := obj.(*types.PkgName); ok && pn.Name() != "_" {
			s.st.imports[pn.Name()] = pn.Imported().Path()
		}
	}
	text := r.text
	file := r.Fset.File(r.File.Pos())
	slice := func(from, to token.Pos) string {
		return text[file.Offset(from):file.Offset(to)]
	}
	for _, d := range r.File.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d == c.body || d.Name.Name == "init" || d.Name.Name == "_" {
				continue
			}
			end := d.End()
			if d.Body != nil {
				end = d.Body.Lbrace
			}
			nd := &decl{kind: kindFunc, text: slice(d.Pos(), end)}
			key := d.Name.Name
			if d.Recv != nil && len(d.Recv.List) == 1 {
				nd.kind = kindMethod
				key = RecvName(d.Recv.List[0].Type) + "." + d.Name.Name
			}
			nd.names = []nameAt{{key, -1}}
			s.st.add(nd)
		case *ast.GenDecl:
			switch d.Tok {
			case token.TYPE:
				for _, sp := range d.Specs {
					ts := sp.(*ast.TypeSpec)
					s.st.add(&decl{kind: kindType, text: "type " + slice(ts.Pos(), ts.End()),
						names: []nameAt{{ts.Name.Name, 5}}})
				}
			case token.CONST:
				nd := &decl{kind: kindConst, text: slice(d.Pos(), d.End())}
				base := file.Offset(d.Pos())
				for _, sp := range d.Specs {
					for _, n := range sp.(*ast.ValueSpec).Names {
						nd.names = append(nd.names, nameAt{n.Name, file.Offset(n.Pos()) - base})
					}
				}
				s.st.add(nd)
			}
		}
	}
	for n, t := range r.bodyVars {
		s.st.drop(n)
		s.st.vars[n] = t
	}
	if r.Pkg != nil {
		s.scope = r.Pkg.Scope()
	}
}

// Lookup returns the session's object named name (a variable, constant,
// type or func), nil if the session has none.
func (s *Session) Lookup(name string) types.Object {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.st.vars[name]; ok {
		return types.NewVar(token.NoPos, nil, name, t)
	}
	if _, ok := s.st.byKey[name]; ok && s.scope != nil {
		return s.scope.Lookup(name)
	}
	return nil
}

// Names returns the names the session declares, in no order.
func (s *Session) Names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for n := range s.st.vars {
		out = append(out, n)
	}
	for k, d := range s.st.byKey {
		if d.kind != kindMethod {
			out = append(out, k)
		}
	}
	return out
}
