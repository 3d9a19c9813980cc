package typecheck

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// rejectCase is a cell Go rejects, with the equivalent Go program whose
// compiler errors are the expected ones. In program, a line CELL is
// replaced by the cell; otherwise the line after a line //cell is the
// cell's first line (for cells whose top-level := must become a package
// var in a program, the program spells it so, keeping lines and columns).
type rejectCase struct {
	name    string
	session []string
	cell    string
	program string
}

var rejectCases = []rejectCase{
	{name: "int division returned as float64",
		cell:    "func ratio(a, b int) float64 { return a / b }",
		program: "package main\n\nCELL\n\nfunc main() {}\n"},
	{name: "mismatched types with a session variable",
		session: []string{"x := 3"},
		cell:    `x + "s"`,
		program: "package main\n\nvar x = 3\n\nfunc main() {\nCELL\n}\n"},
	{name: "misspelt variable in a loop",
		cell:    "total := 0\nfor _, v := range []int{1, 2} {\n\ttotl += v\n}",
		program: "package main\n\nfunc main() {\nCELL\n_ = total\n}\n"},
	{name: "gonum argument of the wrong type",
		cell:    "m := stat.Mean([]int{1, 2}, nil)",
		program: "package main\n\nimport \"gonum.org/v1/gonum/stat\"\n\nfunc main() {\nCELL\n_ = m\n}\n"},
	{name: "string assigned to a session int",
		session: []string{"n := 1"},
		cell:    `n = "two"`,
		program: "package main\n\nvar n = 1\n\nfunc main() {\nCELL\n}\n"},
	{name: "missing return",
		cell:    "func sign(x int) int {\n\tif x > 0 {\n\t\treturn 1\n\t}\n}",
		program: "package main\n\nCELL\n\nfunc main() {}\n"},
	{name: "no such field of a session type",
		session: []string{"type P struct{ X int }"},
		cell:    "p := P{}\np.Y",
		program: "package main\n\ntype P struct{ X int }\n\nfunc main() {\nCELL\n}\n"},
	{name: "unused variable inside a block",
		cell:    "for _, v := range []int{1} {\n\tw := v\n}",
		program: "package main\n\nfunc main() {\nCELL\n}\n"},
	{name: "generic inference mismatch",
		cell:    `slices.Index([]int{1, 2}, "a")`,
		program: "package main\n\nimport \"slices\"\n\nfunc main() {\nCELL\n}\n"},
	{name: "two values in a single-value context",
		cell:    `n := strconv.Atoi("1") + 1`,
		program: "package main\n\nimport \"strconv\"\n\nfunc main() {\nCELL\n_ = n\n}\n"},
	{name: "a func of the cell misuses the cell's top-level variable",
		cell:    "limit := \"ten\"\nfunc under(x int) bool { return x < limit }",
		program: "package main\n//cell\nvar limit = \"ten\"\nfunc under(x int) bool { return x < limit }\n\nfunc main() {}\n"},
	{name: "unexported field of gota's DataFrame",
		cell:    "df := dataframe.New()\ndf.columns",
		program: "package main\n\nimport \"github.com/go-gota/gota/dataframe\"\n\nfunc main() {\nCELL\n}\n"},
	{name: "old field after a type redefinition",
		session: []string{"type P struct{ X int }", "p := P{X: 1}"},
		cell:    "type P struct{ Y int }\np.X",
		program: "package main\n\nvar p P\n//cell\ntype P struct{ Y int }; func main() {\np.X\n}\n"},
	{name: "rand is math/rand/v2",
		cell:    "rand.Intn(3)",
		program: "package main\n\nimport \"math/rand/v2\"\n\nfunc main() {\nCELL\n}\n"},
	{name: "constant overflow",
		cell:    "var b byte = 300",
		program: "package main\n\nfunc main() {\nCELL\n_ = b\n}\n"},
	{name: "no new variables",
		cell:    "x := 1\nx := 2",
		program: "package main\n\nfunc main() {\nCELL\n_ = x\n}\n"},
	{name: "method on a non-local type",
		cell:    "func (s string) Len() int { return len(s) }",
		program: "package main\n\nCELL\n\nfunc main() {}\n"},
	{name: "session type does not implement fmt.Stringer",
		session: []string{"type T struct{}"},
		cell:    "var s fmt.Stringer = T{}",
		program: "package main\n\nimport \"fmt\"\n\ntype T struct{}\n\nfunc main() {\nCELL\n_ = s\n}\n"},
	{name: "loop variable does not outlive the loop",
		cell:    "for i := 0; i < 3; i++ {\n}\nfmt.Println(i)",
		program: "package main\n\nimport \"fmt\"\n\nfunc main() {\nCELL\n}\n"},
	{name: "plot.Add of a number",
		cell:    "p := plot.New()\np.Add(3)",
		program: "package main\n\nimport \"gonum.org/v1/plot\"\n\nfunc main() {\nCELL\n}\n"},
	{name: "project API with too few arguments",
		cell:    "d, err := analysis.Disagreement(nil)",
		program: "package main\n\nimport \"github.com/specstress/specstress/pipeline/analysis\"\n\nfunc main() {\nCELL\n_, _ = d, err\n}\n"},
	{name: "session func with too few arguments",
		session: []string{"func add(a, b int) int { return a + b }"},
		cell:    "add(1)",
		program: "package main\n\nfunc add(a, b int) int { return a + b }\n\nfunc main() {\nCELL\n}\n"},
	{name: "too few return values",
		cell:    "func f() (int, error) { return 1 }",
		program: "package main\n\nCELL\n\nfunc main() {}\n"},
	{name: "type argument outside the constraint",
		cell:    "func Sum[T int | float64](xs []T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\nSum([]string{\"a\"})",
		program: "package main\n//cell\nfunc Sum[T int | float64](xs []T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}; func main() {\nSum([]string{\"a\"})\n}\n"},
	{name: "errors in a cell mixing statements and declarations keep their lines",
		cell:    "a := 1\nfunc g() string { return 2 }\nb := a + \"x\"",
		program: "package main\n//cell\nvar a = 1\nfunc g() string { return 2 }; func main() {\nb := a + \"x\"\n_ = b\n}\n"},
	{name: "generic type argument that cannot be inferred",
		cell:    "func Zero[T any]() T {\n\tvar z T\n\treturn z\n}\nz := Zero()",
		program: "package main\n//cell\nfunc Zero[T any]() T {\n\tvar z T\n\treturn z\n}; func main() {\nz := Zero()\n_ = z\n}\n"},
	{name: "too many arguments and assignment mismatch",
		cell:    "a, b := strings.ToUpper(\"x\", \"y\")\nc, d := 1",
		program: "package main\n\nimport \"strings\"\n\nfunc main() {\nCELL\n_, _, _, _ = a, b, c, d\n}\n"},
	{name: "unknown field in a composite literal of a session type",
		session: []string{"type Point struct{ X, Y float64 }"},
		cell:    "q := Point{X: 1, Z: 2}\nq.X = \"a\"",
		program: "package main\n\ntype Point struct{ X, Y float64 }\n\nfunc main() {\nCELL\n}\n"},
	{name: "calling a non-function and indexing a map with the wrong key",
		cell:    "m := map[string]int{\"a\": 1}\nm[1]\nk := 3\nk()",
		program: "package main\n\nfunc main() {\nCELL\n}\n"},
	{name: "pointer method through an interface",
		session: []string{"type C struct{ n int }", "func (c *C) String() string { return \"c\" }"},
		cell:    "var s fmt.Stringer = C{}",
		program: "package main\n\nimport \"fmt\"\n\ntype C struct{ n int }\n\nfunc (c *C) String() string { return \"c\" }\n\nfunc main() {\nCELL\n_ = s\n}\n"},
	{name: "constant index out of range",
		cell:    "arr := [3]int{1, 2, 3}\narr[5] = 1",
		program: "package main\n\nfunc main() {\nCELL\n}\n"},
	{name: "float assigned to int and ! on an int",
		cell:    "var k int\nk = 2.5\nok := !k",
		program: "package main\n\nfunc main() {\nCELL\n_ = ok\n}\n"},
	{name: "append to a map and field of a map element",
		session: []string{"type T struct{ X int }"},
		cell:    "m := map[string]T{}\nm = append(m, T{})\nm[\"a\"].X = 1",
		program: "package main\n\ntype T struct{ X int }\n\nfunc main() {\nCELL\n}\n"},
	{name: "field of the wrong case",
		session: []string{"type T struct{ Foo int }"},
		cell:    "var v T\nv.foo",
		program: "package main\n\ntype T struct{ Foo int }\n\nfunc main() {\nCELL\n}\n"},
	{name: "break outside a loop and a misplaced continue",
		cell:    "if true {\n\tbreak\n}\ncontinue",
		program: "package main\n\nfunc main() {\nCELL\n}\n"},
	{name: "return with a value at the top level",
		cell:    "return 3",
		program: "package main\n\nfunc main() {\nCELL\n}\n"},
	{name: "unused label",
		cell:    "L:\nfor {\n}",
		program: "package main\n\nfunc main() {\nCELL\n}\n"},
	{name: "duplicate cases in type and expression switches",
		cell:    "var x any = 1\nswitch x.(type) {\ncase int, int:\n}\nswitch 1 {\ncase 1, 1:\n}",
		program: "package main\n\nfunc main() {\nCELL\n}\n"},
	{name: "struct literal with too few values and a duplicate field",
		session: []string{"type Point struct{ X, Y float64 }"},
		cell:    "a := Point{1}\nb := Point{X: 1, X: 2}",
		program: "package main\n\ntype Point struct{ X, Y float64 }\n\nfunc main() {\nCELL\n_, _ = a, b\n}\n"},
	{name: "a func declared twice in a cell",
		cell:    "func h() {}\nfunc h() {}",
		program: "package main\n\nCELL\n\nfunc main() {}\n"},
	{name: "generic type without instantiation and a wrong type argument count",
		session: []string{"type Box[T any] struct{ V T }"},
		cell:    "var b Box\nvar c Box[int, string]",
		program: "package main\n\ntype Box[T any] struct{ V T }\n\nfunc main() {\nCELL\n_, _ = b, c\n}\n"},
	{name: "method call on a value needing a pointer receiver through a map",
		session: []string{"type Ctr struct{ n int }", "func (c *Ctr) Inc() { c.n++ }"},
		cell:    "m := map[string]Ctr{}\nm[\"a\"].Inc()",
		program: "package main\n\ntype Ctr struct{ n int }\n\nfunc (c *Ctr) Inc() { c.n++ }\n\nfunc main() {\nCELL\n}\n"},
	{name: "shift of a float and division by constant zero",
		cell:    "f := 1.5\ng := f << 2\nh := 3 / 0",
		program: "package main\n\nfunc main() {\nCELL\n_, _ = g, h\n}\n"},
	{name: "comparing a slice and using a map as a key",
		cell:    "a, b := []int{1}, []int{1}\nsame := a == b\nk := map[[]int]bool{}",
		program: "package main\n\nfunc main() {\nCELL\n_, _ = same, k\n}\n"},
	{name: "range over a float and two variables over an int",
		cell:    "for i := range 2.5 {\n\t_ = i\n}\nfor i, v := range 3 {\n\t_, _ = i, v\n}",
		program: "package main\n\nfunc main() {\nCELL\n}\n"},
	{name: "assignment to a constant and to a string index",
		cell:    "const c = 1\nc = 2\ns := \"ab\"\ns[0] = 'x'",
		program: "package main\n\nfunc main() {\nCELL\n}\n"},
	{name: "nil used as a value and an untyped nil",
		cell:    "var n int = nil\nz := nil",
		program: "package main\n\nfunc main() {\nCELL\n_, _ = n, z\n}\n"},
	{name: "dataframe method with a wrong argument",
		cell:    "df := dataframe.New()\nsub := df.Select(3.5)\nsub.Nrow(1)",
		program: "package main\n\nimport \"github.com/go-gota/gota/dataframe\"\n\nfunc main() {\nCELL\n}\n"},
}

// TestRejectedLikeGo checks each rejected cell and compares the errors with
// those the Go compiler reports for the equivalent program, message and
// cell position.
func TestRejectedLikeGo(t *testing.T) {
	want := compileCases(t, rejectCases)
	for i, c := range rejectCases {
		t.Run(c.name, func(t *testing.T) {
			s := newSession()
			runSession(t, s, c.session...)
			r := s.Check(c.cell)
			if r.Unsure != "" {
				t.Fatalf("not judged: %s", r.Unsure)
			}
			var got []string
			for _, d := range r.Errors {
				got = append(got, d.String())
			}
			w := want[i]
			if len(w) == 0 {
				t.Fatalf("the Go compiler accepts the program of this case: fix the case")
			}
			if strings.Join(got, "\n") != strings.Join(w, "\n") {
				t.Errorf("cell %q\n got: %q\nwant: %q (go build)", c.cell, got, w)
			}
		})
	}
}

var goRef = regexp.MustCompile(`(?:\./)?case(\d+)/main\.go:(\d+):(\d+)`)

var goErrLine = regexp.MustCompile(`^(?:\./)?case(\d+)/main\.go:(\d+):(\d+): (.*)$`)

// compileCases builds every case's program with the Go compiler in a
// temporary module that requires the project (for gota, gonum, plot and
// the project's packages) and returns, per case, the errors inside the
// cell as "line:col: message" in cell positions.
func compileCases(t *testing.T, cases []rejectCase) [][]string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("SPECSTRESS_CI") != "" {
			t.Fatal("the go command is needed to derive the expected errors")
		}
		t.Skip("no go command to derive the expected errors")
	}
	root := moduleRoot(t)
	dir := t.TempDir()
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	modText := regexp.MustCompile(`(?m)^module .*$`).ReplaceAllString(string(mod), "module tccases")
	modText += fmt.Sprintf("\nrequire github.com/specstress/specstress v0.0.0\nreplace github.com/specstress/specstress => %s\n", root)
	write(t, filepath.Join(dir, "go.mod"), modText)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "go.sum"), string(sum))
	starts := make([]int, len(cases))
	for i, c := range cases {
		prog := c.program
		lines := strings.Split(prog, "\n")
		starts[i] = -1
		for j, l := range lines {
			switch l {
			case "CELL":
				lines[j] = c.cell
				starts[i] = j + 1
			case "//cell":
				starts[i] = j + 2
			}
		}
		if starts[i] < 0 {
			t.Fatalf("case %q: program has no CELL or //cell line", c.name)
		}
		write(t, filepath.Join(dir, fmt.Sprintf("case%d", i), "main.go"), strings.Join(lines, "\n"))
	}
	cmd := exec.Command(gobin, "build", "-mod=mod", "-gcflags=-e", "-o", os.DevNull, "./...")
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	_ = cmd.Run() // the programs are meant to fail
	want := make([][]string, len(cases))
	var cur *string
	curCase := 0
	mapRefs := func(i int, msg string) string {
		return goRef.ReplaceAllStringFunc(msg, func(ref string) string {
			r := goRef.FindStringSubmatch(ref)
			l, _ := strconv.Atoi(r[2])
			return fmt.Sprintf("line %d:%s", l-starts[i]+1, r[3])
		})
	}
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(l, "\t") && cur != nil {
			*cur += "\n" + mapRefs(curCase, l)
			continue
		}
		cur = nil
		m := goErrLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		i, _ := strconv.Atoi(m[1])
		line, _ := strconv.Atoi(m[2])
		cellLine := line - starts[i] + 1
		if cellLine < 1 || cellLine > strings.Count(cases[i].cell, "\n")+1 {
			continue
		}
		want[i] = append(want[i], fmt.Sprintf("%d:%s: %s", cellLine, m[3], mapRefs(i, m[4])))
		curCase = i
		cur = &want[i][len(want[i])-1]
	}
	if t.Failed() {
		t.Logf("go build output:\n%s", out.String())
	}
	return want
}

// moduleRoot returns the directory of the project's go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
