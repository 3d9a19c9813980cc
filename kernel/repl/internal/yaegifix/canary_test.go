package yaegifix

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// The canaries: each runs the minimal snippet of a yaegi v0.16.1 defect on
// a raw interpreter (interp.New with yaegi's own standard library tables,
// none of the engine's rewrites) and asserts that the defect is still
// there, exactly as observed. When a yaegi upgrade fixes a defect (or
// changes how it shows), its canary fails and names the workaround that can
// go. The engine's own tests (listed in doc.go) check that the cells give
// Go's answer with the workarounds in place.

// canary is one defect: the snippet fed to yaegi one Eval at a time, and
// what yaegi does with it today.
type canary struct {
	name       string   // the canary's name (doc.go refers to it)
	bug        string   // the defect, in a few words
	workaround string   // what to remove once it is fixed, and where
	srcs       []string // evaluated in order on one interpreter
	// The defect as observed: stdout exactly (when not empty), and a text
	// the last Eval's error or panic contains (when not empty).
	stdout string
	fails  string
	last   string // the last Eval's outcome exactly, as observed.last (when not empty)
	goSays string // what Go does instead, for the failure message
}

// observed is what a raw interpreter did with a canary's snippets.
type observed struct {
	stdout string
	last   string // "error: ...", "panic: ..." or "value: ..." of the last Eval
	failed string // the error or panic text of the last Eval, "" when it ran
}

// evalRaw runs srcs on a fresh raw interpreter, recovering panics that
// escape Eval (yaegi's compiler panics on some of these snippets).
func evalRaw(t *testing.T, srcs []string) observed {
	t.Helper()
	var out, errb bytes.Buffer
	it := interp.New(interp.Options{Stdout: &out, Stderr: &errb})
	if err := it.Use(stdlib.Symbols); err != nil {
		t.Fatalf("loading yaegi's standard library: %v", err)
	}
	// yaegi's compiler logs its crashes ("nil type") through the standard
	// logger before panicking; the panic value says the same.
	log.SetOutput(io.Discard)
	defer log.SetOutput(os.Stderr)
	var o observed
	for _, src := range srcs {
		func() {
			defer func() {
				if r := recover(); r != nil {
					o.failed = fmt.Sprint(r)
					o.last = "panic: " + o.failed
				}
			}()
			o.failed, o.last = "", ""
			v, err := it.Eval(src)
			switch {
			case err != nil:
				o.failed = err.Error()
				o.last = "error: " + o.failed
			case v.IsValid() && v.CanInterface():
				o.last = fmt.Sprintf("value: %v", v.Interface())
			default:
				o.last = "value: none"
			}
		}()
	}
	o.stdout = out.String()
	return o
}

// check fails the test, naming the workaround to remove, when yaegi no
// longer shows the defect as recorded.
func (c canary) check(t *testing.T) {
	t.Helper()
	if c.stdout == "" && c.fails == "" && c.last == "" {
		t.Fatalf("canary %s records no defect to look for", c.name)
	}
	o := evalRaw(t, c.srcs)
	still := true
	if c.last != "" && o.last != c.last {
		still = false
	}
	if c.stdout != "" && o.stdout != c.stdout {
		still = false
	}
	if c.fails != "" && !strings.Contains(o.failed, c.fails) {
		still = false
	}
	if !still {
		t.Errorf("yaegi fixed %s: remove workaround %s\n"+
			"  (or the defect changed shape: adapt the workaround and this canary)\n"+
			"  snippet: %q\n  recorded defect: stdout %q, failure containing %q, last eval %q\n"+
			"  now: stdout %q, last eval %s\n  Go: %s",
			c.bug, c.workaround, c.srcs, c.stdout, c.fails, c.last, o.stdout, o.last, c.goSays)
	}
}

func TestYaegiDefectsStillPresent(t *testing.T) {
	for _, c := range canaries {
		t.Run(c.name, c.check)
	}
}

// TestYaegiKeepsCompiledRoots checks what DropRoots relies on: the
// interpreter's unexported roots list exists and grows on every Compile.
func TestYaegiKeepsCompiledRoots(t *testing.T) {
	it := interp.New(interp.Options{})
	roots := func() int {
		f := reflect.ValueOf(it).Elem().FieldByName("roots")
		if !f.IsValid() || f.Kind() != reflect.Slice {
			return -1
		}
		return f.Len()
	}
	before := roots()
	for i := 0; i < 3; i++ {
		if _, err := it.Compile(fmt.Sprintf("x%d := %d", i, i)); err != nil {
			t.Fatal(err)
		}
	}
	if before < 0 || roots() < before+3 {
		t.Errorf("yaegi fixed retaining every compiled tree in Interpreter.roots (len %d before, %d after 3 compilations): "+
			"remove workaround DropRoots in kernel/repl/internal/yaegifix/roots.go and its call in kernel/repl/compile.go", before, roots())
	}
	DropRoots(it)
	if roots() != 0 {
		t.Errorf("DropRoots left %d roots", roots())
	}
}
