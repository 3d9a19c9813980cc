// Command phases times what `specstress run hello.go` does after package
// initialisation, phase by phase, in one process: the medians over -n
// rounds of a fresh yaegi interpreter given the base tables (the Use call
// that also compiles yaegi's generic sources), the project's generic
// additions, a whole engine (repl.New with the script's preloads) and the
// script's Execute.
//
//	go run ./bench/startup/phases [-n 50]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/specstress/specstress/kernel/engine"
	"github.com/specstress/specstress/kernel/repl"
	"github.com/specstress/specstress/stdlib"
)

const hello = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hello\")\n}\n"

func main() {
	n := flag.Int("n", 50, "rounds")
	flag.Parse()
	phases := map[string][]time.Duration{}
	order := []string{"tables: build+Use base (with yaegi generic sources)", "compile stdlib.GenericSources",
		"tables: build+Use all (the old start)", "repl.New (preloads: fmt)", "Execute hello", "repl.New (all preloads)"}
	for range *n {
		t := time.Now()
		it := interp.New(interp.Options{Stdout: io.Discard, Stderr: io.Discard})
		ex := stdlib.Exports(stdlib.Needs("fmt", "flag", "log", "os", "math/bits", "cmp", "sort")...)
		ex["."] = stdlib.MapTypesExport()["."]
		must(it.Use(ex))
		phases[order[0]] = append(phases[order[0]], time.Since(t))
		t = time.Now()
		for _, src := range stdlib.GenericSources {
			_, err := it.Compile(src)
			must(err)
		}
		phases[order[1]] = append(phases[order[1]], time.Since(t))

		t = time.Now()
		it = interp.New(interp.Options{Stdout: io.Discard, Stderr: io.Discard})
		must(it.Use(stdlib.All()))
		phases[order[2]] = append(phases[order[2]], time.Since(t))

		t = time.Now()
		e, err := repl.New(repl.Options{Preload: true, PreloadOnly: func(n string) bool { return n == "fmt" }, Stray: io.Discard})
		must(err)
		phases[order[3]] = append(phases[order[3]], time.Since(t))
		t = time.Now()
		res := e.Execute(context.Background(), hello, discard{})
		if res.Error != nil {
			must(fmt.Errorf("%s: %s", res.Error.Name, res.Error.Value))
		}
		phases[order[4]] = append(phases[order[4]], time.Since(t))
		e.Close()

		t = time.Now()
		e, err = repl.New(repl.Options{Preload: true, Stray: io.Discard})
		must(err)
		phases[order[5]] = append(phases[order[5]], time.Since(t))
		e.Close()
	}
	fmt.Printf("medians over %d rounds; tables are built once per process, so only the first round pays for building them\n", *n)
	for _, name := range order {
		d := phases[name]
		first := d[0]
		slices.Sort(d)
		fmt.Printf("  %-55s %8.2f ms   (first round %.2f ms)\n", name, ms(d[len(d)/2]), ms(first))
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type discard struct{}

func (discard) Stream(string, string)                               {}
func (discard) Display(engine.Bundle, map[string]any, string, bool) {}
func (discard) Clear(bool)                                          {}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "phases:", err)
		os.Exit(1)
	}
}
