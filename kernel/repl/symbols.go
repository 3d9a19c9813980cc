package repl

import (
	"fmt"
	"go/parser"
	"go/token"
	"path"
	"reflect"
	"sync"

	"github.com/traefik/yaegi/interp"

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
// carries fmt (later Uses would undo it), and compiles in that call its
// generic sources, which import cmp and math/bits; GenericSources import
// sort; the stdio redirection overrides os.
var basePackages = []string{"fmt", "flag", "log", "os", "math/bits", "cmp", "sort"}

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

// genericSources are interpreted additions to generic standard packages
// (slices.Sort, Min, Max, ...) that symbol tables cannot carry, by the
// import path of the package they extend (a standard package: its path is
// its name). yaegi's own generic sources lack these; they must be compiled
// after yaegi's (which come with fmt, a base table) and before the package
// is imported, so usePackages compiles them when it hands the package's
// table to an interpreter.
var genericSources = sync.OnceValues(func() (map[string][]string, error) {
	m := map[string][]string{}
	for _, src := range stdlib.GenericSources {
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly)
		if err != nil {
			return nil, fmt.Errorf("generic sources: %w", err)
		}
		m[f.Name.Name] = append(m[f.Name.Name], src)
	}
	return m, nil
})

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
	var todo []string
	for _, p := range paths {
		if !have[p] {
			todo = append(todo, p)
		}
	}
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
	generic, err := genericSources()
	if err != nil {
		return err
	}
	for _, p := range todo {
		have[p] = true
		for _, src := range generic[p] {
			if _, err := it.Compile(src); err != nil {
				return fmt.Errorf("compile generic sources of %s: %w", p, err)
			}
		}
	}
	return nil
}
