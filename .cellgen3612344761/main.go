package main

import errors "errors"
import fmt "fmt"
var _ = errors.New
var _ = fmt.Sprint
type Point struct{ X, Y int }
func (p Point) String() string { return fmt.Sprintf("(%d,%d)", p.X, p.Y) }
type Seg struct{ A, B Point }
type Row struct {
	Name string
	N    int
}
type Level int
func (l Level) String() string { return [...]string{"low", "mid", "high"}[l] }
var v any = 3
var p Point
var segs []Seg
var lv Level
var describe func(v any) string
var vals []any
func main() {
	__show := func(v any) { fmt.Printf("\x01%#v", v) }
	_ = __show
	fmt.Print("\x00cell0\x00")
	p = Point{1, 2}
	fmt.Println(p)
	fmt.Print("\x00cell1\x00")
	segs = []Seg{{Point{1, 2}, Point{3, 4}}}
	fmt.Println([]Point{p, {5, 6}}, map[string]Point{"o": {}}, segs)
	fmt.Printf("%v %+v\n", segs[0], &segs[0])
	fmt.Print("\x00cell2\x00")
	fmt.Printf("%T %v\n", p, p)
	fmt.Print("\x00cell3\x00")
	fmt.Printf("%+v %T\n", Row{"a", 1}, Row{})
	fmt.Print("\x00cell4\x00")
	fmt.Println(&Row{"b", 2})
	fmt.Print("\x00cell5\x00")
	lv = Level(2)
	fmt.Printf("%d %v %s\n", lv, lv, lv)
	fmt.Print("\x00cell6\x00")
	describe = func(v any) string {
		switch x := v.(type) {
		case error:
			return "error: " + x.Error()
		case fmt.Stringer:
			return "stringer: " + x.String()
		case int:
			return "int"
		}
		return "other"
	}
	fmt.Println(describe(errors.New("boom")))
	fmt.Println(describe(7))
	fmt.Println(describe(p))
	fmt.Print("\x00cell7\x00")
	fmt.Printf("%T\n", v)
	vals = []any{1, "a", 2.5}
	for _, x := range vals {
		fmt.Printf("%T ", x)
	}
	fmt.Println()
}
