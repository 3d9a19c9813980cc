// Package typecheck type-checks notebook cells with go/types before the
// interpreter sees them, so that code Go rejects is rejected with Go's own
// message at its cell position, and gives the session's type information to
// completion and inspection.
//
// A cell is checked as a Go file of package main: its imports, types,
// consts, funcs and methods at package level, its statements and var
// declarations in order as the body of a function, so that := and var at
// the top level of a cell declare session variables while := in blocks and
// loop variables stay local (Go's scoping). Another file holds the session:
// the imports (the preloads implicitly), types, consts, func signatures and
// variables of the cells accepted before. A cell's declarations replace
// earlier ones of the same name. The types of packages come from the
// compiler's export data generated beside the interpreter's symbol tables
// (stdlib.ExportData), so generic functions are checked and their inferred
// type arguments recorded.
//
// When the checker cannot judge a cell (a package without type information,
// a failure of the checker, a name declared by a cell it could not judge) it
// accepts the cell and says why in Result.Unsure: the interpreter then
// reports what is wrong, and valid code is never refused by mistake.
package typecheck

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Import is a package bound to a name in every cell.
type Import struct{ Name, Path string }

// Diagnostic is an error Go reports for a cell, at a 1-based line and byte
// column of the cell.
type Diagnostic struct {
	Line, Col int
	Msg       string
}

func (d Diagnostic) String() string { return fmt.Sprintf("%d:%d: %s", d.Line, d.Col, d.Msg) }

// maxErrors is how many errors a cell reports, as the Go compiler does.
const maxErrors = 10

// Result is the outcome of checking one cell.
type Result struct {
	// Errors are Go's errors in the cell, in position order; empty when Go
	// accepts the cell.
	Errors []Diagnostic
	// Unsure says why the cell was not judged (and so is accepted);
	// empty when it was.
	Unsure string
	// Syntax is set when the cell does not parse: the interpreter reports it.
	Syntax bool
	// Notes are errors outside the cell (in the session's declarations)
	// that did not stop the check.
	Notes []string

	// Fset, File, Info and Pkg are the checked cell, for completion and
	// inspection: File is the cell as a Go file (positions map to the cell
	// through line directives: use Position), Info its type information
	// (Types, Defs, Uses, Implicits, Selections, Instances, Scopes).
	Fset *token.FileSet
	File *ast.File
	Info *types.Info
	Pkg  *types.Package

	cell     *cellAST
	unknown  []string // names a cell that does not parse may have declared
	bodyVars map[string]types.Type
	text     string
}

// Position returns the cell position of pos, ok false outside the cell.
func (r *Result) Position(pos token.Pos) (line, col int, ok bool) {
	if r.Fset == nil || !pos.IsValid() {
		return 0, 0, false
	}
	p := r.Fset.PositionFor(pos, true)
	return p.Line, p.Column, p.Filename == cellFileName
}

// Err returns the errors as one error, nil when there are none.
func (r *Result) Err() error {
	if len(r.Errors) == 0 {
		return nil
	}
	return CheckError(r.Errors)
}

// CheckError is the errors Go reports for a cell.
type CheckError []Diagnostic

func (e CheckError) Error() string {
	lines := make([]string, len(e))
	for i, d := range e {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// Stats counts what a session's checker did.
type Stats struct {
	Checked  int // cells judged
	Rejected int // cells judged wrong
	Unsure   int // cells accepted without judgement
	Syntax   int // cells that did not parse
}

// Session is the checker of one Go session. Its methods may be called
// concurrently; Check and Commit are meant to be called in cell order.
type Session struct {
	mu      sync.Mutex
	st      *state
	unknown map[string]bool // names declared by cells not judged
	scope   *types.Scope    // package scope of the last committed check
	stats   Stats
	last    *Result // of the latest Check
	version int     // counts commits: the session's state changes with each
	cache   *sessionCache
}

// Last returns the result of the latest Check (nil before the first): the
// running cell's type information, such as the type arguments go/types
// inferred for its generic calls (Info.Instances).
func (s *Session) Last() *Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

// goVersion is the language version cells are checked against: the
// toolchain's, which the export data and symbol tables were generated with.
var goVersion = func() string {
	parts := strings.SplitN(runtime.Version(), ".", 3)
	if len(parts) < 2 || !strings.HasPrefix(parts[0], "go") {
		return ""
	}
	minor := strings.TrimRightFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' })
	if i := strings.IndexAny(minor, "rcbeta"); i > 0 {
		minor = minor[:i]
	}
	return parts[0] + "." + minor
}()

// New returns the checker of a session whose cells see the packages of
// preloads under their names without importing them.
func New(preloads []Import) *Session {
	s := &Session{st: newState(), unknown: map[string]bool{}}
	for _, p := range preloads {
		s.st.imports[p.Name] = p.Path
	}
	return s
}

// Stats returns the counts so far.
func (s *Session) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Check type-checks a cell against the session. It never panics.
func (s *Session) Check(src string) (r *Result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r = &Result{}
	s.last = r
	defer func() {
		if p := recover(); p != nil {
			r.Errors = nil
			r.Unsure = fmt.Sprintf("the type checker failed: %v", p)
		}
		switch {
		case r.Syntax:
			s.stats.Syntax++
		case r.Unsure != "":
			s.stats.Unsure++
		default:
			s.stats.Checked++
			if len(r.Errors) > 0 {
				s.stats.Rejected++
			}
		}
	}()
	pieces := splitPieces(src)
	cs := buildCell(src, pieces)
	r.text = cs.text
	fset := s.checkFset()
	f, err := parser.ParseFile(fset, "wrapper", cs.text, parser.SkipObjectResolution)
	if err != nil {
		r.Syntax = true
		r.Unsure = "the cell does not parse: " + err.Error()
		r.unknown = namesBeforeSyntaxError(src, pieces)
		return r
	}
	c := analyse(fset, f)
	r.cell = c
	r.Fset, r.File = fset, f
	exclude := map[string]bool{}
	for n := range c.pkgNames {
		exclude[n] = true
	}
	for k := range c.methodKeys {
		exclude[k] = true
	}
	// Pass 1: the package-level declarations and the body. When a func of
	// the cell uses one of the cell's top-level variables, whose types are
	// known only after this pass, its body waits for pass 2.
	stubbed := map[*ast.FuncDecl]*ast.BlockStmt{}
	if c.funcsUseBodyNames() {
		for _, fd := range c.funcs {
			if fd.Body != nil {
				stubbed[fd] = fd.Body
				fd.Body = nil
			}
		}
	}
	p1 := s.run(fset, f, c, exclude, nil, true)
	for fd, b := range stubbed {
		fd.Body = b
	}
	if p1.unsure != "" {
		r.Unsure = p1.unsure
		return r
	}
	r.Info, r.Pkg = p1.info, p1.pkg
	errs := p1.errs
	r.bodyVars = c.bodyVarTypes(p1.info)
	if len(stubbed) > 0 {
		for n := range c.bodyNames {
			exclude[n] = true
		}
		p2 := s.run(fset, f, c, exclude, r.bodyVars, false)
		if p2.unsure != "" {
			r.Unsure = p2.unsure
			return r
		}
		for _, e := range p2.errs {
			for fd := range stubbed {
				if fd.Pos() <= e.Pos && e.Pos < fd.End() {
					errs = append(errs, e)
					break
				}
			}
		}
		mergeInfo(r.Info, p2.info)
	}
	// A name declared by a cell the checker could not judge is undefined
	// here: the cell cannot be judged either.
	for _, e := range errs {
		if n, ok := strings.CutPrefix(e.Msg, "undefined: "); ok && s.unknown[n] {
			r.Unsure = fmt.Sprintf("the cell uses %s, declared by a cell the checker could not judge", n)
			return r
		}
	}
	r.Errors, r.Notes = s.judge(fset, c, errs, stubbed)
	return r
}

// pass is the outcome of one run of go/types.
type pass struct {
	errs   []types.Error
	info   *types.Info
	pkg    *types.Package
	unsure string
}

// run checks the session and the cell: with the cell's body (pass 1) or
// without it but with the cell's top-level variables at package level
// (pass 2).
func (s *Session) run(fset *token.FileSet, f *ast.File, c *cellAST, exclude map[string]bool, extra map[string]types.Type, withBody bool) pass {
	sf, sessFile, err := s.sessionAST(fset, exclude, extra)
	if err != nil {
		return pass{unsure: "the session's declarations do not parse: " + err.Error()}
	}

	// The cell imports the preloads and earlier imports it uses, unless it
	// imports or declares that name itself.
	var cellImports []importSpec
	for _, n := range sortedKeys(c.selBases) {
		p, ok := s.st.imports[n]
		if !ok || c.imported[n] || c.pkgNames[n] || sf.names[n] || !withBody && c.bodyNames[n] {
			continue
		}
		cellImports = append(cellImports, importSpec{n, p})
	}
	// Dot imports of earlier cells stay in effect.
	for _, p := range sortedKeys(s.st.dots) {
		cellImports = append(cellImports, importSpec{".", p})
	}
	cf := *f
	cf.Decls = nil
	for _, d := range withImports(f, cellImports) {
		if fd, ok := d.(*ast.FuncDecl); ok && fd == c.body && !withBody {
			continue
		}
		cf.Decls = append(cf.Decls, d)
	}

	im := &importer{}
	var errs []types.Error
	conf := types.Config{
		Importer:  im,
		GoVersion: goVersion,
		Sizes:     types.SizesFor("gc", runtime.GOARCH),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				errs = append(errs, te)
			}
		},
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Instances:  map[*ast.Ident]types.Instance{},
		Scopes:     map[ast.Node]*types.Scope{},
	}
	pkg := types.NewPackage("main", "main")
	for _, v := range sf.preset {
		pkg.Scope().Insert(types.NewVar(token.NoPos, pkg, v.name, v.typ))
	}
	_ = types.NewChecker(&conf, fset, pkg, info).Files([]*ast.File{sessFile, &cf})
	if len(im.missing) > 0 {
		return pass{unsure: fmt.Sprintf("no type information for %s", strings.Join(im.missing, ", "))}
	}
	if len(im.failed) > 0 {
		return pass{unsure: fmt.Sprintf("importing failed: %v", im.failed[0])}
	}
	return pass{errs: errs, info: info, pkg: pkg}
}

// judge keeps the errors Go reports for the cell as a notebook cell: not
// unused imports (a cell may import for later cells), not unused top-level
// variables (they are session state), not the cell's final expression
// statement (its value is the cell's result). Errors outside the cell
// become notes.
func (s *Session) judge(fset *token.FileSet, c *cellAST, errs []types.Error, stubbed map[*ast.FuncDecl]*ast.BlockStmt) (out []Diagnostic, notes []string) {
	seen := map[Diagnostic]bool{}
	errs = joinContinuations(fset, errs)
	for _, e := range errs {
		p := fset.PositionFor(gcPos(c.file, e), true)
		if p.Filename != cellFileName {
			// Session funcs are kept without bodies: a generic one says so.
			if !strings.Contains(e.Msg, "imported and not used") && !strings.Contains(e.Msg, "imported as") &&
				!strings.HasPrefix(e.Msg, "generic function is missing function body") {
				notes = append(notes, fmt.Sprintf("%s: %s", p, e.Msg))
			}
			continue
		}
		switch {
		case strings.Contains(e.Msg, "imported and not used") || strings.HasPrefix(e.Msg, "\"") && strings.HasSuffix(e.Msg, "and not used"):
			continue
		case strings.HasPrefix(e.Msg, "declared and not used") && c.topPos[e.Pos]:
			continue
		case strings.HasSuffix(e.Msg, " is not used") && c.lastExpr != nil && c.lastExpr.Pos() <= e.Pos && e.Pos < c.lastExpr.End():
			continue
		case strings.HasPrefix(e.Msg, "generic function is missing function body") && stubbedAt(stubbed, e.Pos):
			continue
		}
		d := Diagnostic{Line: p.Line, Col: p.Column, Msg: cellRefs(gcMessage(e.Msg))}
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Col < out[j].Col
	})
	if len(out) > maxErrors {
		out = out[:maxErrors]
	}
	return out, notes
}

var (
	cellRef    = regexp.MustCompile(`\bcell:(\d+):(\d+)`)
	sessionRef = regexp.MustCompile(`\b(session|wrapper):\d+:\d+`)
)

// cellRefs rewrites the positions go/types puts in messages ("declared at
// cell:3:6") as a notebook reader can use them.
func cellRefs(msg string) string {
	msg = cellRef.ReplaceAllString(msg, "line $1:$2")
	return sessionRef.ReplaceAllString(msg, "an earlier cell")
}

func stubbedAt(stubbed map[*ast.FuncDecl]*ast.BlockStmt, pos token.Pos) bool {
	for fd := range stubbed {
		if fd.Pos() <= pos && pos < fd.End() {
			return true
		}
	}
	return false
}

// mergeInfo adds the entries of b to a.
func mergeInfo(a, b *types.Info) {
	for k, v := range b.Types {
		a.Types[k] = v
	}
	for k, v := range b.Defs {
		if v != nil || a.Defs[k] == nil {
			a.Defs[k] = v
		}
	}
	for k, v := range b.Uses {
		a.Uses[k] = v
	}
	for k, v := range b.Implicits {
		a.Implicits[k] = v
	}
	for k, v := range b.Selections {
		a.Selections[k] = v
	}
	for k, v := range b.Instances {
		a.Instances[k] = v
	}
	for k, v := range b.Scopes {
		a.Scopes[k] = v
	}
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
