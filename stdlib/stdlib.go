// Package stdlib holds the interpreter's symbol tables: yaegi exports of the
// Go standard library of this toolchain, gota, gonum, gonum/plot and the
// project's notebook-facing packages, with interface wrappers so that
// interpreted types satisfy compiled interfaces; the imports a session
// starts with (Preloads); and a doc index for inspection (Doc, Members) that
// works with no Go source on the machine, and the type information of the
// same packages for the cell type checker (ExportData, exportdata.zip).
//
// The std_*.go, ext_*.go and proj_*.go files, preloads_gen.go,
// toolchain_gen.go, wrapdeps_gen.go, exportdata.zip and docs/ are generated:
// run `go generate ./stdlib` after changing a dependency or a project
// package's exported API. A project package that does not compile (or whose
// table would not) is skipped with a warning, and its old table removed.
// The standard library's tables are kept while the Go release recorded in
// StdToolchain is the running one; `go run ./internal/gen/cmd -force` (from
// this directory) redoes them, and -groups std,ext,proj selects families.
// TestGeneratedFilesAreFresh fails when the committed files differ from a
// fresh generation.
//
// A table is built when first asked for (Table, Exports; see tables.go): a
// session Uses the packages it imports, with the tables their interface
// wrappers need (Needs), so start-up does not pay for ~190 maps of
// reflect.Values.
package stdlib

import "reflect"

//go:generate go run ./internal/gen/cmd

// MapTypes lists, for compiled functions taking an interface{} parameter,
// the interfaces whose methods yaegi must keep when an interpreted value is
// passed (fmt.Println calling String, display.Show calling HTML, ...). It
// travels in the Use entry "." (MapTypesExport) as yaegi's own stdlib does.
var MapTypes = map[reflect.Value][]reflect.Type{}

// Import is a package a session imports up front: Name is the identifier
// it is bound to, Path its import path.
type Import struct {
	Name string
	Path string
}
