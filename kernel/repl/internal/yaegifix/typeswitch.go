package yaegifix

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// BindTypeSwitches gives every type switch without a bound variable one:
// `switch v.(type)` becomes `switch __tsN := v.(type)`. yaegi matches an
// interface case (case Shape:) only in the bound form; unbound, such a case
// never matches.
func BindTypeSwitches(src string, decl bool) string {
	if !strings.Contains(src, ".(type)") {
		return src
	}
	f, file, off, err := ParseFragment(src, decl)
	if err != nil {
		return src
	}
	at := func(p token.Pos) int { return file.Offset(p) - off }
	var edits []Edit
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSwitchStmt)
		if !ok {
			return true
		}
		if es, ok := ts.Assign.(*ast.ExprStmt); ok {
			p := at(es.Pos())
			edits = append(edits, Edit{Start: p, End: p, Text: fmt.Sprintf("__ts%d := ", p)})
		}
		return true
	})
	return ApplyEdits(src, edits)
}
