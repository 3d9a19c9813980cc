package stdlib

import (
	"compress/gzip"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"sync"
)

// Entry documents one package member: its declaration as Go source and its
// doc comment.
type Entry struct {
	Signature string `json:"s"`
	Doc       string `json:"d,omitempty"`
}

// docFiles holds one gzip'd JSON index per package, generated with go/doc
// next to the symbol tables so that inspection needs no Go source.
//
//go:embed docs
var docFiles embed.FS

// docIndex is the decoded index of one package.
type docIndex struct {
	Path    string           `json:"path"`
	Name    string           `json:"name"`
	Entries map[string]Entry `json:"entries"`
}

// docCache keeps decoded indexes: decoding is deferred to the first lookup
// in a package so that importing stdlib costs nothing, and the result is
// immutable embedded data, so sharing it process-wide is safe.
var docCache sync.Map // import path -> *docIndex (nil when absent)

// Doc returns the documentation of name in the package with import path
// pkgPath: "Func", "Type", "Var", "Const", "Type.Method" (methods of
// interfaces included), or "" for the package comment.
func Doc(pkgPath, name string) (Entry, bool) {
	idx := loadDoc(pkgPath)
	if idx == nil {
		return Entry{}, false
	}
	e, ok := idx.Entries[name]
	return e, ok
}

// DocNames lists the documented names of a package ("Type.Method"
// included), sorted; nil when the package has no index.
func DocNames(pkgPath string) []string {
	idx := loadDoc(pkgPath)
	if idx == nil {
		return nil
	}
	names := make([]string, 0, len(idx.Entries))
	for n := range idx.Entries {
		if n != "" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

func loadDoc(pkgPath string) *docIndex {
	if v, ok := docCache.Load(pkgPath); ok {
		return v.(*docIndex)
	}
	idx, err := readDoc(pkgPath)
	if err != nil {
		idx = nil
	}
	v, _ := docCache.LoadOrStore(pkgPath, idx)
	return v.(*docIndex)
}

func readDoc(pkgPath string) (*docIndex, error) {
	name := "docs/" + fileBase(pkgPath) + ".json.gz"
	f, err := docFiles.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var idx docIndex
	if err := json.Unmarshal(raw, &idx); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &idx, nil
}

// module is this module's path: its packages' files are named proj_*.
const module = "github.com/specstress/specstress"

// fileBase mirrors the generator's file naming (internal/gen.FileBase).
func fileBase(p string) string {
	r := strings.NewReplacer("/", "_", ".", "_", "-", "_", "~", "_")
	switch {
	case strings.HasPrefix(p, module+"/"):
		return "proj_" + r.Replace(strings.TrimPrefix(p, module+"/"))
	case !strings.Contains(strings.Split(p, "/")[0], "."):
		return "std_" + r.Replace(p)
	}
	return "ext_" + r.Replace(p)
}

// Members lists the exported names of the package with import path pkgPath
// that the interpreter knows (funcs, types, vars, consts), sorted; nil for
// an unknown package. It builds the package's table if no one has yet.
func Members(pkgPath string) []string {
	syms := Table(pkgPath)
	if syms == nil {
		return nil
	}
	names := make([]string, 0, len(syms))
	for n := range syms {
		if !strings.HasPrefix(n, "_") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// PackageName returns the name a package declares (the last element of its
// table's "path/name" key), or "" for an unknown package. It builds no
// table.
func PackageName(pkgPath string) string {
	key, ok := Key(pkgPath)
	if !ok {
		return ""
	}
	return path.Base(key)
}
