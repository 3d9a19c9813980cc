package stdlib

import (
	"path"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// The generated tables register constructors instead of filling a map at
// init: a table of reflect.Values is built the first time something asks
// for its package (an import in a session, completion, inspection), so a
// program linking this package pays at start-up for a registry of ~190
// constructors, not for ~190 maps.

// table is one package's registered table.
type table struct {
	key   string // "importpath/pkgname", as yaegi's Use expects
	build func() map[string]reflect.Value
	once  sync.Once
	syms  map[string]reflect.Value
}

// tables maps an import path to its table; filled by the generated init
// functions, read-only afterwards.
var tables = map[string]*table{}

// register records the constructor of the table of the package with key
// "importpath/pkgname". The generated tables call it from init.
func register(key string, build func() map[string]reflect.Value) {
	p := path.Dir(key)
	if _, dup := tables[p]; dup {
		panic("stdlib: two tables for " + p)
	}
	tables[p] = &table{key: key, build: build}
}

// symbols returns the table, building it once. The map is shared: yaegi's
// Use copies from it and nothing writes to it.
func (t *table) symbols() map[string]reflect.Value {
	t.once.Do(func() { t.syms = t.build() })
	return t.syms
}

// Paths lists the import paths of the packages that have a table, sorted.
// It builds no table.
func Paths() []string {
	ps := make([]string, 0, len(tables))
	for p := range tables {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

// Key returns the "importpath/pkgname" key of the table of the package at
// pkgPath, as yaegi's Interpreter.Use expects it, and whether there is one.
// It builds no table.
func Key(pkgPath string) (string, bool) {
	t, ok := tables[pkgPath]
	if !ok {
		return "", false
	}
	return t.key, true
}

// Table returns the exported symbols of the package at pkgPath, building
// them on the first call; nil for a package without a table. Treat the map
// as read-only.
func Table(pkgPath string) map[string]reflect.Value {
	t, ok := tables[pkgPath]
	if !ok {
		return nil
	}
	return t.symbols()
}

// Exports returns the tables of the packages at paths, keyed as
// Interpreter.Use expects, building them as needed; paths without a table
// are left out. It adds neither dependencies (see Needs) nor MapTypes (see
// MapTypesExport).
func Exports(paths ...string) map[string]map[string]reflect.Value {
	ex := make(map[string]map[string]reflect.Value, len(paths))
	for _, p := range paths {
		if t, ok := tables[p]; ok {
			ex[t.key] = t.symbols()
		}
	}
	return ex
}

// MapTypesExport is the Use entry "." carrying MapTypes, as yaegi's own
// stdlib passes it.
func MapTypesExport() map[string]map[string]reflect.Value {
	return map[string]map[string]reflect.Value{".": {"MapTypes": reflect.ValueOf(MapTypes)}}
}

// All returns every table, built, with the MapTypes entry: what an
// interpreter that may import anything without further calls to Use needs.
// It costs what the lazy registry saves; sessions use Needs and Exports.
func All() map[string]map[string]reflect.Value {
	ex := Exports(Paths()...)
	ex["."] = MapTypesExport()["."]
	return ex
}

// pkgDeps is one row of the generated wrapperDeps.
type pkgDeps struct {
	path string
	deps []string
}

// Needs returns the packages whose tables an interpreter must have for
// interpreted code to import the packages at paths: each of them, and the
// packages of the compiled interfaces an interpreted value may be converted
// to through their APIs, whose wrappers yaegi looks up in the interface's
// own table (wrapperDeps, and the interfaces MapTypes lists for their
// functions). The result is sorted; paths without a table are left out.
func Needs(paths ...string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if _, ok := tables[p]; ok && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	mt := mapTypeDeps()
	for _, p := range paths {
		add(p)
		for _, d := range wrapperDepsOf(p) {
			add(d)
		}
		for _, d := range mt[p] {
			add(d)
		}
	}
	sort.Strings(out)
	return out
}

// wrapperDepsOf looks p up in the generated wrapperDeps.
func wrapperDepsOf(p string) []string {
	i := sort.Search(len(wrapperDeps), func(i int) bool { return wrapperDeps[i].path >= p })
	if i < len(wrapperDeps) && wrapperDeps[i].path == p {
		return wrapperDeps[i].deps
	}
	return nil
}

var (
	mapTypeDepsOnce sync.Once
	mapTypeDepsMap  map[string][]string
)

// mapTypeDeps maps the package of each function with a MapTypes entry to
// the packages of the interfaces listed for it (json.Marshal needs
// encoding's TextMarshaler wrapper). Computed once, on first use.
func mapTypeDeps() map[string][]string {
	mapTypeDepsOnce.Do(func() {
		m := map[string][]string{}
		for fn, types := range MapTypes {
			if fn.Kind() != reflect.Func {
				continue
			}
			f := runtime.FuncForPC(fn.Pointer())
			if f == nil {
				continue
			}
			owner := funcPackage(f.Name())
			for _, t := range types {
				if p := t.PkgPath(); p != "" && p != owner {
					m[owner] = append(m[owner], p)
				}
			}
		}
		mapTypeDepsMap = m
	})
	return mapTypeDepsMap
}

// funcPackage returns the import path in a runtime function name such as
// "encoding/json.Marshal" or "log.(*Logger).Print".
func funcPackage(name string) string {
	slash := strings.LastIndexByte(name, '/')
	dot := strings.IndexByte(name[slash+1:], '.')
	if dot < 0 {
		return name
	}
	return name[:slash+1+dot]
}
