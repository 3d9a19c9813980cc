package gen

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// FingerprintFile is the file, beside the tables, that records the
// fingerprint of the inputs they were generated from.
const FingerprintFile = "fingerprint_gen.txt"

// Fingerprint hashes what the third-party and project tables and their doc
// indexes are made from: the Go minor version, the generator's source,
// go.mod and go.sum (the versions of the third-party packages), and the
// exported API of every project package with its doc comments (function
// bodies and unexported declarations left out, so that a change inside a
// function does not make the tables stale). It takes a fraction of a second,
// where regenerating takes a minute: the freshness test compares it, and CI
// regenerates in full.
func Fingerprint(root string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "go %s\n", GoMinor())
	for _, f := range []string{"go.mod", "go.sum"} {
		if err := hashFile(h, root, f); err != nil {
			return "", err
		}
	}
	genDir := filepath.Join(root, "stdlib", "internal", "gen")
	var src []string
	err := filepath.WalkDir(genDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			src = append(src, p)
		}
		return err
	})
	if err != nil {
		return "", fmt.Errorf("fingerprint: generator source: %w", err)
	}
	sort.Strings(src)
	for _, p := range src {
		rel, _ := filepath.Rel(root, p)
		if err := hashFile(h, root, rel); err != nil {
			return "", err
		}
	}
	for _, pkg := range Project {
		if err := hashAPI(h, filepath.Join(root, pkg), pkg); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashFile(h hash.Hash, root, rel string) error {
	data, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		return fmt.Errorf("fingerprint: %w", err)
	}
	fmt.Fprintf(h, "file %s %d\n", filepath.ToSlash(rel), len(data))
	h.Write(data)
	return nil
}

// hashAPI writes the exported declarations of the package in dir, with
// their comments, to h, file by file in name order. A package that is
// missing contributes its absence (the generator skips it too).
func hashAPI(h hash.Hash, dir, pkg string) error {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		fmt.Fprintf(h, "package %s missing\n", pkg)
		return nil
	}
	if err != nil {
		return fmt.Errorf("fingerprint: %w", err)
	}
	fmt.Fprintf(h, "package %s\n", pkg)
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.ParseComments)
		if err != nil {
			// A broken package is skipped by the generator; its text
			// still decides the fingerprint.
			if err := hashFile(h, filepath.Dir(dir), filepath.Join(filepath.Base(dir), n)); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(h, "file %s\n", n)
		writeAPI(h, fset, f)
	}
	return nil
}

// writeAPI prints the file's exported declarations without function bodies,
// with the comments outside bodies.
func writeAPI(h hash.Hash, fset *token.FileSet, f *ast.File) {
	var bodies [][2]token.Pos
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
			bodies = append(bodies, [2]token.Pos{fd.Body.Pos(), fd.Body.End()})
		}
	}
	inBody := func(p token.Pos) bool {
		for _, b := range bodies {
			if p >= b[0] && p < b[1] {
				return true
			}
		}
		return false
	}
	var comments []*ast.CommentGroup
	for _, c := range f.Comments {
		if !inBody(c.Pos()) {
			comments = append(comments, c)
		}
	}
	ast.FileExports(f)
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			fd.Body = nil
		}
		printer.Fprint(h, fset, &printer.CommentedNode{Node: d, Comments: comments})
		h.Write([]byte{'\n'})
	}
}
