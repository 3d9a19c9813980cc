package repl

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	"github.com/specstress/specstress/kernel/repl/typecheck"
)

// declaration is one top-level declaration seen in a cell, kept for three
// uses: replaying the session into a fresh interpreter when a type, method
// or func is redefined; completion of names in scope; inspection of user
// definitions (their source and doc comment).
type declaration struct {
	kind string   // "func", "method", "type", "var" or "const"
	keys []string // names it declares: "f", "T", "T.M" for methods, "x"
	text string   // source fed to yaegi (rewritten), with its doc comment
	orig string   // source as the cell wrote it
	doc  string   // the doc comment's text
	sig  string   // the first line of the source, for completion metadata
	seq  int      // run that defined it
	line int      // position of text in that run
	col  int
}

// source returns the declaration as yaegi should see it, positioned in its cell.
func (d *declaration) source() string {
	return directive(d.seq, d.line, d.col) + d.text
}

// parseDeclarations returns the declarations of one top-level piece.
func parseDeclarations(text string, seq, line, col int) []*declaration {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+text, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil || len(f.Decls) == 0 {
		return nil
	}
	d := &declaration{text: text, orig: text, seq: seq, line: line, col: col}
	d.sig = strings.TrimSpace(firstCodeLine(text))
	switch x := f.Decls[0].(type) {
	case *ast.FuncDecl:
		d.doc = x.Doc.Text()
		if x.Recv != nil && len(x.Recv.List) == 1 {
			d.kind = "method"
			d.keys = []string{typecheck.RecvName(x.Recv.List[0].Type) + "." + x.Name.Name}
		} else {
			d.kind = "func"
			d.keys = []string{x.Name.Name}
		}
	case *ast.GenDecl:
		d.doc = x.Doc.Text()
		d.kind = x.Tok.String()
		for _, s := range x.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				d.keys = append(d.keys, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					if n.Name != "_" {
						d.keys = append(d.keys, n.Name)
					}
				}
			}
		}
	}
	return []*declaration{d}
}

// firstCodeLine returns the first line of text that is not a comment.
func firstCodeLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		return strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(t, "{")), " ")
	}
	return ""
}

// declLog is the ordered list of the session's live declarations, latest
// definition of each name only.
type declLog struct {
	list  []*declaration
	byKey map[string]*declaration
}

func newDeclLog() *declLog { return &declLog{byKey: map[string]*declaration{}} }

// changes reports whether recording d would change a func, method or type
// already defined differently, which yaegi would silently ignore (types,
// methods) or not propagate to callers compiled earlier (funcs).
func (l *declLog) changes(d *declaration) bool {
	if d.kind == "var" || d.kind == "const" {
		return false
	}
	for _, k := range d.keys {
		if old, ok := l.byKey[k]; ok && old.kind == d.kind && strings.TrimSpace(old.text) != strings.TrimSpace(d.text) {
			return true
		}
	}
	return false
}

// record adds d, replacing earlier definitions of its names.
func (l *declLog) record(d *declaration) {
	for _, k := range d.keys {
		old, ok := l.byKey[k]
		if !ok {
			continue
		}
		old.keys = removeString(old.keys, k)
		if len(old.keys) == 0 {
			l.remove(old)
		}
	}
	l.list = append(l.list, d)
	for _, k := range d.keys {
		l.byKey[k] = d
	}
}

// remove drops d from the log.
func (l *declLog) remove(d *declaration) {
	for i, x := range l.list {
		if x == d {
			l.list = append(l.list[:i], l.list[i+1:]...)
			break
		}
	}
	for _, k := range d.keys {
		if l.byKey[k] == d {
			delete(l.byKey, k)
		}
	}
}

func removeString(s []string, v string) []string {
	out := s[:0]
	for _, x := range s {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}
