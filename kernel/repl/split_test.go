package repl

import (
	"strings"
	"testing"
)

// kinds returns the chunk kinds of a plan as letters: I import, D
// declarations, S statements, E trailing expression.
func kinds(p cellPlan) string {
	var b strings.Builder
	for _, c := range p.chunks {
		b.WriteByte("IDSE"[c.kind])
	}
	return b.String()
}

func TestSplitCellIntoRuns(t *testing.T) {
	for _, c := range []struct {
		name, code, kinds string
	}{
		{"expression", "1 + 2", "E"},
		{"statements then expression", "x := 1\ny := x\nx + y", "SE"},
		{"import, decl, statements", "import \"fmt\"\nfunc f() {}\nf()\nfmt.Println(1)", "IDSE"},
		{"declarations group", "type T int\nfunc (T) M() {}\nvar v T\nconst c = 1", "D"},
		{"statement between declarations", "func a() {}\nx := 1\nfunc b() {}", "DSD"},
		{"func literal call is a statement", "func() { println(1) }()", "E"},
		{"assignment is not an expression", "x := 1", "S"},
		{"parenthesised imports", "import (\n\t\"fmt\"\n\t\"os\"\n)\nfmt.Println(os.Args)", "IE"},
		{"multi-line statement", "for i := 0; i < 3; i++ {\n\tprintln(i)\n}", "S"},
		{"semicolons", "a := 1; b := 2; a + b", "SE"},
		{"empty", "", ""},
		{"only comments", "// nothing\n/* here */", ""},
	} {
		if got := kinds(splitCell(c.code)); got != c.kinds {
			t.Errorf("%s: %q split as %q, want %q", c.name, c.code, got, c.kinds)
		}
	}
}

func TestSplitKeepsPositionsAndText(t *testing.T) {
	code := "x := 1\n\n// Double doubles.\nfunc Double(n int) int {\n\treturn 2 * n\n}\nDouble(x)"
	p := splitCell(code)
	if len(p.chunks) != 3 {
		t.Fatalf("chunks %+v", p.chunks)
	}
	d := p.chunks[1]
	if d.line != 3 || d.col != 1 || !strings.HasPrefix(d.src, "// Double doubles.\nfunc Double") {
		t.Fatalf("declaration chunk at %d:%d %q: the doc comment must travel with it", d.line, d.col, d.src)
	}
	e := p.chunks[2]
	if e.line != 7 || e.src != "Double(x)" {
		t.Fatalf("expression chunk at line %d: %q", e.line, e.src)
	}
}

func TestSplitProgram(t *testing.T) {
	p := splitCell("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(1)\n}\n")
	if !p.program || !p.hasMain || kinds(p) != "ID" {
		t.Fatalf("program %v main %v kinds %q", p.program, p.hasMain, kinds(p))
	}
}

func TestPrinterCall(t *testing.T) {
	pkgs := map[string]string{"fmt": "fmt", "f": "fmt", "log": "log"}
	for code, want := range map[string]bool{
		`fmt.Println(1)`:          true,
		`f.Printf("%d", 1)`:       true,
		`fmt.Fprintln(w, 1)`:      true,
		`log.Printf("x")`:         true,
		`fmt.Sprintf("%d", 1)`:    false,
		`strings.ToUpper("a")`:    false,
		`x`:                       false,
		`fmt.Println(1); y := 2`:  false,
		`fmt.Errorf("e")`:         false,
		`log.Fatal("stop")`:       true,
		`println("builtin void")`: false,
	} {
		if got := printerCall(code, pkgs); got != want {
			t.Errorf("printerCall(%q) = %v, want %v", code, got, want)
		}
	}
}

// A spread call passes the slice as one value; the helper spreads it.
func TestRewriteGo(t *testing.T) {
	got := rewriteGo("go f(a, b)\ngo func(n int) {\n\tgo g(n)\n}(i)\ngo h(xs...)", false)
	want := helperPkg + ".Go(f, a, b)\n" + helperPkg + ".Go(func(n int) {\n\t" + helperPkg + ".Go(g, n)\n}, i)\n" + helperPkg + ".GoSlice(h, xs)"
	if got != want {
		t.Fatalf("rewriteGo:\n%s\nwant:\n%s", got, want)
	}
	if n := strings.Count(got, "\n"); n != 4 {
		t.Fatalf("rewrite changed the line count to %d", n+1)
	}
}

func TestPositionEncodingRoundTrips(t *testing.T) {
	for _, c := range []struct{ seq, line int }{{1, 1}, {7, 42}, {99999, 9999}, {123456, 3}} {
		run, line, ok := decodeLine(encodeLine(c.seq, c.line))
		if !ok || !sameRun(run, c.seq) || line != c.line {
			t.Errorf("seq %d line %d -> run %d line %d ok %v", c.seq, c.line, run, line, ok)
		}
	}
	msg := "_.go:" + directiveText(3, 4, 5)[0:] + ": undefined: x"
	if got := mapPositions(msg, 3); got != "line 4:5: undefined: x" {
		t.Errorf("mapPositions = %q", got)
	}
	if got := mapPositions(directiveText(2, 1, 1)+": boom", 3); got != "line 1:1 of run #2: boom" {
		t.Errorf("other run: %q", got)
	}
}
