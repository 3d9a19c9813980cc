package typecheck

import (
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"strconv"
)

// cellAST is what the checker needs to know about a parsed cell.
type cellAST struct {
	body       *ast.FuncDecl      // the function holding the cell's statements
	funcs      []*ast.FuncDecl    // the cell's funcs and methods
	pkgNames   map[string]bool    // names the cell declares at package level
	methodKeys map[string]bool    // T.M of the cell's methods
	imported   map[string]bool    // names the cell's imports bind
	imports    []*ast.ImportSpec  // the cell's imports
	bodyNames  map[string]bool    // names declared at the top level of the body
	bodyIdents []*ast.Ident       // their identifiers
	topPos     map[token.Pos]bool // positions of those identifiers
	lastExpr   ast.Expr           // the cell's final expression statement, if any
	selBases   map[string]bool    // identifiers used as X in X.Sel
	uses       map[string]bool    // every identifier of the cell
	consts     []*ast.GenDecl     // const declarations
	types      []*ast.TypeSpec    // type declarations
	fset       *token.FileSet     // of the file
	file       *ast.File          // the parsed cell
}

// analyse collects the declarations and names of a parsed cell.
func analyse(fset *token.FileSet, f *ast.File) *cellAST {
	c := &cellAST{
		fset: fset, file: f, pkgNames: map[string]bool{}, methodKeys: map[string]bool{},
		imported: map[string]bool{}, bodyNames: map[string]bool{}, topPos: map[token.Pos]bool{},
		selBases: map[string]bool{},
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Name.Name == "_" && fset.PositionFor(d.Pos(), true).Filename != cellFileName {
				c.body = d
				continue
			}
			c.funcs = append(c.funcs, d)
			if d.Recv != nil && len(d.Recv.List) == 1 {
				c.methodKeys[RecvName(d.Recv.List[0].Type)+"."+d.Name.Name] = true
			} else if d.Name.Name != "init" && d.Name.Name != "_" {
				c.pkgNames[d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.ImportSpec:
					c.imports = append(c.imports, s)
					c.imported[importName(s)] = true
				case *ast.TypeSpec:
					c.pkgNames[s.Name.Name] = true
					c.types = append(c.types, s)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.Name != "_" {
							c.pkgNames[n.Name] = true
						}
					}
				}
			}
			if d.Tok == token.CONST {
				c.consts = append(c.consts, d)
			}
		}
	}
	if c.body != nil && c.body.Body != nil {
		list := c.body.Body.List
		for _, st := range list {
			switch st := st.(type) {
			case *ast.AssignStmt:
				if st.Tok == token.DEFINE {
					for _, l := range st.Lhs {
						if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
							c.addBodyName(id)
						}
					}
				}
			case *ast.DeclStmt:
				if g, ok := st.Decl.(*ast.GenDecl); ok {
					for _, s := range g.Specs {
						if vs, ok := s.(*ast.ValueSpec); ok {
							for _, id := range vs.Names {
								if id.Name != "_" {
									c.addBodyName(id)
								}
							}
						}
					}
				}
			}
		}
		if n := len(list); n > 0 {
			if es, ok := list[n-1].(*ast.ExprStmt); ok {
				c.lastExpr = es.X
			}
		}
	}
	selectorBases(f, c.selBases)
	return c
}

func (c *cellAST) addBodyName(id *ast.Ident) {
	c.bodyNames[id.Name] = true
	c.bodyIdents = append(c.bodyIdents, id)
	c.topPos[id.Pos()] = true
}

// funcsUseBodyNames reports whether a func of the cell mentions a name the
// cell's body declares at its top level.
func (c *cellAST) funcsUseBodyNames() bool {
	if len(c.bodyNames) == 0 {
		return false
	}
	found := false
	for _, fd := range c.funcs {
		if fd.Body == nil {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && c.bodyNames[id.Name] {
				found = true
			}
			return !found
		})
	}
	return found
}

// bodyVarTypes returns the types of the variables the body declares at its
// top level, the last declaration of a name winning.
func (c *cellAST) bodyVarTypes(info *types.Info) map[string]types.Type {
	out := map[string]types.Type{}
	for _, id := range c.bodyIdents {
		if v, ok := info.Defs[id].(*types.Var); ok && v != nil {
			out[id.Name] = v.Type()
		}
	}
	return out
}

// importName is the name an import binds: its explicit name, else the
// package's declared name (math/rand/v2 is rand), else its last element.
func importName(s *ast.ImportSpec) string {
	if s.Name != nil {
		return s.Name.Name
	}
	p, err := strconv.Unquote(s.Path.Value)
	if err != nil {
		return ""
	}
	if pkg, err := importPackage(p); err == nil {
		return pkg.Name()
	}
	return path.Base(p)
}

// recvName returns T for receivers T, *T, T[P] and *T[P].
func RecvName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}
