package repl

import (
	"os"
	"strings"
	"testing"
)

func TestScratch(t *testing.T) {
	src, err := os.ReadFile(os.Getenv("SCRATCH"))
	if err != nil {
		t.Skip()
	}
	e := newEngine(t)
	for _, c := range strings.Split(string(src), "\n----\n") {
		res, out := run(t, e, c)
		t.Logf("CELL %q\n stdout %q stderr %q result %q", c, out.Stdout(), out.Stderr(), text(res))
		if res.Error != nil {
			t.Logf(" ERROR %s %s", res.Error.Value, strings.Join(res.Error.Traceback, "\n"))
		}
	}
}
