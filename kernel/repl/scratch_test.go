//go:build scratch

package repl

import (
	"fmt"
	"testing"
)

func TestScratch(t *testing.T) {
	e := newEngine(t)
	for _, c := range []string{"y := undefinedThing", "x := 2\n\ny := undefinedThing", "z := undefinedThing + 1", "fmt.Println(undefinedThing)"} {
		res, _ := run(t, e, c)
		fmt.Printf("%q -> %v\n", c, res.Error.Value)
	}
}
