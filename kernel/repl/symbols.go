package repl

import (
	"fmt"
	"go/parser"
	"go/token"
	"path"
	"reflect"
	"slices"
	"strconv"
	"sync"

	"github.com/traefik/yaegi/interp"
	yaegigeneric "github.com/traefik/yaegi/stdlib/generic"

	"github.com/specstress/specstress/kernel/display"
	"github.com/specstress/specstress/stdlib"
)

// This file is the one seam between the engine and the symbol tables: the
// packages interpreted code can import, the imports a session starts with
// and the documentation index, all from the project's generated tables
// (package stdlib). Nothing else in the engine names a table.
//
// A table is built and handed to an interpreter (Use) only when a session
// imports its package: a script importing fmt does not pay for gonum. The
// interpreter starts with baseTables; importAll calls usePackages first.

// basePackages are Used when an interpreter is made, before anything else:
// yaegi virtualises fmt, flag, log, os and math/bits in the Use call that
// carries fmt (later Uses would undo it); the stdio redirection overrides
// os. Packages with generic sources (cmp, maps, slices) come when a session
// imports them, with the packages those sources import.
var basePackages = []string{"fmt", "flag", "log", "os", "math/bits"}

// displayPath is the package of the interfaces the helper's Show wraps
// interpreted values in (display.RichTypes): yaegi finds those wrappers in
// its table, so every interpreter has it, without the packages its own API
// needs (they come when a cell imports display).
var displayPath = reflect.TypeFor[display.Figure]().PkgPath()

// baseTables lists the tables an interpreter starts with.
func baseTables() []string {
	return append(stdlib.Needs(basePackages...), displayPath)
}

// preload is an import a session performs before the first cell.
type preload struct{ name, path string }

// basePreloads are standard packages every session imports, in addition to
// stdlib.Preloads.
var basePreloads = []string{"fmt", "strings", "strconv", "math", "sort", "time", "os", "errors", "context", "io"}

// preloads lists the imports a session starts with when Options.Preload is
// set: those of stdlib.Preloads and basePreloads that have a table, and
// that Options.PreloadOnly, when set, keeps.
func (e *Engine) preloads() []preload {
	var p []preload
	seen := map[string]bool{}
	add := func(name, pth string) {
		if _, ok := stdlib.Key(pth); ok && !seen[name] && (e.opts.PreloadOnly == nil || e.opts.PreloadOnly(name)) {
			seen[name] = true
			p = append(p, preload{name: name, path: pth})
		}
	}
	for _, pth := range basePreloads {
		add(path.Base(pth), pth)
	}
	for _, im := range stdlib.Preloads {
		add(im.Name, im.Path)
	}
	return p
}

// docEntry is what inspection shows for a package member.
type docEntry struct{ signature, doc string }

// lookupDoc returns the documentation of member name ("Func", "Type" or
// "Type.Method") of the package at path.
func lookupDoc(pth, name string) (docEntry, bool) {
	e, ok := stdlib.Doc(pth, name)
	return docEntry{signature: e.Signature, doc: e.Doc}, ok
}

// pkgSymbols returns the symbol table of the package at pth and its key,
// building the table if no session has imported the package yet.
func (e *Engine) pkgSymbols(pth string) (map[string]reflect.Value, string, bool) {
	k, ok := stdlib.Key(pth)
	if !ok {
		return nil, "", false
	}
	return stdlib.Table(pth), k, true
}

// members lists the exported members of the package at pth.
func (e *Engine) members(pth string) []string {
	tab, _, _ := e.pkgSymbols(pth)
	out := make([]string, 0, len(tab))
	for name := range tab {
		if name != "" && name[0] != '_' {
			out = append(out, name)
		}
	}
	return out
}

// genericPackage is the interpreted source a package's table cannot carry
// (its generic functions) and the packages that source imports.
type genericPackage struct {
	sources []string
	imports []string
}

// genericSources are the interpreted sources of generic standard packages,
// by import path (a standard package: its path is its name): yaegi's own
// (cmp, maps, slices) and then the project's additions (slices.Sort, Min,
// Max, ...; stdlib.GenericSources), which must compile after yaegi's.
// usePackages compiles them when it hands the package's table to an
// interpreter, after the packages they import.
var genericSources = sync.OnceValues(func() (map[string]*genericPackage, error) {
	m := map[string]*genericPackage{}
	for _, src := range append(append([]string(nil), yaegiGeneric...), stdlib.GenericSources...) {
		if src == "" {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
		if err != nil {
			return nil, fmt.Errorf("generic sources: %w", err)
		}
		g := m[f.Name.Name]
		if g == nil {
			g = &genericPackage{}
			m[f.Name.Name] = g
		}
		g.sources = append(g.sources, src)
		for _, im := range f.Imports {
			if p, err := strconv.Unquote(im.Path.Value); err == nil && !slices.Contains(g.imports, p) {
				g.imports = append(g.imports, p)
			}
		}
	}
	return m, nil
})

// withGenericImports returns paths with the packages their generic sources
// import (and the tables those need) placed before them, so that Use gives
// every table at once and each source compiles after what it imports.
// Packages in have are left out.
func withGenericImports(paths []string, have map[string]bool, generic map[string]*genericPackage) []string {
	var out []string
	seen := map[string]bool{}
	var visit func(p string)
	visit = func(p string) {
		if seen[p] || have[p] {
			return
		}
		seen[p] = true
		if g := generic[p]; g != nil {
			for _, dep := range stdlib.Needs(g.imports...) {
				visit(dep)
			}
		}
		out = append(out, p)
	}
	for _, p := range paths {
		visit(p)
	}
	return out
}

// yaegiGeneric holds yaegi's own generic sources (cmp, maps, slices). Its
// Use compiles them, from a package variable, in every interpreter whose
// Use carries fmt: 2 ms per interpreter, most of what the engine costs
// `run hello.go`, for packages few scripts import. The engine takes them
// out of that variable before any interpreter exists (init), so Use finds
// nothing to compile, and usePackages compiles each when a session first
// imports its package, before the project's additions to it. Only the
// engine makes interpreters in this program, so nothing else misses them.
var yaegiGeneric []string

func init() {
	for i, src := range yaegigeneric.Sources {
		yaegiGeneric = append(yaegiGeneric, src)
		yaegigeneric.Sources[i] = ""
	}
}

// usedTables records which packages' tables each live interpreter has: Use
// must not be repeated for a package (it would undo yaegi's and the stdio's
// overrides of fmt and os). An engine has at most two interpreters alive,
// the session's and the one a replay is building.
type usedTables struct {
	mu   sync.Mutex
	used map[*interp.Interpreter]map[string]bool
}

// forget drops the records of every interpreter but keep.
func (u *usedTables) forget(keep *interp.Interpreter) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for it := range u.used {
		if it != keep {
			delete(u.used, it)
		}
	}
}

// usePackages gives it the tables of the packages at paths that it does
// not have yet: importAll passes what the imports need (stdlib.Needs);
// paths without a table are left for the import to report. with are
// entries to pass in the same Use call (MapTypes).
func (e *Engine) usePackages(it *interp.Interpreter, paths []string, with interp.Exports) error {
	e.tables.mu.Lock()
	defer e.tables.mu.Unlock()
	if e.tables.used == nil {
		e.tables.used = map[*interp.Interpreter]map[string]bool{}
	}
	have := e.tables.used[it]
	if have == nil {
		have = map[string]bool{}
		e.tables.used[it] = have
	}
	generic, err := genericSources()
	if err != nil {
		return err
	}
	todo := withGenericImports(paths, have, generic)
	if len(todo) == 0 && len(with) == 0 {
		return nil
	}
	ex := interp.Exports(stdlib.Exports(todo...))
	for k, v := range with {
		ex[k] = v
	}
	if err := it.Use(ex); err != nil {
		return err
	}
	for _, p := range todo {
		have[p] = true
		if g := generic[p]; g != nil {
			for _, src := range g.sources {
				if _, err := it.Compile(src); err != nil {
					return fmt.Errorf("compile generic sources of %s: %w", p, err)
				}
			}
		}
	}
	return nil
}
