// Command engine times, in a fresh process, what a kernel's engine pays to
// get ready: repl.New with every preload (the symbol tables built and
// Used, the preloads imported) and a first trivial cell. It prints two
// numbers in milliseconds; bench/startup/run.sh runs it, old and new build
// interleaved, once per process, since tables are built once per process.
// It uses only the API that predates lazy tables, so the same file builds
// against an older checkout.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/specstress/specstress/kernel/engine"
	"github.com/specstress/specstress/kernel/repl"
)

func main() {
	t := time.Now()
	e, err := repl.New(repl.Options{Preload: true, Stray: io.Discard})
	if err != nil {
		fmt.Fprintln(os.Stderr, "engine:", err)
		os.Exit(1)
	}
	ready := time.Since(t)
	t = time.Now()
	res := e.Execute(context.Background(), `x := 1 + 1`, discard{})
	if res.Error != nil {
		fmt.Fprintf(os.Stderr, "engine: %s: %s\n", res.Error.Name, res.Error.Value)
		os.Exit(1)
	}
	fmt.Printf("%.3f %.3f\n", ms(ready), ms(time.Since(t)))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type discard struct{}

func (discard) Stream(string, string)                               {}
func (discard) Display(engine.Bundle, map[string]any, string, bool) {}
func (discard) Clear(bool)                                          {}
