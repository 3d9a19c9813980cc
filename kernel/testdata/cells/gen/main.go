// Command gen derives the expected outputs of the cell suite by running it
// as Go programs with the go toolchain. It reads suite.txt (sessions of
// cells), and for every cell k of a session builds the program a Go
// programmer would write for cells 1..k: their declarations at package level
// (the latest definition of each name, as cell k sees them), their
// statements in order in func main, each cell's trailing expression printed
// with %#v. It runs the program with `go run`, cuts out what cell k printed,
// and writes suite.json with the code and Go's output of every cell.
//
// Run from the repository root: go run ./kernel/testdata/cells/gen
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Cell is one cell of the suite with what Go gives for it.
type Cell struct {
	Name string `json:"name"`
	Code string `json:"code"`
	// Stdout is what the cell prints; Result the %#v text of its trailing
	// expression (empty when it has none).
	Stdout string `json:"stdout"`
	Result string `json:"result,omitempty"`
	// Error is set when Go rejects the cell (compile error) or it panics:
	// a line of Go's message the kernel's error must contain.
	Error string `json:"error,omitempty"`
	// Limit is set for a cell the kernel refuses before running it,
	// naming an interpreter limitation: a text the refusal contains.
	Limit string `json:"limit,omitempty"`
	// Pending is set for a cell the kernel does not yet get right, with
	// the reason; it counts against the pass rate without failing the run.
	Pending string `json:"pending,omitempty"`
}

// Session is a sequence of cells run in one kernel.
type Session struct {
	Name  string `json:"name"`
	Cells []Cell `json:"cells"`
}

// preloaded maps the kernel's preloaded import names to their paths.
var preloaded = map[string]string{
	"fmt": "fmt", "strings": "strings", "strconv": "strconv", "math": "math", "sort": "sort",
	"os": "os", "io": "io", "time": "time", "errors": "errors", "context": "context",
	"bytes": "bytes", "regexp": "regexp", "slices": "slices", "maps": "maps",
	"rand": "math/rand/v2", "filepath": "path/filepath", "json": "encoding/json",
	"dataframe": "github.com/go-gota/gota/dataframe", "series": "github.com/go-gota/gota/series",
	"stat": "gonum.org/v1/gonum/stat", "floats": "gonum.org/v1/gonum/floats",
	"mat": "gonum.org/v1/gonum/mat", "distuv": "gonum.org/v1/gonum/stat/distuv",
	"plot": "gonum.org/v1/plot", "plotter": "gonum.org/v1/plot/plotter",
	"vg": "gonum.org/v1/plot/vg", "draw": "gonum.org/v1/plot/vg/draw",
	"plotutil": "gonum.org/v1/plot/plotutil", "vgimg": "gonum.org/v1/plot/vg/vgimg",
	"display":  "github.com/specstress/specstress/kernel/display",
	"pipeline": "github.com/specstress/specstress/pipeline",
	"dataset":  "github.com/specstress/specstress/pipeline/dataset",
	"simulate": "github.com/specstress/specstress/pipeline/simulate",
	"analysis": "github.com/specstress/specstress/pipeline/analysis",
	"taxonomy": "github.com/specstress/specstress/pipeline/taxonomy",
	"plots":    "github.com/specstress/specstress/plots",
}

func main() {
	dir := "kernel/testdata/cells"
	sessions, err := readSuite(filepath.Join(dir, "suite.txt"))
	if err != nil {
		fail(err)
	}
	tmp, err := os.MkdirTemp(".", ".cellgen")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(tmp)
	for si := range sessions {
		s := &sessions[si]
		for k := range s.Cells {
			if err := expect(tmp, s, k); err != nil {
				fail(fmt.Errorf("session %s cell %s: %w", s.Name, s.Cells[k].Name, err))
			}
			fmt.Fprintf(os.Stderr, "%s/%s: %q %q %q\n", s.Name, s.Cells[k].Name, s.Cells[k].Stdout, s.Cells[k].Result, s.Cells[k].Error)
		}
	}
	b, err := json.MarshalIndent(sessions, "", "  ")
	if err != nil {
		fail(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "suite.json"), append(b, '\n'), 0o644); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}

var header = regexp.MustCompile(`^--- cell (\S+)(?: limit="([^"]*)")?(?: pending="([^"]*)")?$`)

// readSuite parses suite.txt: "### session NAME" starts a session,
// `--- cell NAME [limit="..."] [pending="..."]` a cell whose code follows.
func readSuite(path string) ([]Session, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []Session
	var cur *Cell
	flush := func() {
		if cur != nil {
			cur.Code = strings.TrimRight(cur.Code, "\n")
			s := &out[len(out)-1]
			s.Cells = append(s.Cells, *cur)
			cur = nil
		}
	}
	for i, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "### session "):
			flush()
			out = append(out, Session{Name: strings.TrimPrefix(line, "### session ")})
		case strings.HasPrefix(line, "--- cell "):
			flush()
			m := header.FindStringSubmatch(line)
			if m == nil || len(out) == 0 {
				return nil, fmt.Errorf("%s:%d: bad cell header", path, i+1)
			}
			cur = &Cell{Name: m[1], Limit: m[2], Pending: m[3]}
		case cur != nil:
			cur.Code += line + "\n"
		case strings.TrimSpace(line) != "" && !strings.HasPrefix(line, "#"):
			return nil, fmt.Errorf("%s:%d: text outside a cell", path, i+1)
		}
	}
	flush()
	return out, nil
}

// expect runs cells 1..k of s as a program and fills in cell k's outputs.
func expect(tmp string, s *Session, k int) error {
	// A cell Go rejects has no effect on the session: later programs leave
	// it out.
	var cells []Cell
	for _, c := range s.Cells[:k] {
		if c.Error == "" {
			cells = append(cells, c)
		}
	}
	cells = append(cells, s.Cells[k])
	c := &s.Cells[k]
	k = len(cells) - 1
	src, err := program(cells)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, "main.go"), []byte(src), 0o644); err != nil {
		return err
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("go", "run", "./"+tmp)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	out := stdout.String()
	mark := fmt.Sprintf("\x00cell%d\x00", k)
	i := strings.Index(out, mark)
	if i < 0 {
		// The program did not reach cell k: it does not compile.
		if runErr == nil {
			return fmt.Errorf("cell marker missing:\n%s", out)
		}
		c.Error = compileError(stderr.String())
		if c.Error == "" {
			return fmt.Errorf("program failed without a compile error:\n%s\n%s", stderr.String(), src)
		}
		return nil
	}
	seg := out[i+len(mark):]
	if j := strings.Index(seg, "\x00cell"); j >= 0 {
		seg = seg[:j]
	}
	if j := strings.Index(seg, "\x01"); j >= 0 {
		c.Result = seg[j+1:]
		seg = seg[:j]
	}
	c.Stdout = seg
	if runErr != nil {
		for _, l := range strings.Split(stderr.String(), "\n") {
			if strings.HasPrefix(l, "panic: ") {
				c.Error = strings.TrimSuffix(strings.TrimPrefix(l, "panic: "), " [recovered]")
				break
			}
		}
		if c.Error == "" {
			return fmt.Errorf("program failed: %v\n%s", runErr, stderr.String())
		}
	}
	return nil
}

var compileLine = regexp.MustCompile(`^\.?/?[^ ]*main\.go:\d+:\d+: (.*)$`)

// compileError returns the first message of a compile failure.
func compileError(stderr string) string {
	for _, l := range strings.Split(stderr, "\n") {
		if m := compileLine.FindStringSubmatch(l); m != nil {
			return m[1]
		}
	}
	return ""
}

// program returns the Go program for cells: declarations at package level,
// latest definition of each name first seen order; statements in main.
func program(cells []Cell) (src string, err error) {
	type decl struct {
		key  string
		text string
	}
	var decls []decl
	index := map[string]int{}
	imports := map[string]string{} // name -> path
	var body strings.Builder
	body.WriteString("\t__show := func(v any) { fmt.Printf(\"\\x01%#v\", v) }\n\t_ = __show\n")
	used := map[string]bool{"fmt": true}
	for k, c := range cells {
		fset := token.NewFileSet()
		fmt.Fprintf(&body, "\tfmt.Print(\"\\x00cell%d\\x00\")\n", k)
		pieces, err := split(c.Code)
		if err != nil {
			return "", fmt.Errorf("cell %s: %w", c.Name, err)
		}
		for pi, p := range pieces {
			f, perr := parser.ParseFile(fset, "", "package p\n"+p, parser.ParseComments)
			if perr == nil && len(f.Decls) > 0 {
				for _, d := range f.Decls {
					if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
						for _, sp := range g.Specs {
							is := sp.(*ast.ImportSpec)
							path := strings.Trim(is.Path.Value, `"`)
							name := filepath.Base(path)
							if is.Name != nil {
								name = is.Name.Name
							}
							imports[name] = path
						}
						continue
					}
					key := declKey(d)
					if i, ok := index[key]; ok {
						decls[i].text = p
					} else {
						index[key] = len(decls)
						decls = append(decls, decl{key, p})
					}
				}
				continue
			}
			// A statement: the last expression statement is shown.
			stmt := p
			if pi == len(pieces)-1 && isExpr(p) {
				stmt = "__show(" + p + ")"
			}
			body.WriteString(indent(stmt))
		}
	}
	all := body.String()
	for _, d := range decls {
		all += d.text
	}
	for name, path := range preloaded {
		if regexp.MustCompile(`\b` + name + `\.`).MatchString(all) {
			used[name] = true
			if _, ok := imports[name]; !ok {
				imports[name] = path
			}
		}
	}
	var b strings.Builder
	b.WriteString("package main\n\n")
	defer func() {
		if err == nil {
			src, err = hoist(src)
		}
	}()
	names := make([]string, 0, len(imports))
	for n := range imports {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "import %s %q\n", n, imports[n])
	}
	for _, n := range names {
		fmt.Fprintf(&b, "var _ = %s.%s\n", n, anyExport(imports[n]))
	}
	for _, d := range decls {
		b.WriteString(d.text + "\n")
	}
	b.WriteString("func main() {\n" + body.String() + "}\n")
	return b.String(), nil
}

// anyExport names an exported member of a package, to keep its import used.
func anyExport(path string) string {
	known := map[string]string{
		"fmt": "Sprint", "strings": "Fields", "strconv": "Itoa", "math": "Sqrt", "sort": "Ints",
		"os": "Exit", "io": "EOF", "time": "Now", "errors": "New", "context": "Background",
		"bytes": "NewBuffer", "regexp": "MustCompile", "slices": "Sort[[]int]", "maps": "Clone[map[int]int]",
		"math/rand/v2": "IntN", "path/filepath": "Join", "encoding/json": "Marshal", "sync": "NewCond",
		"github.com/go-gota/gota/dataframe": "LoadRecords", "github.com/go-gota/gota/series": "New",
		"gonum.org/v1/gonum/stat": "Mean", "gonum.org/v1/gonum/floats": "Sum", "gonum.org/v1/gonum/mat": "NewDense",
		"gonum.org/v1/gonum/stat/distuv": "UnitNormal", "gonum.org/v1/plot": "New",
		"gonum.org/v1/plot/plotter": "NewLine", "gonum.org/v1/plot/vg": "Inch", "gonum.org/v1/plot/vg/draw": "Crop",
		"gonum.org/v1/plot/plotutil": "AddLines", "gonum.org/v1/plot/vg/vgimg": "New",
		"github.com/specstress/specstress/kernel/display":    "Markdown",
		"github.com/specstress/specstress/pipeline":          "AllModels",
		"github.com/specstress/specstress/pipeline/analysis": "PaperBins",
		"github.com/specstress/specstress/pipeline/simulate": "DefaultConfig",
		"unicode": "IsUpper", "math/big": "NewInt",
	}
	if s, ok := known[path]; ok {
		return s
	}
	return "UNKNOWN"
}

func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		b.WriteString("\t" + l + "\n")
	}
	return b.String()
}

// split cuts a cell into top-level pieces at newlines outside brackets.
func split(src string) ([]string, error) {
	var out []string
	depth, start := 0, 0
	inStr := byte(0)
	for i := 0; i < len(src); i++ {
		ch := src[i]
		if inStr != 0 {
			if ch == '\\' && inStr != '`' {
				i++
			} else if ch == inStr {
				inStr = 0
			}
			continue
		}
		switch ch {
		case '"', '`', '\'':
			inStr = ch
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case '\n':
			if depth == 0 {
				// A label line stays with the statement after it.
				if strings.HasSuffix(strings.TrimSpace(src[start:i]), ":") {
					continue
				}
				if strings.TrimSpace(src[start:i]) != "" {
					out = append(out, src[start:i])
				}
				start = i + 1
			}
		}
	}
	if strings.TrimSpace(src[start:]) != "" {
		out = append(out, src[start:])
	}
	return out, nil
}

func declKey(d ast.Decl) string {
	switch x := d.(type) {
	case *ast.FuncDecl:
		if x.Recv != nil {
			t := x.Recv.List[0].Type
			if s, ok := t.(*ast.StarExpr); ok {
				t = s.X
			}
			return "method " + t.(*ast.Ident).Name + "." + x.Name.Name
		}
		return "func " + x.Name.Name
	case *ast.GenDecl:
		var names []string
		for _, s := range x.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				names = append(names, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					names = append(names, n.Name)
				}
			}
		}
		return x.Tok.String() + " " + strings.Join(names, ",")
	}
	return ""
}

func isExpr(p string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\nfunc _() {\n"+p+"\n}", 0)
	if err != nil {
		return false
	}
	body := f.Decls[0].(*ast.FuncDecl).Body.List
	if len(body) != 1 {
		return false
	}
	es, ok := body[0].(*ast.ExprStmt)
	if !ok {
		return false
	}
	// Calls of printers and void calls are statements, not values.
	if call, ok := es.X.(*ast.CallExpr); ok {
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "fmt" {
				return false
			}
		}
	}
	return true
}

// defines returns the names a top-level := statement declares.
func defines(p string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\nfunc _() {\n"+p+"\n}", 0)
	if err != nil {
		return nil
	}
	var out []string
	for _, s := range f.Decls[0].(*ast.FuncDecl).Body.List {
		if as, ok := s.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			for _, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					out = append(out, id.Name)
				}
			}
		}
	}
	return out
}

// hoist turns the top-level := statements of func main into assignments to
// package-level variables, as a cell's top-level definitions are session
// state that the session's funcs see. The variables' types come from
// type-checking the program as written.
func hoist(src string) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", src, 0)
	if err != nil {
		return "", err
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil), Error: func(error) {}}
	pkg, _ := conf.Check("main", fset, []*ast.File{f}, info)
	qual := func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		return p.Name()
	}
	var mainFn *ast.FuncDecl
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "main" {
			mainFn = fd
		}
	}
	type ed struct {
		off  int
		text string
	}
	var eds []ed
	var vars []string
	for _, st := range mainFn.Body.List {
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE {
			continue
		}
		hoisted := false
		for _, l := range as.Lhs {
			id := l.(*ast.Ident)
			obj := info.Defs[id]
			if obj == nil || strings.HasPrefix(id.Name, "__") {
				continue
			}
			vars = append(vars, fmt.Sprintf("var %s %s", id.Name, types.TypeString(obj.Type(), qual)))
			hoisted = true
		}
		if hoisted {
			eds = append(eds, ed{fset.Position(as.TokPos).Offset, "="})
		}
	}
	for i := len(eds) - 1; i >= 0; i-- {
		src = src[:eds[i].off] + eds[i].text + src[eds[i].off+2:]
	}
	i := strings.Index(src, "\nfunc main() {")
	return src[:i] + "\n" + strings.Join(vars, "\n") + src[i:], nil
}
