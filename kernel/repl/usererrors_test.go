package repl

import (
	"strings"
	"testing"
)

// The errors a Go programmer meets in a cell read as Go's own: the runtime
// message, the cell line with a caret, and no interpreter internals.
func TestCellErrorsReadAsGo(t *testing.T) {
	for _, c := range []struct {
		name, code string
		value      string   // the error's value, exactly
		tb         []string // lines the traceback must contain
		not        []string // text that must not appear anywhere
	}{
		{"index out of range at top level",
			"xs := []int{1, 2, 3}\ni := 5\nfmt.Println(xs[i])",
			"runtime error: index out of range [5] with length 3",
			[]string{"at line 3", "3 | fmt.Println(xs[i])", "  |               ^"},
			[]string{"reflect"}},
		{"index out of range with a literal index",
			"xs := []int{1}\nfmt.Println(xs[2])",
			"runtime error: index out of range [2] with length 1",
			[]string{"at line 2"},
			nil},
		{"a name shadowed in a block gives no numbers",
			"xs := []int{1}\ni := 0\nfor i := 3; i < 4; i++ {\n\tfmt.Println(xs[i])\n}",
			"runtime error: index out of range",
			[]string{"at line 4", "4 | \tfmt.Println(xs[i])"},
			[]string{"[0]", "reflect"}},
		{"index out of range in a function",
			"func get(xs []int, i int) int {\n\treturn xs[i]\n}\nget([]int{1}, 4)",
			"runtime error: index out of range",
			[]string{"at get (line 2:9)", "2 | \treturn xs[i]"},
			[]string{"reflect"}},
		{"nil pointer",
			"type T struct{ A int }\nvar p *T\nfmt.Println(p.A)",
			"runtime error: invalid memory address or nil pointer dereference",
			[]string{"at line 3", "3 | fmt.Println(p.A)"},
			[]string{"reflect", "zero Value"}},
		{"failed type assertion",
			"var v any = \"s\"\nn := v.(int)\nfmt.Println(n)",
			"interface conversion: interface {} is string, not int",
			[]string{"at line 2", "2 | n := v.(int)", "  |      ^"},
			[]string{"0002:"}},
		{"integer division by zero",
			"a, b := 1, 0\nfmt.Println(a / b)",
			"runtime error: integer divide by zero",
			[]string{"at line 2", "2 | fmt.Println(a / b)", "  |               ^"},
			[]string{"runtime error: runtime error"}},
		{"assignment to a nil map",
			"var m map[string]int\nm[\"a\"] = 1",
			"assignment to entry in nil map",
			[]string{"at line 2", "2 | m[\"a\"] = 1"},
			nil},
		{"call of a nil function",
			"var f func()\nfmt.Println(1)\nf()",
			"runtime error: invalid memory address or nil pointer dereference",
			[]string{"at line 3", "3 | f()"},
			[]string{"reflect"}},
		{"string index out of range",
			"s := \"abc\"\nk := 7\nfmt.Println(s[k])",
			"runtime error: index out of range [7] with length 3",
			[]string{"at line 3"},
			nil},
		{"index out of range in a program's main",
			"package main\n\nimport \"fmt\"\n\nfunc main() {\n\txs := []int{1}\n\ti := 3\n\tfmt.Println(xs[i])\n}",
			"runtime error: index out of range",
			[]string{"at main (line 8:16)", "8 | \tfmt.Println(xs[i])"},
			[]string{"__main", "line 6"}},
		{"a program with an unclosed brace",
			"package main\n\nfunc main() {\n\tx := 1\n",
			"line 4:8: expected '}', found the end of the input",
			[]string{"4 | \tx := 1", "  | \t      ^"},
			[]string{"found main"}},
		{"two candidate lines are both named",
			"xs := []int{1}\nys := []int{1, 2}\nfmt.Println(ys[1])\nfmt.Println(xs[1])",
			"runtime error: index out of range",
			[]string{"at lines 3 or 4"},
			nil},
		{"undefined name",
			"y := 1\nfmt.Println(y + x)",
			"line 2:17: undefined: x",
			[]string{"2 | fmt.Println(y + x)", "  |                 ^"},
			nil},
		{"syntax error at the end of the cell",
			"x := 1\nfmt.Println(x +\n",
			"line 2:16: expected operand, found the end of the input",
			[]string{"2 | fmt.Println(x +", "  |                ^"},
			[]string{"line 3", "'}'"}},
		{"open block at the end of the cell",
			"x := 1\nif x > 0 {\n",
			"line 2:11: expected '}', found the end of the input",
			nil,
			[]string{"line 3", "EOF"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEngine(t)
			res, _ := run(t, e, c.code)
			if res.Error == nil {
				t.Fatal("no error")
			}
			all := res.Error.Name + ": " + res.Error.Value + "\n" + strings.Join(res.Error.Traceback, "\n")
			if res.Error.Value != c.value {
				t.Errorf("value %q, want %q\n%s", res.Error.Value, c.value, all)
			}
			for _, want := range c.tb {
				if !strings.Contains(all, want) {
					t.Errorf("traceback lacks %q:\n%s", want, all)
				}
			}
			for _, bad := range c.not {
				if strings.Contains(all, bad) {
					t.Errorf("error shows %q:\n%s", bad, all)
				}
			}
		})
	}
}

// Iterator functions and range over func are beyond the interpreter: the
// error names the limit and what to write instead.
func TestIteratorFeaturesNameTheLimitAndTheAlternative(t *testing.T) {
	for _, c := range []struct{ code, want string }{
		{"m := map[string]int{\"a\": 1}\nfor k := range maps.Keys(m) {\n\tfmt.Println(k)\n}",
			"maps.Keys works with iterators (iter.Seq), which the interpreter (yaegi) does not support (no iterator functions, no range over func); instead: for k := range m { keys = append(keys, k) }"},
		{"s := slices.Sorted(maps.Keys(map[string]int{}))\ns",
			"slices.Sorted works with iterators (iter.Seq), which the interpreter (yaegi) does not support (no iterator functions, no range over func); instead: collect the values into a slice s with a for range loop, then slices.Sort(s)"},
		{"for i := range func(yield func(int) bool) {} {\n\tfmt.Println(i)\n}",
			"range over a function (an iterator) is not supported by the interpreter (yaegi); call the function with a yield callback, or build a slice and range over it"},
	} {
		e := newEngine(t)
		res, _ := run(t, e, c.code)
		if res.Error == nil || res.Error.Name != "InterpreterLimit" || !strings.Contains(res.Error.Value, c.want) {
			t.Errorf("%q:\nerror %+v\nwant InterpreterLimit with %q", c.code, res.Error, c.want)
		}
		if res.Error != nil && strings.Contains(res.Error.Value, "crashed") {
			t.Errorf("%q: reads as a crash: %s", c.code, res.Error.Value)
		}
	}
}
