package repl

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"

	"github.com/specstress/specstress/stdlib"
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
func (e *Engine) defaultName(p string) string {
	if _, key, ok := e.pkgSymbols(p); ok {
		return path.Base(key)
	}
	return path.Base(p)
}

// runImport imports the packages of an import declaration. yaegi rejects a
// second import of a package ("redeclared in this block"), so the session
// keeps a ledger of (name, path) pairs: re-importing a package under the name
// it already has is accepted and does nothing, as re-running a cell must.
// Importing another package under a name already in use (a preload such as
// rand for math/rand/v2, or an earlier import) rebinds the name, the latest
// import winning as a re-run cell expects: yaegi cannot rebind an import,
// so the session is replayed into a fresh interpreter.
func (e *Engine) runImport(ctx context.Context, seq int, c chunk) error {
	specs, err := parseImports(c.src)
	if err != nil {
		return fmt.Errorf("%s: %w", directiveText(seq, c.line, c.col), err)
	}
	var todo, rebind []importSpec
	e.mu.RLock()
	for _, s := range specs {
		name := s.name
		if name == "" {
			name = e.defaultName(s.path)
		}
		if name == "_" {
			continue
		}
		have, ok := e.imports[name]
		switch {
		case ok && have == s.path:
		case ok && name != ".":
			rebind = append(rebind, importSpec{name: name, path: s.path})
		default:
			todo = append(todo, importSpec{name: name, path: s.path})
		}
	}
	e.mu.RUnlock()
	if len(rebind) > 0 {
		return e.rebindImports(ctx, seq, c, append(rebind, todo...))
	}
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

// rebindImports points import names at new packages by replaying the
// session; on failure the old bindings stay.
func (e *Engine) rebindImports(ctx context.Context, seq int, c chunk, specs []importSpec) error {
	for _, s := range specs {
		if !e.knownPackage(s.path) {
			return fmt.Errorf("%s: import %q: no such package in this kernel", directiveText(seq, c.line, c.col), s.path)
		}
	}
	e.mu.Lock()
	prev := map[string]string{}
	for _, s := range specs {
		if p, ok := e.imports[s.name]; ok {
			prev[s.name] = p
		}
		e.imports[s.name] = s.path
	}
	e.mu.Unlock()
	if err := e.replay(ctx, seq, nil, nil); err != nil {
		e.mu.Lock()
		for _, s := range specs {
			if p, ok := prev[s.name]; ok {
				e.imports[s.name] = p
			} else {
				delete(e.imports, s.name)
			}
		}
		e.mu.Unlock()
		return err
	}
	return nil
}

// knownPackage reports whether the symbol tables hold the package at path.
func (e *Engine) knownPackage(pth string) bool {
	_, _, ok := e.pkgSymbols(pth)
	return ok
}

// importAll imports specs into it with one declaration, after giving it the
// tables of the packages (usePackages).
func (e *Engine) importAll(it *interp.Interpreter, specs []importSpec) error {
	if len(specs) == 0 {
		return nil
	}
	sort.Slice(specs, func(i, j int) bool { return specs[i].name < specs[j].name })
	paths := make([]string, len(specs))
	for i, s := range specs {
		paths[i] = s.path
	}
	if err := e.usePackages(it, stdlib.Needs(paths...), nil); err != nil {
		return fmt.Errorf("load symbols: %w", err)
	}
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
