package yaegifix

import (
	"reflect"
	"strings"
	"testing"
)

func TestCloneRewrites(t *testing.T) {
	imports := map[string]string{"maps": "maps", "slices": "slices"}
	for _, c := range []struct{ src, want string }{
		{"m2 := maps.Clone(m)", "m2 := m; __specstress.MapsCloneInto(&m2)"},
		{"s2 := slices.Clone(f())", "s2 := f(); s2 = append(s2[:0:0], s2...)"},
		{"g(slices.Clone(xs))", "g(append(xs[:0:0], xs...))"},
		// Not a statement of its own and not a plain operand: left (and refused).
		{"g(maps.Clone(m))", "g(maps.Clone(m))"},
	} {
		if got := RewriteClone(c.src, false, imports); got != c.want {
			t.Errorf("RewriteClone(%q) = %q, want %q", c.src, got, c.want)
		}
	}
}

func TestRangeCandidates(t *testing.T) {
	src := "for i := range 10 {}\nfor range n {}\nfor k, v := range m {}\nfor _, x := range []int{1} {}\nfor i := range xs {}"
	var got []string
	for _, e := range RangeCandidates(src, false) {
		got = append(got, src[e.Start:e.End]+"=>"+e.Text)
	}
	want := []string{
		"for i := range 10 =>for i, __rn := 0, int(10); i < __rn; i++ ",
		"for range n =>for __ri, __rn := 0, int(n); __ri < __rn; __ri++ ",
		"for i := range xs =>for i, __rn := 0, int(xs); i < __rn; i++ ",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("candidates:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
