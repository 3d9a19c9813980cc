package repl

import (
	"slices"
	"strings"
	"testing"
)

func TestCompletePackageMembers(t *testing.T) {
	e := newEngine(t)
	code := "p := plotter.NewB"
	c := e.Complete(code, len([]rune(code)))
	if !slices.Contains(c.Matches, "NewBarChart") {
		t.Fatalf("plotter.NewB offers %v, want NewBarChart", c.Matches)
	}
	if c.CursorStart != len("p := plotter.") || c.CursorEnd != len(code) {
		t.Fatalf("cursor %d..%d", c.CursorStart, c.CursorEnd)
	}
	for _, m := range c.Matches {
		if !strings.HasPrefix(m, "NewB") {
			t.Fatalf("match %q does not extend the prefix", m)
		}
	}
	types, _ := c.Metadata["_jupyter_types_experimental"].([]any)
	if len(types) != len(c.Matches) {
		t.Fatalf("%d type entries for %d matches", len(types), len(c.Matches))
	}
	if first, _ := types[0].(map[string]any); first["type"] != "function" {
		t.Fatalf("type of %v", first)
	}
	c = e.Complete("strings.", 8)
	if !slices.Contains(c.Matches, "Builder") || !slices.Contains(c.Matches, "TrimSpace") {
		t.Fatalf("strings. offers %d names, missing Builder or TrimSpace", len(c.Matches))
	}
}

func TestCompleteNamesInScopeAndKeywords(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "import \"strings\"\nvar total = 3\nfunc totalize() {}\ntype Totals struct{ N int }\ntotalCount := 1")
	c := e.Complete("to", 2)
	for _, want := range []string{"total", "totalize", "Totals", "totalCount"} {
		if !strings.HasPrefix(want, "to") {
			continue
		}
		if !slices.Contains(c.Matches, want) && !slices.Contains(e.Complete("To", 2).Matches, want) {
			t.Errorf("missing %q in %v", want, c.Matches)
		}
	}
	c = e.Complete("fo", 2)
	if !slices.Contains(c.Matches, "for") {
		t.Errorf("keyword for missing: %v", c.Matches)
	}
	c = e.Complete("str", 3)
	if !slices.Contains(c.Matches, "strings") || !slices.Contains(c.Matches, "string") {
		t.Errorf("str offers %v", c.Matches)
	}
}

func TestCompleteFieldsAndMethodsOfValues(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "var sb strings.Builder\ntype Point struct{ X, Y int }\nfunc (p Point) Norm() int { return p.X*p.X + p.Y*p.Y }\npt := Point{1, 2}")
	c := e.Complete("sb.Wr", 5)
	if !slices.Contains(c.Matches, "WriteString") {
		t.Fatalf("sb.Wr offers %v", c.Matches)
	}
	c = e.Complete("pt.", 3)
	for _, want := range []string{"X", "Y", "Norm"} {
		if !slices.Contains(c.Matches, want) {
			t.Fatalf("pt. offers %v, missing %s", c.Matches, want)
		}
	}
}

func TestCompleteCursorIsInRunes(t *testing.T) {
	e := newEngine(t)
	code := "s := \"héllo→\"; strings.ToU"
	cursor := len([]rune(code))
	c := e.Complete(code, cursor)
	if !slices.Contains(c.Matches, "ToUpper") {
		t.Fatalf("matches %v", c.Matches)
	}
	if c.CursorEnd != cursor || c.CursorStart != cursor-3 {
		t.Fatalf("cursor %d..%d, want %d..%d", c.CursorStart, c.CursorEnd, cursor-3, cursor)
	}
	// A cursor in the middle completes the word before it.
	c = e.Complete("strings.ToU + 1", len("strings.ToU"))
	if !slices.Contains(c.Matches, "ToUpper") {
		t.Fatalf("mid-line matches %v", c.Matches)
	}
}

func TestInspectPackageMemberShowsDoc(t *testing.T) {
	e := newEngine(t)
	code := "m := stat.Mean(xs, nil)"
	in := e.Inspect(code, strings.Index(code, "Mean")+2, 0)
	if !in.Found {
		t.Fatal("stat.Mean not found")
	}
	s, _ := in.Data["text/plain"].(string)
	if !strings.Contains(s, "func Mean(") || !strings.Contains(s, "weighted mean") {
		t.Fatalf("inspection of stat.Mean:\n%s", s)
	}
	in = e.Inspect("strings.TrimSpace(", len("strings.TrimSpace("), 0)
	if !in.Found {
		t.Fatal("call tip after ( not found")
	}
}

func TestInspectMethodOfALiveValueShowsItsDoc(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, `df := dataframe.LoadRecords([][]string{{"a"}, {"1"}})`)
	code := "df.Nrow()"
	in := e.Inspect(code, 4, 0)
	s, _ := in.Data["text/plain"].(string)
	if !in.Found || !strings.Contains(s, "Nrow") || !strings.Contains(s, "rows") {
		t.Fatalf("inspection of df.Nrow: %v %q", in.Found, s)
	}
}

func TestInspectOfALargeValueShowsTypeAndAShortPreview(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "big := make([]float64, 5000)\nfor i := range big { big[i] = float64(i) + 0.25 }")
	in := e.Inspect("big", 2, 0)
	s, _ := in.Data["text/plain"].(string)
	if !in.Found || !strings.HasPrefix(s, "big []float64 = []float64{0.25, 1.25,") {
		t.Fatalf("inspection of big: %v %q", in.Found, s)
	}
	if len(s) > 500 {
		t.Fatalf("inspection is %d bytes, want a short preview:\n%s", len(s), s)
	}
	if !strings.Contains(s, "len 5000") {
		t.Fatalf("inspection does not say the length:\n%s", s)
	}
	mustRun(t, e, `df := dataframe.LoadRecords([][]string{{"a", "b"}, {"1", "x"}, {"2", "y"}})`)
	s, _ = e.Inspect("df", 1, 0).Data["text/plain"].(string)
	if !strings.Contains(s, "2 rows × 2 columns") || len(s) > 500 {
		t.Fatalf("inspection of a data frame:\n%s", s)
	}
}

func TestInspectUserDefinitionShowsItsSource(t *testing.T) {
	e := newEngine(t)
	mustRun(t, e, "// Scale multiplies v by k.\nfunc Scale(v []float64, k float64) {\n\tfor i := range v {\n\t\tv[i] *= k\n\t}\n}\nweights := []float64{1, 2}")
	in := e.Inspect("Scale(weights, 2)", 2, 0)
	s, _ := in.Data["text/plain"].(string)
	if !in.Found || !strings.Contains(s, "// Scale multiplies v by k.") || !strings.Contains(s, "func Scale(v []float64, k float64)") {
		t.Fatalf("inspection of Scale: %v\n%s", in.Found, s)
	}
	in = e.Inspect("weights", 3, 0)
	s, _ = in.Data["text/plain"].(string)
	if !in.Found || !strings.Contains(s, "[]float64") {
		t.Fatalf("inspection of weights: %q", s)
	}
	if e.Inspect("nothingHere", 3, 0).Found {
		t.Fatal("unknown name found")
	}
}

func TestIsComplete(t *testing.T) {
	for _, c := range []struct{ code, status string }{
		{"x := 1", "complete"},
		{"", "complete"},
		{"func f() {", "incomplete"},
		{"xs := []int{\n1,", "incomplete"},
		{"s := `raw\nstill raw", "incomplete"},
		{"/* open comment", "incomplete"},
		{"x := 1 +", "incomplete"},
		{"fmt.Println(", "incomplete"},
		{"x := )", "invalid"},
		{"f(]", "invalid"},
		{"s := \"unterminated", "invalid"},
		{"if x { y() }}", "invalid"},
		{"x := 1 +\n2", "complete"},
		// Balanced code that no further line can repair.
		{"var := 3", "invalid"},
		{"x := := 2", "invalid"},
		{"func 3() {}", "invalid"},
		{"x := 1\ny = = 2", "invalid"},
		// Mixed cells are checked chunk by chunk, as the engine runs them.
		{"import \"fmt\"\nfunc f() int { return 1 }\nfmt.Println(f())", "complete"},
		{"package main\nfunc main() {}", "complete"},
		{"type T struct{ A int }\nt := T{A: 1}\nt.A", "complete"},
	} {
		status, _ := isComplete(c.code)
		if status != c.status {
			t.Errorf("isComplete(%q) = %q, want %q", c.code, status, c.status)
		}
	}
	// Spaces, not a tab: jupyter console shows a tab as ^I.
	if _, indent := isComplete("func f() {"); indent != "    " {
		t.Errorf("indent %q, want four spaces", indent)
	}
	if _, indent := isComplete("func f() {\n\tif x {"); indent != "        " {
		t.Errorf("nested indent %q, want eight spaces", indent)
	}
}
