//go:build scratch

package repl

import (
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

func TestScratch(t *testing.T) {
	i := interp.New(interp.Options{})
	i.Use(stdlib.Symbols)
	i.Eval(`import "strings"`)
	i.Eval("/*line c1:1:1*/var sb strings.Builder")
}
