package typecheck

import "testing"

// TestAssortedIdiomsAccepted runs ordinary Go idioms as one session:
// each cell is judged and accepted, with no note.
func TestAssortedIdiomsAccepted(t *testing.T) {
	s := newSession()
	for _, c := range []string{
		"type Level int\nfunc (l Level) String() string { return fmt.Sprint(int(l)) }\nvar lv Level = 3\nfmt.Printf(\"%d %v\\n\", lv, lv)",
		"type User struct {\n\tName string `json:\"name\"`\n\tsecret string\n}\nb, _ := json.Marshal(User{\"a\", \"b\"})\nstring(b)",
		"import \"sync\"\nvar wg sync.WaitGroup\nvar mu sync.Mutex\ncount := 0\nfor i := 0; i < 10; i++ {\n\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\tmu.Lock()\n\t\tcount++\n\t\tmu.Unlock()\n\t}()\n}\nwg.Wait()\ncount",
		"type ID int\nid := ID(3)",
		"type ID string",
		"id + \"x\"",
		"rows := []struct {\n\tName string\n\tN    int\n}{{\"a\", 1}, {\"b\", 2}}\nsort.Slice(rows, func(i, j int) bool { return rows[i].N > rows[j].N })\nrows[0].Name",
		"var fib func(int) int\nfib = func(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn fib(n-1) + fib(n-2)\n}\nfib(10)",
		"ch := make(chan int, 3)\nch <- 1\nclose(ch)\nfor v := range ch {\n\tfmt.Println(v)\n}",
		"outer:\nfor i := 0; i < 3; i++ {\n\tfor j := 0; j < 3; j++ {\n\t\tif j == 1 {\n\t\t\tcontinue outer\n\t\t}\n\t}\n}",
		"func divmod(a, b int) (q, r int) {\n\tq = a / b\n\tr = a % b\n\treturn\n}\nq, r := divmod(7, 2)",
		"divmod(7, 2)",
		"type Shape interface{ Area() float64 }\ntype Sq struct{ S float64 }\nfunc (s Sq) Area() float64 { return s.S * s.S }\nshapes := []Shape{Sq{2}}\ntotal := 0.0\nfor _, sh := range shapes {\n\ttotal += sh.Area()\n}\ntotal",
		"type Sq struct{ S, T float64 }",
		"shapes[0].Area()",
		"x := 10\nptr := &x\n*ptr = 20\nx",
		"m := map[string][]int{}\nm[\"a\"] = append(m[\"a\"], 1)\nlen(m[\"a\"])",
		"s := \"héllo\"\nfor i, r := range s {\n\t_ = i\n\t_ = r\n}\n[]rune(s)[1]",
		"const big = 1 << 62\nbig",
		"var arr [3]int\narr[1] = 2\narr",
		"e := fmt.Errorf(\"x: %w\", io.EOF)\nerrors.Is(e, io.EOF)",
		"d := 3 * time.Second\nd.String()",
		"vals := []float64{1, 2, 3}\nmean, std := stat.MeanStdDev(vals, nil)\nmean + std",
		"xs := make([]float64, 0, 10)\nfor i := range 10 {\n\txs = append(xs, float64(i))\n}\nfloats.Max(xs)",
		"pts := make(plotter.XYs, 3)\nfor i := range pts {\n\tpts[i].X = float64(i)\n\tpts[i].Y = float64(i * i)\n}\nl, err := plotter.NewLine(pts)\nvar pl plot.Plotter = l\npl",
		"df2 := dataframe.New(series.New([]string{\"a\", \"b\"}, series.String, \"k\"), series.New([]int{1, 2}, series.Int, \"v\"))\nf := df2.Filter(dataframe.F{Colname: \"v\", Comparator: series.Greater, Comparando: 1})\nf.Nrow()",
		"go func() { fmt.Println(\"bg\") }()",
		"defer func() {\n\tif r := recover(); r != nil {\n\t\tfmt.Println(r)\n\t}\n}()\npanic(\"x\")",
		"var iface any = 3\nswitch v := iface.(type) {\ncase int:\n\tfmt.Println(v + 1)\ncase string:\n\tfmt.Println(v + \"\")\n}",
		"n, ok := iface.(int)\nok",
		"import \"strings\"\nstrings.Fields(\" a b \")",
		"func apply(fs ...func(int) int) int {\n\tx := 1\n\tfor _, f := range fs {\n\t\tx = f(x)\n\t}\n\treturn x\n}\napply(func(i int) int { return i + 1 })",
		"func(a, b, c, d int, e string) {\n\tfmt.Println(a + b + c + d, e)\n}(1, 2, 3, 4, \"x\")",
		"func (x int) int { return x * 2 }(3)",
		"for i := range 3 {\n\tfmt.Println(i)\n}",
		"seq := func(yield func(int) bool) {\n\tfor i := 0; i < 3; i++ {\n\t\tif !yield(i) {\n\t\t\treturn\n\t\t}\n\t}\n}\nfor v := range seq {\n\tfmt.Println(v)\n}",
		"x := 1\n{\n\tx := 2\n\t_ = x\n}\nx",
		"type Pair[K comparable, V any] struct {\n\tKey K\n\tVal V\n}\nps := []Pair[string, int]{{\"a\", 1}}\nps[0].Key",
		"ps[0].Val + 1",
	} {
		r := s.Check(c)
		if len(r.Errors) > 0 || r.Unsure != "" || len(r.Notes) > 0 {
			t.Errorf("cell %q\n  errors %v unsure %q notes %v", c, r.Errors, r.Unsure, r.Notes)
		}
		s.Commit(r, true)
	}
	if st := s.Stats(); st.Unsure+st.Syntax+st.Rejected != 0 {
		t.Errorf("stats %+v", st)
	}
}
