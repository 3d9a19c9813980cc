package yaegifix

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"
)

// Every rewrite here replaces text on a single line with text free of
// newlines, so the line numbers of errors and panics still match the cell.

// Helper is the import name under which the engine's session imports its
// compiled helper package (Show, Go, Enter, Defer, Keep, MapsCloneInto ...).
// Rewrites that hand work to the helper call it by this name; the leading
// underscores keep it out of the user's way.
const Helper = "__specstress"

// prefix is the text wrapped around a fragment so go/parser accepts it:
// declarations parse as a file, statements as a function body.
func prefix(decl bool) string {
	if decl {
		return "package p;"
	}
	return "package p;func _(){"
}

// ParseFragment parses a run of declarations (decl) or of statements, which
// are parsed as the body of a function. The returned offset is the length
// of the text prepended to src: file.Offset(pos)-off is an offset in src.
func ParseFragment(src string, decl bool) (*ast.File, *token.File, int, error) {
	pre := prefix(decl)
	text := pre + src
	if !decl {
		text += "\n}"
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", text, parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, 0, err
	}
	return f, fset.File(f.Pos()), len(pre), nil
}

// Edit replaces src[Start:End] with Text.
type Edit struct {
	Start, End int
	Text       string
	// Sure marks a range-over-int rewrite whose range expression is
	// certainly an integer (see RangeCandidates).
	Sure bool
}

// ApplyEdits applies non-overlapping edits to src.
func ApplyEdits(src string, edits []Edit) string {
	sort.Slice(edits, func(i, j int) bool { return edits[i].Start > edits[j].Start })
	for _, e := range edits {
		src = src[:e.Start] + e.Text + src[e.End:]
	}
	return src
}

// LineOfOffset returns the 1-based line of a byte offset in src.
func LineOfOffset(src string, off int) int {
	return 1 + strings.Count(src[:min(off, len(src))], "\n")
}

// HelperCall replaces stmt (a go or defer statement of src, whose fragment
// starts at file offset off) by a call of the helper's fn, or of fn+"Slice"
// when the call spreads a slice, passing the called function and its
// arguments as written: `go f(a, b)` becomes `__specstress.Go(f, a, b)`.
func HelperCall(src string, file *token.File, off int, stmt ast.Node, call *ast.CallExpr, fn string) string {
	at := func(p token.Pos) int { return file.Offset(p) - off }
	text := func(n ast.Node) string { return src[at(n.Pos()):at(n.End())] }
	if call.Ellipsis.IsValid() {
		fn += "Slice"
	}
	args := []string{text(call.Fun)}
	for _, a := range call.Args {
		args = append(args, text(a))
	}
	repl := fmt.Sprintf("%s.%s(%s)", Helper, fn, strings.Join(args, ", "))
	return ApplyEdits(src, []Edit{{Start: at(stmt.Pos()), End: at(stmt.End()), Text: repl}})
}
