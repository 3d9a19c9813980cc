package typecheck

import (
	"bytes"
	"fmt"
	"go/token"
	"go/types"
	"sync"

	"golang.org/x/tools/go/gcexportdata"

	"github.com/specstress/specstress/stdlib"
)

// The packages are decoded once per process, lazily, and shared by every
// session: a decoded package is complete and never changes afterwards (the
// decoder only adds objects to packages that are still incomplete, which no
// checker looks into), so concurrent checks may read them.
var (
	pkgMu   sync.Mutex
	pkgs    = map[string]*types.Package{} // complete and partial packages, by path
	done    = map[string]bool{}           // paths decoded in full
	pkgFset = token.NewFileSet()          // positions of imported objects (none are kept)
)

// exportData returns the encoded type information of a package; a
// variable so tests can count the decodes.
var exportData = stdlib.ExportData

// errNoTypes marks a package the symbol tables do not have: the type
// checker cannot judge code importing it, the interpreter will report it.
type errNoTypes struct{ path string }

func (e errNoTypes) Error() string {
	return fmt.Sprintf("no type information for %q (not in the symbol tables)", e.path)
}

// importPackage returns the complete package at path.
func importPackage(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	pkgMu.Lock()
	defer pkgMu.Unlock()
	if done[path] {
		return pkgs[path], nil
	}
	data, ok, err := exportData(path)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errNoTypes{path}
	}
	pkg, err := gcexportdata.Read(bytes.NewReader(data), pkgFset, pkgs, path)
	if err != nil {
		return nil, fmt.Errorf("decode type information of %s: %w", path, err)
	}
	done[path] = true
	return pkg, nil
}

// importer is the types.Importer of one check: it remembers the packages it
// could not provide, which make the check unsure rather than wrong.
type importer struct {
	missing []string
	failed  []error
}

func (im *importer) Import(path string) (*types.Package, error) {
	pkg, err := importPackage(path)
	if err != nil {
		if _, ok := err.(errNoTypes); ok {
			im.missing = append(im.missing, path)
		} else {
			im.failed = append(im.failed, err)
		}
		return nil, err
	}
	return pkg, nil
}

// Prefetch decodes the type information of the packages at paths in the
// background, so that a process which knows its imports before its engine
// is ready (`specstress run`) decodes them while the interpreter starts
// instead of in its first check. A package it cannot decode is left for
// the check to report.
func Prefetch(paths ...string) {
	if len(paths) == 0 {
		return
	}
	go func() {
		for _, p := range paths {
			_, _ = importPackage(p) // an error is the check's to report
		}
	}()
}
