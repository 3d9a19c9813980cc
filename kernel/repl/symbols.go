package repl

import (
	"path"
	"reflect"

	"github.com/traefik/yaegi/interp"

	"github.com/specstress/specstress/stdlib"
)

// This file is the one seam between the engine and the symbol tables: the
// packages interpreted code can import, the imports a session starts with
// and the documentation index, all from the project's generated tables
// (package stdlib). Nothing else in the engine names a table.

// symbols returns the binary packages interpreted code may import, with the
// MapTypes entry "." (read-only: Interpreter.Use copies from it).
func symbols() interp.Exports { return stdlib.Symbols }

// preload is an import a session performs before the first cell.
type preload struct{ name, path string }

// basePreloads are standard packages every session imports, in addition to
// stdlib.Preloads.
var basePreloads = []string{"fmt", "strings", "strconv", "math", "sort", "time", "os", "errors", "context", "io"}

// preloads lists the imports a session starts with when Options.Preload is
// set: those of stdlib.Preloads and basePreloads that syms provides.
func preloads(syms interp.Exports) []preload {
	has := map[string]bool{}
	for k := range syms {
		has[path.Dir(k)] = true
	}
	var p []preload
	seen := map[string]bool{}
	add := func(name, pth string) {
		if has[pth] && !seen[name] {
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

// indexPackages maps each import path in syms to its "path/name" key.
func indexPackages(syms interp.Exports) map[string]string {
	idx := make(map[string]string, len(syms))
	for k := range syms {
		if k != "." {
			idx[path.Dir(k)] = k
		}
	}
	return idx
}

// pkgSymbols returns the symbol table of the package at pth and its key.
func (e *Engine) pkgSymbols(pth string) (map[string]reflect.Value, string, bool) {
	k, ok := e.pkgKeys[pth]
	if !ok {
		return nil, "", false
	}
	return e.syms[k], k, true
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
// (slices.Sort, Min, Max, ...) that symbol tables cannot carry.
func genericSources() []string { return stdlib.GenericSources }
