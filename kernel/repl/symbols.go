package repl

import (
	"path"
	"reflect"

	"github.com/traefik/yaegi/interp"
	yaegistdlib "github.com/traefik/yaegi/stdlib"

	"github.com/specstress/specstress/stdlib"
)

// This file is the one seam between the engine and the symbol tables: the
// packages interpreted code can import, the imports a session starts with
// and the documentation index. Nothing else in the engine names a table.
//
// The project's tables (package stdlib) win; yaegi's own standard-library
// tables fill in packages the project's generation has not produced.

// symbols returns the binary packages interpreted code may import.
func symbols() interp.Exports {
	out := interp.Exports{}
	mapTypes := map[reflect.Value][]reflect.Type{}
	for _, src := range []map[string]map[string]reflect.Value{yaegistdlib.Symbols, stdlib.Symbols} {
		for k, v := range src {
			if k == "." {
				if mt, ok := v["MapTypes"].Interface().(map[reflect.Value][]reflect.Type); ok {
					for f, ts := range mt {
						mapTypes[f] = ts
					}
				}
				continue
			}
			out[k] = v
		}
	}
	out["."] = map[string]reflect.Value{"MapTypes": reflect.ValueOf(mapTypes)}
	return out
}

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

// members lists the exported members of the package at path, from syms.
func members(syms interp.Exports, pth string) []string {
	var out []string
	for k, v := range syms {
		if path.Dir(k) != pth {
			continue
		}
		for name := range v {
			if name != "" && name[0] != '_' {
				out = append(out, name)
			}
		}
	}
	return out
}
