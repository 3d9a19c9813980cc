package repl

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"strings"
	"sync"

	"github.com/specstress/specstress/kernel/repl/internal/yaegifix"
)

// Two yaegi v0.16.1 bugs of top-level statements, worked around one
// statement at a time when a statement run fails to compile (nothing of it
// ran then):
//
//   - `x := subs[1]`, where subs has a type from a compiled function, fails
//     with "constant definition loop". The right-hand sides are evaluated once
//     inside a closure that hands pointers to their values to the helper
//     (Keep), and x is declared with the static type found there:
//     `var x T = *Take(0).(*T)`.
//   - A multi-value := inside a top-level block statement (for, if, ...) fails
//     with "undefined: r". The statement is run wrapped in `func() { ... }()`.
//
// The statements before the failing one run first, those after it run after.

// keeper holds the values handed over by Keep until Take collects them.
type keeper struct {
	mu   sync.Mutex
	vals []any
}

func (k *keeper) keep(vals ...any) {
	k.mu.Lock()
	k.vals = vals
	k.mu.Unlock()
}

func (k *keeper) take(i int) any {
	k.mu.Lock()
	defer k.mu.Unlock()
	if i < 0 || i >= len(k.vals) {
		return nil
	}
	return k.vals[i]
}

func (k *keeper) snapshot() []any {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.vals
}

var undefinedName = lazyRegexp(`undefined: (\w+)`)

// retryTopLevel handles err, the compile error of the statement run text,
// for the two bugs above. It reports whether it handled the run (and the
// run's outcome); when not, nothing has run.
func (e *Engine) retryTopLevel(ctx context.Context, seq int, text string, line, col int, err error, depth int) (bool, error) {
	if depth > 32 {
		return false, nil
	}
	msg := err.Error()
	loop := strings.Contains(msg, "constant definition loop")
	undef := undefinedName().FindStringSubmatch(msg)
	if !loop && undef == nil {
		return false, nil
	}
	bad, _ := errorLineAny(msg)
	if bad == 0 {
		return false, nil
	}
	f, file, off, perr := yaegifix.ParseFragment(text, false)
	if perr != nil {
		return false, nil
	}
	at := func(p token.Pos) int { return file.Offset(p) - off }
	stmts := f.Decls[0].(*ast.FuncDecl).Body.List
	for i, s := range stmts {
		start, end := at(s.Pos()), at(s.End())
		if bad < line+yaegifix.LineOfOffset(text, start)-1 || bad > line+yaegifix.LineOfOffset(text, end)-1 {
			continue
		}
		var run func() (bool, error)
		switch {
		case loop:
			as, ok := s.(*ast.AssignStmt)
			if !ok || as.Tok != token.DEFINE {
				return false, nil
			}
			run = func() (bool, error) { return e.runTypedDefine(ctx, seq, text, line, col, as, at) }
		default:
			if !yaegifix.WrappableBlock(s, undef[1]) {
				return false, nil
			}
			run = func() (bool, error) {
				l, c := posIn(text, start, line, col)
				wrap := func(src string) string {
					return fmt.Sprintf("%s.Enter(%d); func() {%s\n}()", helperPkg, seq, src)
				}
				prog, _, cerr := e.compile(e.interp(), []part{{text[start:end], seq, l, c}}, false, wrap)
				if cerr != nil {
					cerr = e.clarify(cerr, text[start:end], l)
					if m := undefinedName().FindStringSubmatch(cerr.Error()); m != nil && m[1] == undef[1] {
						return false, nil
					}
					// Wrapped, the statement shows its real error.
					return true, cerr
				}
				return true, e.execute(ctx, prog, seq)
			}
		}
		// The statements before the failing one.
		if i > 0 {
			if err := e.runStmtsDepth(ctx, seq, text[:at(stmts[i-1].End())], line, col, depth+1); err != nil {
				return true, err
			}
		}
		handled, rerr := run()
		if !handled {
			if i == 0 {
				return false, nil
			}
			return true, e.clarify(err, text, line)
		}
		if rerr != nil || i == len(stmts)-1 {
			if rerr == nil {
				e.noteGlobals()
			}
			return true, rerr
		}
		next := at(stmts[i+1].Pos())
		l, c := posIn(text, next, line, col)
		return true, e.runStmtsDepth(ctx, seq, text[next:], l, c, depth+1)
	}
	return false, nil
}

// posIn returns the cell position of offset off in text, which starts at
// line:col of the cell.
func posIn(text string, off, line, col int) (int, int) {
	p := lineCol(text, off)
	if p.Line == 1 {
		return line, col + p.Column - 1
	}
	return line + p.Line - 1, p.Column
}

// in a closure and declaring each name with the static type of its value.
func (e *Engine) runTypedDefine(ctx context.Context, seq int, text string, line, col int, as *ast.AssignStmt, at func(token.Pos) int) (bool, error) {
	var names, tmps, ptrs []string
	for i, l := range as.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			return false, nil
		}
		names = append(names, id.Name)
		tmps = append(tmps, fmt.Sprintf("__v%d", i))
		ptrs = append(ptrs, fmt.Sprintf("&__v%d", i))
	}
	rs, re := at(as.Rhs[0].Pos()), at(as.Rhs[len(as.Rhs)-1].End())
	rl, rc := posIn(text, rs, line, col)
	wrap := func(src string) string {
		return fmt.Sprintf("%s.Enter(%d); %s.Keep(func() []any { %s := %s\n; return []any{%s} }()...)",
			helperPkg, seq, helperPkg, strings.Join(tmps, ", "), src, strings.Join(ptrs, ", "))
	}
	prog, _, err := e.compile(e.interp(), []part{{text[rs:re], seq, rl, rc}}, false, wrap)
	if err != nil {
		return false, nil
	}
	if err := e.execute(ctx, prog, seq); err != nil {
		return true, err
	}
	vals := e.helper.kept.snapshot()
	var decl []string
	for i, name := range names {
		if name == "_" {
			continue
		}
		var t reflect.Type
		if i < len(vals) && vals[i] != nil {
			if pt := reflect.TypeOf(vals[i]); pt.Kind() == reflect.Pointer {
				t = pt.Elem()
			}
		}
		e.mu.RLock()
		ts, ok := e.typeExpr(t, 0)
		e.mu.RUnlock()
		if !ok {
			l, c := posIn(text, at(as.Pos()), line, col)
			typ := "T"
			if t != nil && t.Name() != "" && t.PkgPath() != "" && !strings.HasPrefix(t.PkgPath(), "github.com/traefik/yaegi") {
				typ = fmt.Sprintf("%s (from %q)", t.String(), t.PkgPath())
			}
			return true, fmt.Errorf("%s: yaegi cannot infer the type of %s here; declare it with its type: var %s %s = ...",
				directiveText(seq, l, c), name, name, typ)
		}
		decl = append(decl, fmt.Sprintf("var %s %s = *%s.Take(%d).(*%s)", name, ts, helperPkg, i, ts))
	}
	if len(decl) == 0 {
		return true, nil
	}
	l, c := posIn(text, at(as.Pos()), line, col)
	wrapDecl := func(src string) string { return fmt.Sprintf("%s.Enter(%d); %s", helperPkg, seq, src) }
	prog, _, err = e.compile(e.interp(), []part{{strings.Join(decl, "; "), seq, l, c}}, false, wrapDecl)
	if err != nil {
		return true, err
	}
	return true, e.execute(ctx, prog, seq)
}

// typeExpr returns a type expression for t valid in the session, or false
// when there is none (types defined by the session or yaegi, packages not
// imported under their own name, unexported or generic types). Call with
// e.mu held.
func (e *Engine) typeExpr(t reflect.Type, depth int) (string, bool) {
	return e.typeExprIn(t, nil, depth)
}

// typeExprIn is typeExpr where sess names the reflect types of the
// session's struct types (see sessionTypes).
func (e *Engine) typeExprIn(t reflect.Type, sess map[reflect.Type]string, depth int) (string, bool) {
	if t == nil || depth > 8 {
		return "", false
	}
	if name, ok := sess[t]; ok {
		return name, true
	}
	if t.Name() != "" {
		s := t.String()
		if t.PkgPath() == "" {
			return s, !strings.ContainsAny(s, ".[")
		}
		pkg, name, ok := strings.Cut(s, ".")
		if !ok || strings.ContainsAny(name, ".[") || !token.IsExported(name) || e.imports[pkg] != t.PkgPath() {
			return "", false
		}
		return s, true
	}
	switch t.Kind() {
	case reflect.Pointer:
		el, ok := e.typeExprIn(t.Elem(), sess, depth+1)
		return "*" + el, ok
	case reflect.Slice:
		el, ok := e.typeExprIn(t.Elem(), sess, depth+1)
		return "[]" + el, ok
	case reflect.Array:
		el, ok := e.typeExprIn(t.Elem(), sess, depth+1)
		return fmt.Sprintf("[%d]%s", t.Len(), el), ok
	case reflect.Map:
		k, ok1 := e.typeExprIn(t.Key(), sess, depth+1)
		v, ok2 := e.typeExprIn(t.Elem(), sess, depth+1)
		return "map[" + k + "]" + v, ok1 && ok2
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return "any", true
		}
	case reflect.Func:
		var in, out []string
		for i := 0; i < t.NumIn(); i++ {
			s, ok := e.typeExprIn(t.In(i), sess, depth+1)
			if !ok {
				return "", false
			}
			if t.IsVariadic() && i == t.NumIn()-1 {
				s = "..." + strings.TrimPrefix(s, "[]")
			}
			in = append(in, s)
		}
		for i := 0; i < t.NumOut(); i++ {
			s, ok := e.typeExprIn(t.Out(i), sess, depth+1)
			if !ok {
				return "", false
			}
			out = append(out, s)
		}
		sig := "func(" + strings.Join(in, ", ") + ")"
		switch len(out) {
		case 0:
		case 1:
			sig += " " + out[0]
		default:
			sig += " (" + strings.Join(out, ", ") + ")"
		}
		return sig, true
	}
	return "", false
}

// retryVarDecl handles err, the compile error of the declaration run c, when
// it is yaegi's "constant definition loop" on a `var a, b = x, y` without a
// type: the declarations before it run, then it runs as the statement
// `a, b := x, y` (see runTypedDefine), then the declarations after it. It
// reports whether it handled the run; when not, nothing has run.
func (e *Engine) retryVarDecl(ctx context.Context, seq int, c chunk, err error) (bool, error) {
	msg := err.Error()
	if !strings.Contains(msg, "constant definition loop") {
		return false, nil
	}
	bad, _ := errorLineAny(msg)
	for i, p := range c.decls {
		if p.tok != token.VAR {
			continue
		}
		code := p.code - c.start
		end := p.end - c.start
		if bad < c.line+yaegifix.LineOfOffset(c.src, code)-1 || bad > c.line+yaegifix.LineOfOffset(c.src, end)-1 {
			continue
		}
		stmt, ok := yaegifix.VarAsDefine(c.src[code:end])
		if !ok {
			return false, nil
		}
		if i > 0 {
			before := c
			before.src = c.src[:c.decls[i-1].end-c.start]
			before.decls = c.decls[:i]
			if err := e.runDecls(ctx, seq, before); err != nil {
				return true, err
			}
		}
		l, col := posIn(c.src, code, c.line, c.col)
		if err := e.runStmts(ctx, seq, stmt, l, col); err != nil {
			return true, err
		}
		if i == len(c.decls)-1 {
			return true, nil
		}
		next := c.decls[i+1]
		after := chunk{kind: chunkDecl, src: c.src[next.start-c.start:], start: next.start, line: next.line, col: next.col, decls: c.decls[i+1:]}
		return true, e.runDecls(ctx, seq, after)
	}
	return false, nil
}
