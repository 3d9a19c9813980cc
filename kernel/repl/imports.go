package repl

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// importSpec is one imported package: its name in the session and its path.
type importSpec struct{ name, path string }

// parseImports returns the specs of an import declaration.
func parseImports(text string) ([]importSpec, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+text, parser.ImportsOnly)
	if err != nil {
		return nil, err
	}
	var specs []importSpec
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			continue
		}
		for _, s := range g.Specs {
			is := s.(*ast.ImportSpec)
			p, err := strconv.Unquote(is.Path.Value)
			if err != nil {
				return nil, err
			}
			name := ""
			if is.Name != nil {
				name = is.Name.Name
			}
			specs = append(specs, importSpec{name: name, path: p})
		}
	}
	return specs, nil
}

// defaultName is the name a package is imported under without an explicit
// one: its declared name when the symbol tables know it, else the last path
// element.
func defaultName(syms interp.Exports, p string) string {
	for key := range syms {
		if path.Dir(key) == p {
			return path.Base(key)
		}
	}
	return path.Base(p)
}

// runImport imports the packages of an import declaration. yaegi rejects a
// second import of a package ("redeclared in this block"), so the session
// keeps a ledger of (name, path) pairs: re-importing a package under the name
// it already has is accepted and does nothing, as re-running a cell must.
func (e *Engine) runImport(seq int, c chunk) error {
	specs, err := parseImports(c.src)
	if err != nil {
		return fmt.Errorf("%s %w", strings.TrimSuffix(directiveText(seq, c.line, c.col), " "), err)
	}
	var todo []importSpec
	e.mu.RLock()
	for _, s := range specs {
		name := s.name
		if name == "" {
			name = defaultName(e.syms, s.path)
		}
		if name == "_" {
			continue
		}
		if have, ok := e.imports[name]; ok && have == s.path {
			continue
		} else if ok && name != "." {
			e.mu.RUnlock()
			return fmt.Errorf("%s: import %q: the name %s already refers to %q in this session; import it under another name (import alias %q)",
				directiveText(seq, c.line, c.col), s.path, name, have, s.path)
		}
		todo = append(todo, importSpec{name: name, path: s.path})
	}
	e.mu.RUnlock()
	if len(todo) == 0 {
		return nil
	}
	if err := e.importAll(e.interp(), todo); err != nil {
		return fmt.Errorf("%s: %w", directiveText(seq, c.line, c.col), err)
	}
	e.mu.Lock()
	for _, s := range todo {
		e.imports[s.name] = s.path
	}
	e.mu.Unlock()
	return nil
}

// directiveText is a position in the form yaegi reports (cellN:L:C).
func directiveText(seq, line, col int) string {
	return fmt.Sprintf("%s:%d:%d", cellFile(seq), line, col)
}

// importAll imports specs into it with one declaration.
func (e *Engine) importAll(it *interp.Interpreter, specs []importSpec) error {
	if len(specs) == 0 {
		return nil
	}
	sort.Slice(specs, func(i, j int) bool { return specs[i].name < specs[j].name })
	var b strings.Builder
	b.WriteString("import (\n")
	for _, s := range specs {
		fmt.Fprintf(&b, "\t%s %q\n", s.name, s.path)
	}
	b.WriteString(")")
	_, err := e.compileAndRun(it, b.String())
	return err
}

// compileAndRun evaluates src in it without a context, recovering a crash
// of the compiler.
func (e *Engine) compileAndRun(it *interp.Interpreter, src string) (*interp.Program, error) {
	prog, err := e.compileSafe(it, src)
	if err != nil {
		return nil, err
	}
	_, err = it.Execute(prog)
	return prog, err
}
