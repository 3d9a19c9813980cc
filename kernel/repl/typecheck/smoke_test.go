package typecheck

import (
	"testing"

	"github.com/specstress/specstress/stdlib"
)

func TestSmoke(t *testing.T) {
	debugPanics = true
	var pre []Import
	for _, p := range stdlib.Preloads {
		pre = append(pre, Import{p.Name, p.Path})
	}
	s := New(pre)
	for _, cell := range []string{
		"func ratio(a, b int) float64 { return a / b }",
		"x := 3\ny := x * 2\ny",
		"fmt.Println(x, y)",
		"limit := 10\nfunc under(x int) bool { return x < limit }\nunder(3)",
		"under(\"a\")",
		"xs := []int{3,1,2}\nslices.Sorted(slices.Values(xs))",
		"type P struct{ X, y int }\np := P{1, 2}\np.y",
		"p.y + 1",
		"type P struct{ A int }\np.A",
		"df := dataframe.LoadRecords([][]string{{\"a\"},{\"1\"}})\ndf.Nrow()",
		"df.Nrow() + \"s\"",
		"m := map[string]int{}\nk := slices.Collect(maps.Keys(m))\nk",
		"for i := 0; i < 3; i++ { j := i }",
		"import \"math/rand\"\nrand.Intn(3)",
	} {
		r := s.Check(cell)
		t.Logf("%q -> errs=%v unsure=%q notes=%v", cell, r.Errors, r.Unsure, r.Notes)
		s.Commit(r)
	}
	t.Logf("%+v", s.Stats())
}
