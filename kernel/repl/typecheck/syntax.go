package typecheck

import (
	"go/ast"
	"go/parser"
	"go/token"
)

// namesBeforeSyntaxError returns the names a cell that does not parse
// declares in its pieces before the first one that does not parse: the
// interpreter runs a cell piece by piece and stops at the broken one, so
// these may exist in the session afterwards, with types the checker does
// not know.
func namesBeforeSyntaxError(src string, pieces []piece) []string {
	var names []string
	for _, p := range pieces {
		text := src[p.start:p.end]
		switch p.kind {
		case pieceSkip, pieceImport:
			continue
		case pieceDecl:
			f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+text, parser.SkipObjectResolution)
			if err != nil {
				return names
			}
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil {
						names = append(names, d.Name.Name)
					}
				case *ast.GenDecl:
					names = append(names, specNames(d)...)
				}
			}
		case pieceStmt:
			f, err := parser.ParseFile(token.NewFileSet(), "", "package p;func _(){\n"+text+"\n}", parser.SkipObjectResolution)
			if err != nil {
				return names
			}
			for _, st := range f.Decls[0].(*ast.FuncDecl).Body.List {
				switch st := st.(type) {
				case *ast.AssignStmt:
					if st.Tok == token.DEFINE {
						for _, l := range st.Lhs {
							if id, ok := l.(*ast.Ident); ok {
								names = append(names, id.Name)
							}
						}
					}
				case *ast.DeclStmt:
					if g, ok := st.Decl.(*ast.GenDecl); ok {
						names = append(names, specNames(g)...)
					}
				}
			}
		}
	}
	return names
}

// specNames returns the names a type, var or const declaration declares.
func specNames(g *ast.GenDecl) []string {
	var names []string
	for _, s := range g.Specs {
		switch s := s.(type) {
		case *ast.TypeSpec:
			names = append(names, s.Name.Name)
		case *ast.ValueSpec:
			for _, n := range s.Names {
				names = append(names, n.Name)
			}
		}
	}
	return names
}
