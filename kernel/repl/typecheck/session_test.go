package typecheck

import (
	"go/types"
	"strings"
	"testing"
)

// acceptSessions are sequences of cells Go accepts as notebook cells: each
// must be judged (not waved through) and find no error.
var acceptSessions = []struct {
	name  string
	cells []string
}{
	{"redefine a variable with another type", []string{
		"x := 1", `x := "s"`, `x + "t"`}},
	{"redefine a func with another signature", []string{
		"func f(a int) int { return a + 1 }", "f(1)",
		"func f(a string) string { return a + \"!\" }", `f("x") + "y"`}},
	{"redefine a type, keep its methods", []string{
		"type T struct{ A int }", "func (t T) Get() int { return t.A }",
		"type T struct{ A, B int }", "T{1, 2}.Get() + T{}.B"}},
	{"a variable of a redefined type follows the new definition", []string{
		"type P struct{ X int }", "p := P{X: 1}", "type P struct{ X, Y int }", "p.Y"}},
	{"top-level := need not be used", []string{
		"unused := 42", "a, b := 1, 2"}},
	{"the last expression is the cell's value", []string{
		"xs := []int{1, 2}", "xs", "len(xs)", "float64(xs[0]) / 2", "xs[0] == 1", "strconv.Itoa"}},
	{"preloads under their usual names", []string{
		`strings.ToUpper("a")`, "rand.IntN(3)", "b, err := json.Marshal(map[string]int{\"a\": 1})\nstring(b)",
		`filepath.Join("a", "b")`, "time.Now().Year() > 2000", "errors.New(\"x\")", "ctx := context.Background()\nctx.Err()",
		"bytes.NewBufferString(\"x\").Len()", "regexp.MustCompile(`a+`).MatchString(\"aa\")", "math.Sqrt(2)", "os.Getenv(\"HOME\")",
		"sort.Ints(xs2)\nxs2", "io.EOF"}},
	{"gota, gonum and plot", []string{
		"df := dataframe.LoadRecords([][]string{{\"a\", \"b\"}, {\"1\", \"2\"}})",
		"df.Col(\"a\").Float()",
		"s := series.New([]float64{1, 2}, series.Float, \"x\")\ns.Mean()",
		"stat.Mean([]float64{1, 2}, nil) + floats.Sum([]float64{3})",
		"m := mat.NewDense(2, 2, []float64{1, 2, 3, 4})\nvar inv mat.Dense\nerr := inv.Inverse(m)",
		"n := distuv.Normal{Mu: 0, Sigma: 1}\nn.CDF(0)",
		"p := plot.New()\np.Title.Text = \"t\"\nh, err := plotter.NewHist(plotter.Values{1, 2, 3}, 2)\np.Add(h)\np.Save(4*vg.Inch, 3*vg.Inch, \"x.png\")",
		"var pl plot.Plotter = h\npl",
		"plotutil.AddLinePoints(p, \"a\", plotter.XYs{{X: 1, Y: 2}})",
		"draw.GlyphStyle{Radius: vg.Points(2)}",
	}},
	{"the project API", []string{
		"ds, err := dataset.Open(\"data/sample\")",
		"all, err := ds.Split(\"complete/train\")",
		"pos, err := all.Positions()",
		"d, err := analysis.Disagreement(pos, pipeline.AllModels)",
		"d.Summary()",
		"fig, err := plots.DisagreementHistogram(d)",
		"display.Markdown(\"# hi\")",
	}},
	{"generics of slices and maps", []string{
		"m := map[string]int{\"b\": 2, \"a\": 1}",
		"keys := slices.Sorted(maps.Keys(m))\nkeys[0] + \"z\"",
		"xs := []int{3, 1, 2}\nys := slices.Clone(xs)\nslices.Sort(ys)\nslices.Equal(xs, ys)",
		"slices.Index(xs, 2) + slices.Max(xs)",
		"m2 := maps.Clone(m)\nm2[\"a\"] + 1",
		"func Map[T, U any](xs []T, f func(T) U) []U {\n\tout := make([]U, 0, len(xs))\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}",
		"strs := Map(xs, strconv.Itoa)\nstrings.Join(strs, \",\")",
		"type Stack[T any] struct{ items []T }\nfunc (s *Stack[T]) Push(x T) { s.items = append(s.items, x) }",
		"st := &Stack[string]{}\nst.Push(\"a\")\nlen(st.items)",
	}},
	{"an import in one cell serves the next", []string{
		`import "math/big"`, "big.NewInt(3).String()",
		"import (\n\t\"image\"\n\t\"image/color\"\n)", "img := image.NewRGBA(image.Rect(0, 0, 1, 1))\nimg.Set(0, 0, color.White)"}},
	{"importing math/rand rebinds rand", []string{
		`import "math/rand"`, "rand.Intn(3)"}},
	{"err reused across cells", []string{
		`a, err := strconv.Atoi("1")`, `b, err := strconv.Atoi("2")`, "a + b", "err"}},
	{"a variable redefined from its old value", []string{
		"x := 1", "x := x + 1", "x * 2", `y := fmt.Sprint(x)`, "y := len(y)", "y + 1"}},
	{"a func of the cell uses the cell's top-level variable", []string{
		"limit := 10\nfunc under(x int) bool { return x < limit }\nunder(3)", "under(4)", "limit = 11"}},
	{"a whole program", []string{
		"package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hi\")\n}"}},
	{"statements before declarations in one cell", []string{
		"n := 3\nfunc twice(x int) int { return 2 * x }\ntwice(n)\ntype Box struct{ V int }\nBox{V: twice(n)}.V"}},
	{"defer, go and range over an int", []string{
		"defer fmt.Println(\"done\")\ngo func() {}()\nsum := 0\nfor i := range 3 {\n\tsum += i\n}\nsum"}},
	{"errors.As and a type switch with a session error type", []string{
		"type MyErr struct{ Code int }\nfunc (e *MyErr) Error() string { return fmt.Sprint(e.Code) }",
		"var err error = fmt.Errorf(\"wrap: %w\", &MyErr{Code: 3})",
		"var me *MyErr\nerrors.As(err, &me)",
		"switch e := err.(type) {\ncase *MyErr:\n\tfmt.Println(e.Code)\ncase error:\n\tfmt.Println(e)\n}",
	}},
	{"a const group survives the redefinition of one name", []string{
		"const (\n\tA = iota\n\tB\n\tC\n)", `B := "x"`, "C + 1", "B + \"y\""}},
	{"a session variable of an unexported compiled type", []string{
		"r := strings.NewReader(\"abc\")\nrr := io.LimitReader(r, 1)", "rr.Read(make([]byte, 1))"}},
	{"unexported fields and methods of session types", []string{
		"type acc struct{ total int }\nfunc (a *acc) add(n int) { a.total += n }",
		"var ac acc\nac.add(3)", "ac.total"}},
	{"struct embedding and method values", []string{
		"type Base struct{ ID int }\nfunc (b Base) Describe() string { return fmt.Sprint(b.ID) }\ntype User struct {\n\tBase\n\tName string\n}",
		"u := User{Base{1}, \"a\"}\nf := u.Describe\nf() + u.Name"}},
	{"a dot import stays in effect", []string{
		"import . \"math\"", "Sqrt(Pi)"}},
	{"closures per iteration", []string{
		"var fs []func() int\nfor i := 0; i < 3; i++ {\n\tfs = append(fs, func() int { return i })\n}\nfs[0]()"}},
}

func TestAcceptedLikeGo(t *testing.T) {
	for _, sc := range acceptSessions {
		t.Run(sc.name, func(t *testing.T) {
			s := newSession()
			if sc.name == "preloads under their usual names" {
				runSession(t, s, "xs2 := []int{2, 1}")
			}
			runSession(t, s, sc.cells...)
			if st := s.Stats(); st.Unsure != 0 || st.Rejected != 0 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

func TestTopLevelVariableTypes(t *testing.T) {
	s := newSession()
	runSession(t, s, "x := 3", `a, b := strconv.Atoi("1")`, "df := dataframe.New()", "type P struct{ X int }\np := &P{}")
	for name, want := range map[string]string{
		"x": "int", "a": "int", "b": "error",
		"df": "github.com/go-gota/gota/dataframe.DataFrame", "p": "*main.P",
	} {
		obj := s.Lookup(name)
		if obj == nil {
			t.Errorf("Lookup(%q) = nil", name)
			continue
		}
		if got := types.TypeString(obj.Type(), nil); got != want {
			t.Errorf("type of %s = %s, want %s", name, got, want)
		}
	}
	if s.Lookup("nope") != nil {
		t.Error("Lookup of an undeclared name found something")
	}
}

func TestInferredTypeArguments(t *testing.T) {
	s := newSession()
	r := s.Check("xs := []float64{2, 1}\nslices.Max(xs)")
	if s.Last() != r {
		t.Error("Last is not the latest result")
	}
	if r.Err() != nil || r.Unsure != "" {
		t.Fatalf("errors %v unsure %q", r.Errors, r.Unsure)
	}
	found := false
	for id, inst := range r.Info.Instances {
		if id.Name == "Max" {
			found = true
			if got := inst.TypeArgs.At(0).String(); got != "[]float64" {
				t.Errorf("slices.Max instantiated with %s, want []float64", got)
			}
			if line, col, ok := r.Position(id.Pos()); !ok || line != 2 || col != 8 {
				t.Errorf("Max at %d:%d (in cell %v), want 2:8", line, col, ok)
			}
		}
	}
	if !found {
		t.Error("no instance of slices.Max recorded")
	}
}

func TestUnsureCellsAreCountedAndAccepted(t *testing.T) {
	s := newSession()
	// os/exec has no symbol table: the interpreter reports it, the checker
	// cannot judge the cell.
	r := s.Check("import \"os/exec\"\ncmd := exec.Command(\"ls\")")
	if len(r.Errors) != 0 || !strings.Contains(r.Unsure, "os/exec") {
		t.Fatalf("errors %v, unsure %q", r.Errors, r.Unsure)
	}
	s.Commit(r, true)
	// A later cell using what the unjudged cell declared is not judged
	// either: the checker does not know cmd's type.
	r = s.Check("cmd.Run()")
	if len(r.Errors) != 0 || !strings.Contains(r.Unsure, "cmd") {
		t.Fatalf("errors %v, unsure %q", r.Errors, r.Unsure)
	}
	// Redefining the name makes it known again.
	runSession(t, s, "cmd := 3", "cmd + 1")
	r = s.Check("func broken( {")
	if !r.Syntax {
		t.Errorf("a cell that does not parse: %+v", r)
	}
	want := Stats{Checked: 2, Unsure: 2, Syntax: 1}
	if got := s.Stats(); got != want {
		t.Errorf("stats %+v, want %+v", got, want)
	}
}

func TestRejectedCellChangesNothing(t *testing.T) {
	s := newSession()
	runSession(t, s, "x := 1")
	r := s.Check(`x := "a"` + "\nx + 1")
	if len(r.Errors) == 0 {
		t.Fatal("accepted a cell Go rejects")
	}
	s.Commit(r, true) // ignored: the cell did not run
	runSession(t, s, "x + 1")
}

func TestErrorPositionsInMixedCell(t *testing.T) {
	s := newSession()
	cell := "// a comment\nimport \"math/big\"\n\nv := big.NewInt(1)\n\nfunc half(x float64) float64 {\n\treturn x / 2\n}\n\nhalf(v)"
	r := s.Check(cell)
	want := "10:6: cannot use v (variable of type *big.Int) as float64 value in argument to half"
	if len(r.Errors) != 1 || r.Errors[0].String() != want {
		t.Errorf("got %v, want [%s]", r.Errors, want)
	}
}

func TestMembersAndTypeOf(t *testing.T) {
	s := newSession()
	runSession(t, s,
		"type Inner struct{ X, y int }\nfunc (i *Inner) Bump() { i.X++ }\ntype Outer struct {\n\tInner\n\tName string\n\tdf   dataframe.DataFrame\n}",
		"o := Outer{Name: \"a\"}\nvar e error",
		"df := dataframe.New()")
	members := func(chain ...string) string {
		m, ok := s.Members(chain)
		if !ok {
			return "<none>"
		}
		return strings.Join(m, " ")
	}
	if got, want := members("o"), "Bump Inner Name X df y"; got != want {
		t.Errorf("members of o: %q, want %q", got, want)
	}
	if got := members("o", "df"); !strings.Contains(got, "Filter") || strings.Contains(got, "columns") {
		t.Errorf("members of o.df: %q (want exported methods of DataFrame only)", got)
	}
	if got, want := members("e"), "Error"; got != want {
		t.Errorf("members of a nil error: %q, want %q", got, want)
	}
	if got := members("nope"); got != "<none>" {
		t.Errorf("members of an unknown name: %q", got)
	}
	for chain, want := range map[string]string{
		"o": "Outer", "o.Inner.X": "int", "o.df": "dataframe.DataFrame", "df": "dataframe.DataFrame", "o.Bump": "func()",
	} {
		if got, ok := s.TypeOf(strings.Split(chain, ".")); !ok || got != want {
			t.Errorf("TypeOf(%s) = %q, %v; want %q", chain, got, ok, want)
		}
	}
}

// TestConcurrentSessions checks cells in several sessions at once while
// they decode packages no check has used yet (run with -race).
func TestConcurrentSessions(t *testing.T) {
	cells := []string{
		"import \"net/http\"\nreq, err := http.NewRequest(\"GET\", \"http://x\", nil)\nreq.URL.Host",
		"import \"encoding/xml\"\nb, err := xml.Marshal(struct{ A int }{1})\nlen(b)",
		"import \"archive/zip\"\nvar zr *zip.Reader\nzr",
		"import \"text/template\"\ntpl := template.Must(template.New(\"x\").Parse(\"{{.}}\"))\ntpl.Name()",
	}
	errs := make(chan string, 4*len(cells))
	done := make(chan bool)
	for w := 0; w < 4; w++ {
		go func(w int) {
			defer func() { done <- true }()
			s := newSession()
			for i := range cells {
				c := cells[(i+w)%len(cells)]
				r := s.Check(c)
				if len(r.Errors) > 0 || r.Unsure != "" {
					errs <- c + ": " + r.Unsure + " " + CheckError(r.Errors).Error()
				}
				s.Commit(r, true)
			}
		}(w)
	}
	for w := 0; w < 4; w++ {
		<-done
	}
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestSyntaxErrorAfterDeclarations: the interpreter runs a cell piece by
// piece, so the declarations before a broken piece may exist afterwards;
// the checker does not claim they are undefined.
func TestSyntaxErrorAfterDeclarations(t *testing.T) {
	s := newSession()
	runSession(t, s, "q := \"old\"")
	r := s.Check("func divmod(a, b int) (q, r int) {\n\treturn a / b, a % b\n}\nq, r := divmod(7, 2)\nq, r")
	if !r.Syntax {
		t.Fatalf("parsed: %+v", r)
	}
	s.Commit(r, true)
	for _, c := range []string{"divmod(7, 2)", "q + 1", `q + "x"`} {
		if r := s.Check(c); len(r.Errors) > 0 || !strings.Contains(r.Unsure, "could not judge") {
			t.Errorf("%q: errors %v, unsure %q", c, r.Errors, r.Unsure)
		}
	}
	// Names the broken cell did not reach are still judged.
	if r := s.Check("undefinedThing"); len(r.Errors) != 1 {
		t.Errorf("undefinedThing: %v %q", r.Errors, r.Unsure)
	}
}

func TestCommitOfAFailedCellMakesItsNamesUnknown(t *testing.T) {
	s := newSession()
	runSession(t, s, "x := 1")
	r := s.Check("x := \"s\"\ny := 2\nfunc f() {}")
	s.Commit(r, false)
	for _, c := range []string{"x + 1", "y", "f()"} {
		if r := s.Check(c); len(r.Errors) > 0 || !strings.Contains(r.Unsure, "could not judge") {
			t.Errorf("%q: errors %v, unsure %q", c, r.Errors, r.Unsure)
		}
	}
	runSession(t, s, "x := 2.5", "x * 2")
}

// TestSessionCacheFollowsCommits: cells that declare nothing reuse the
// parsed session; a cell that declares something is seen by the next.
func TestSessionCacheFollowsCommits(t *testing.T) {
	s := newSession()
	runSession(t, s, "x := 1", "fmt.Println(x)", "x + 1")
	if r := s.Check(`x + "s"`); len(r.Errors) != 1 {
		t.Fatalf("errors %v", r.Errors)
	}
	runSession(t, s, `x := "s"`, `x + "t"`, "type T struct{ A int }", "T{}.A")
	if r := s.Check("T{}.B"); len(r.Errors) != 1 {
		t.Fatalf("errors %v", r.Errors)
	}
	runSession(t, s, "func (t T) B() int { return 1 }", "T{}.B()", `import "math/big"`, "big.NewInt(1)")
}
