package typecheck

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// declKind is the kind of a session declaration kept as source.
type declKind int

const (
	kindType declKind = iota
	kindFunc
	kindMethod
	kindConst
)

// decl is a session declaration kept as source: a type spec, a func or
// method signature (bodies are not needed to check later cells, and a
// redefinition elsewhere must not make them fail), or a const group (kept
// whole so that iota keeps counting; a redefined name becomes _).
type decl struct {
	kind  declKind
	text  string
	names []nameAt // the names declared, with their offsets in text
	dead  map[string]bool
}

// nameAt is a declared name and its byte offset in a decl's text.
type nameAt struct {
	name string
	off  int
}

// key is the session key of a declared name: the name, or T.M for a method.
func (d *decl) live() []string {
	var out []string
	for _, n := range d.names {
		if !d.dead[n.name] {
			out = append(out, n.name)
		}
	}
	return out
}

// render returns d's source with its dead names blanked.
func (d *decl) render() string {
	if len(d.dead) == 0 {
		return d.text
	}
	text := d.text
	for i := len(d.names) - 1; i >= 0; i-- {
		n := d.names[i]
		if d.dead[n.name] {
			text = text[:n.off] + "_" + text[n.off+len(n.name):]
		}
	}
	return text
}

// state is the session as the checker knows it: what cells declared, in
// the form the next cell is checked against.
type state struct {
	imports map[string]string // import name -> path, preloads included
	dots    map[string]bool   // paths imported with . by a cell
	decls   []*decl           // types, funcs, methods and consts, in order
	byKey   map[string]*decl  // name (T.M for methods) -> its live declaration
	vars    map[string]types.Type
}

func newState() *state {
	return &state{imports: map[string]string{}, dots: map[string]bool{}, byKey: map[string]*decl{}, vars: map[string]types.Type{}}
}

// drop removes the session's definition of key, whatever its kind.
func (st *state) drop(key string) {
	delete(st.vars, key)
	d, ok := st.byKey[key]
	if !ok {
		return
	}
	delete(st.byKey, key)
	if d.dead == nil {
		d.dead = map[string]bool{}
	}
	d.dead[key] = true
	if len(d.live()) == 0 {
		for i, x := range st.decls {
			if x == d {
				st.decls = append(st.decls[:i], st.decls[i+1:]...)
				break
			}
		}
	}
}

// add records d, replacing earlier definitions of its names.
func (st *state) add(d *decl) {
	for _, n := range d.names {
		if n.name != "_" {
			st.drop(n.name)
		}
	}
	st.decls = append(st.decls, d)
	for _, n := range d.names {
		if n.name != "_" {
			st.byKey[n.name] = d
		}
	}
}

// sessionFile is the session rendered as a Go file for one check.
type sessionFile struct {
	text    string
	imports []importSpec    // imports the rendered vars need beyond the ledger
	preset  []presetVar     // variables inserted into the package scope directly
	names   map[string]bool // package-level names it declares
}

// presetVar is a session variable given to the checker as an object.
type presetVar struct {
	name string
	typ  types.Type
}

// importSpec is an import to add to a checked file.
type importSpec struct{ name, path string }

// render writes the session's declarations, leaving out the keys in
// exclude (redefined by the cell being checked), plus the variables in
// extra (the cell's own top-level variables, for checking its funcs).
// A variable whose type involves a session-declared type is written as
// source, so that it refers to the current definition of that type;
// others are inserted as objects (their types may not be writable, such
// as an unexported type of another package).
func (st *state) render(exclude map[string]bool, extra map[string]types.Type) sessionFile {
	sf := sessionFile{names: map[string]bool{}}
	var b strings.Builder
	b.WriteString("package main\n")
	for _, d := range st.decls {
		live := false
		for _, k := range d.live() {
			if !exclude[k] {
				live = true
			}
		}
		if !live {
			continue
		}
		if len(exclude) > 0 && d.kind == kindConst {
			// Blank the excluded names of a group for this render only.
			c := *d
			c.dead = map[string]bool{}
			for k, v := range d.dead {
				c.dead[k] = v
			}
			for _, k := range d.live() {
				if exclude[k] {
					c.dead[k] = true
				}
			}
			d = &c
		}
		b.WriteString(d.render())
		b.WriteString("\n")
		if d.kind != kindMethod {
			for _, k := range d.live() {
				sf.names[k] = true
			}
		}
	}
	vars := map[string]types.Type{}
	for n, t := range st.vars {
		if !exclude[n] {
			vars[n] = t
		}
	}
	for n, t := range extra {
		vars[n] = t
	}
	names := make([]string, 0, len(vars))
	for n := range vars {
		names = append(names, n)
		sf.names[n] = true
	}
	sort.Strings(names)
	hidden := map[string]string{} // path -> alias
	for _, n := range names {
		t := vars[n]
		if !mentionsMain(t, map[types.Type]bool{}) {
			sf.preset = append(sf.preset, presetVar{n, t})
			continue
		}
		writable := true
		text := types.TypeString(t, func(p *types.Package) string {
			if p.Path() == "main" {
				return ""
			}
			if alias, ok := hidden[p.Path()]; ok {
				return alias
			}
			alias := "_tc" + strconv.Itoa(len(hidden))
			hidden[p.Path()] = alias
			sf.imports = append(sf.imports, importSpec{alias, p.Path()})
			return alias
		})
		if !writableType(t) {
			writable = false
		}
		if !writable {
			sf.preset = append(sf.preset, presetVar{n, t})
			continue
		}
		fmt.Fprintf(&b, "var %s %s\n", n, text)
	}
	sf.text = b.String()
	return sf
}

// mentionsMain reports whether t involves a type declared by the session.
func mentionsMain(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t := t.(type) {
	case *types.Named:
		if t.Obj().Pkg() != nil && t.Obj().Pkg().Path() == "main" {
			return true
		}
		for i := 0; i < t.TypeArgs().Len(); i++ {
			if mentionsMain(t.TypeArgs().At(i), seen) {
				return true
			}
		}
		return false
	case *types.Alias:
		if t.Obj().Pkg() != nil && t.Obj().Pkg().Path() == "main" {
			return true
		}
		return mentionsMain(types.Unalias(t), seen)
	case *types.Pointer:
		return mentionsMain(t.Elem(), seen)
	case *types.Slice:
		return mentionsMain(t.Elem(), seen)
	case *types.Array:
		return mentionsMain(t.Elem(), seen)
	case *types.Chan:
		return mentionsMain(t.Elem(), seen)
	case *types.Map:
		return mentionsMain(t.Key(), seen) || mentionsMain(t.Elem(), seen)
	case *types.Signature:
		return mentionsMain(t.Params(), seen) || mentionsMain(t.Results(), seen)
	case *types.Tuple:
		for i := 0; i < t.Len(); i++ {
			if mentionsMain(t.At(i).Type(), seen) {
				return true
			}
		}
	case *types.Struct:
		for i := 0; i < t.NumFields(); i++ {
			if mentionsMain(t.Field(i).Type(), seen) {
				return true
			}
		}
	case *types.Interface:
		for i := 0; i < t.NumMethods(); i++ {
			if mentionsMain(t.Method(i).Type(), seen) {
				return true
			}
		}
		for i := 0; i < t.NumEmbeddeds(); i++ {
			if mentionsMain(t.EmbeddedType(i), seen) {
				return true
			}
		}
	}
	return false
}

// writableType reports whether every named type in t can be written in
// source outside its package (exported, or declared by the session) and t
// has no type parameters of its own.
func writableType(t types.Type) bool {
	ok := true
	var walk func(t types.Type, depth int)
	walk = func(t types.Type, depth int) {
		if !ok || depth > 50 {
			return
		}
		switch t := t.(type) {
		case *types.Named:
			o := t.Obj()
			if o.Pkg() == nil {
				return
			}
			if o.Pkg().Path() != "main" && !o.Exported() || o.Parent() != nil && o.Parent() != o.Pkg().Scope() {
				ok = false
				return
			}
			for i := 0; i < t.TypeArgs().Len(); i++ {
				walk(t.TypeArgs().At(i), depth+1)
			}
		case *types.Alias:
			walk(types.Unalias(t), depth+1)
		case *types.TypeParam:
			ok = false
		case *types.Pointer:
			walk(t.Elem(), depth+1)
		case *types.Slice:
			walk(t.Elem(), depth+1)
		case *types.Array:
			walk(t.Elem(), depth+1)
		case *types.Chan:
			walk(t.Elem(), depth+1)
		case *types.Map:
			walk(t.Key(), depth+1)
			walk(t.Elem(), depth+1)
		case *types.Signature:
			walk(t.Params(), depth+1)
			walk(t.Results(), depth+1)
		case *types.Tuple:
			for i := 0; i < t.Len(); i++ {
				walk(t.At(i).Type(), depth+1)
			}
		case *types.Struct:
			for i := 0; i < t.NumFields(); i++ {
				f := t.Field(i)
				if !f.Exported() && f.Pkg() != nil && f.Pkg().Path() != "main" {
					ok = false
				}
				walk(f.Type(), depth+1)
			}
		case *types.Interface:
			for i := 0; i < t.NumExplicitMethods(); i++ {
				m := t.ExplicitMethod(i)
				if !m.Exported() && m.Pkg() != nil && m.Pkg().Path() != "main" {
					ok = false
				}
				walk(m.Type(), depth+1)
			}
			for i := 0; i < t.NumEmbeddeds(); i++ {
				walk(t.EmbeddedType(i), depth+1)
			}
		}
	}
	walk(t, 0)
	return ok
}

// withImports returns the declarations of f preceded by an import
// declaration of specs, positioned at f's package name so that positions
// in the file stay ordered.
func withImports(f *ast.File, specs []importSpec) []ast.Decl {
	if len(specs) == 0 {
		return append([]ast.Decl(nil), f.Decls...)
	}
	at := f.Name.Pos()
	g := &ast.GenDecl{TokPos: at, Tok: token.IMPORT, Lparen: at, Rparen: at}
	for _, s := range specs {
		g.Specs = append(g.Specs, &ast.ImportSpec{
			Name:   &ast.Ident{NamePos: at, Name: s.name},
			Path:   &ast.BasicLit{ValuePos: at, Kind: token.STRING, Value: strconv.Quote(s.path)},
			EndPos: at,
		})
	}
	return append([]ast.Decl{g}, f.Decls...)
}

// selectorBases returns the identifiers used as X in X.Sel in node: the
// candidates for package names.
func selectorBases(node ast.Node, into map[string]bool) {
	ast.Inspect(node, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				into[id.Name] = true
			}
		}
		return true
	})
}
