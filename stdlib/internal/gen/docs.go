package gen

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"strings"
)

// DocEntry is one documented member in the index: its declaration and its
// doc comment. The short JSON names keep the embedded index small.
type DocEntry struct {
	Signature string `json:"s"`
	Doc       string `json:"d,omitempty"`
}

// DocIndex is the doc index of one package: members by name ("Func",
// "Type", "Type.Method", "Const"), and the package comment under "".
type DocIndex struct {
	Path    string              `json:"path"`
	Name    string              `json:"name"`
	Entries map[string]DocEntry `json:"entries"`
}

// maxSig caps a declaration's text (big structs, long const blocks).
const maxSig = 2000

// docIndex builds the gzip'd JSON doc index of p from its source.
func docIndex(p pkgInfo) ([]byte, error) {
	idx, err := BuildDocIndex(p.ImportPath, p.Dir, p.GoFiles)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(idx)
	if err != nil {
		return nil, fmt.Errorf("doc index %s: %w", p.ImportPath, err)
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, fmt.Errorf("doc index %s: %w", p.ImportPath, err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("doc index %s: %w", p.ImportPath, err)
	}
	return buf.Bytes(), nil
}

// BuildDocIndex reads the package's files with go/doc and indexes its
// exported members.
func BuildDocIndex(importPath, dir string, goFiles []string) (*DocIndex, error) {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range goFiles {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("doc index: %w", err)
		}
		files = append(files, f)
	}
	pkg, err := doc.NewFromFiles(fset, files, importPath)
	if err != nil {
		return nil, fmt.Errorf("doc index %s: %w", importPath, err)
	}
	idx := &DocIndex{Path: importPath, Name: pkg.Name, Entries: map[string]DocEntry{}}
	idx.Entries[""] = DocEntry{Signature: "package " + pkg.Name + ` // import "` + importPath + `"`, Doc: pkg.Doc}
	add := func(name string, node any, comment string) {
		if !token.IsExported(lastPart(name)) {
			return
		}
		idx.Entries[name] = DocEntry{Signature: source(fset, node), Doc: comment}
	}
	values := func(vs []*doc.Value) {
		for _, v := range vs {
			for _, spec := range v.Decl.Specs {
				vspec := spec.(*ast.ValueSpec)
				comment := v.Doc
				if vspec.Doc != nil {
					comment = vspec.Doc.Text()
				} else if vspec.Comment != nil && comment == "" {
					comment = vspec.Comment.Text()
				}
				one := &ast.GenDecl{Tok: v.Decl.Tok, Specs: []ast.Spec{stripComments(vspec)}}
				for _, n := range vspec.Names {
					add(n.Name, one, comment)
				}
			}
		}
	}
	funcs := func(prefix string, fs []*doc.Func) {
		for _, f := range fs {
			f.Decl.Body = nil
			add(prefix+f.Name, f.Decl, f.Doc)
		}
	}
	values(pkg.Consts)
	values(pkg.Vars)
	funcs("", pkg.Funcs)
	for _, t := range pkg.Types {
		var spec *ast.TypeSpec
		for _, s := range t.Decl.Specs {
			if ts, ok := s.(*ast.TypeSpec); ok && ts.Name.Name == t.Name {
				spec = ts
			}
		}
		if spec != nil {
			add(t.Name, &ast.GenDecl{Tok: token.TYPE, Specs: []ast.Spec{spec}}, t.Doc)
		}
		values(t.Consts)
		values(t.Vars)
		funcs("", t.Funcs)
		funcs(t.Name+".", t.Methods)
		if spec != nil {
			interfaceMethods(fset, t.Name, spec, idx)
		}
	}
	return idx, nil
}

// interfaceMethods indexes the methods of an interface type as
// "Type.Method", which go/doc does not list as methods.
func interfaceMethods(fset *token.FileSet, typeName string, spec *ast.TypeSpec, idx *DocIndex) {
	it, ok := spec.Type.(*ast.InterfaceType)
	if !ok {
		return
	}
	for _, m := range it.Methods.List {
		ft, ok := m.Type.(*ast.FuncType)
		if !ok || len(m.Names) == 0 || !m.Names[0].IsExported() {
			continue
		}
		name := m.Names[0].Name
		decl := &ast.FuncDecl{
			Recv: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent(typeName)}}},
			Name: ast.NewIdent(name),
			Type: ft,
		}
		comment := ""
		if m.Doc != nil {
			comment = m.Doc.Text()
		} else if m.Comment != nil {
			comment = m.Comment.Text()
		}
		idx.Entries[typeName+"."+name] = DocEntry{Signature: source(fset, decl), Doc: comment}
	}
}

// stripComments returns a copy of a value spec without its comments, which
// the index stores separately.
func stripComments(s *ast.ValueSpec) *ast.ValueSpec {
	c := *s
	c.Doc, c.Comment = nil, nil
	return &c
}

// source prints a declaration as Go source, capped at maxSig bytes.
func source(fset *token.FileSet, node any) string {
	var buf bytes.Buffer
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(&buf, fset, node); err != nil {
		return ""
	}
	s := buf.String()
	if len(s) > maxSig {
		s = s[:maxSig] + "\n\t// …"
	}
	return s
}

func lastPart(name string) string {
	return name[strings.LastIndexByte(name, '.')+1:]
}
