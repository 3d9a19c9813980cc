package main

import (
	"context"
	"fmt"
	"go/parser"
	"go/scanner"
	"go/token"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"

	"github.com/specstress/specstress/kernel/display"
	"github.com/specstress/specstress/kernel/engine"
	"github.com/specstress/specstress/kernel/repl"
)

func init() {
	register("run", "run a Go script (FILE.go or - for stdin) with the notebook's preloads", runScript)
}

// runScript is `specstress run FILE.go [ARGS...]`: the file runs through
// the notebook engine as one cell, with or without package main and func
// main; os.Args is [FILE ARGS...]; displays and a final value print as text
// (images go to files whose paths are printed). The exit code is 1 on an
// error, the script's own code on os.Exit, 130 on interrupt.
func runScript(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stderr, "usage: specstress run FILE.go [ARGS...]\n       specstress run - [ARGS...]   (script on standard input)")
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	name := args[0]
	var (
		src   []byte
		err   error
		stdin io.Reader = os.Stdin
	)
	if name == "-" {
		src, err = io.ReadAll(os.Stdin)
		stdin = strings.NewReader("")
	} else {
		src, err = os.ReadFile(name)
	}
	if err != nil {
		fmt.Fprintf(stderr, "specstress run: %v\n", err)
		return 1
	}
	repl.Prefetch(imports(src)...)
	e, err := repl.New(repl.Options{
		Args:        append([]string{name}, args[1:]...),
		Env:         os.Environ(),
		Stdin:       stdin,
		Preload:     true,
		PreloadOnly: mentions(src),
		Stray:       stderr,
	})
	if err != nil {
		fmt.Fprintf(stderr, "specstress run: %v\n", err)
		return 1
	}
	defer e.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	out := &scriptOutput{stdout: stdout, stderr: stderr, sink: display.TextSink(stdout, display.OutputDir())}
	res := e.Execute(ctx, string(src), out)
	if res.Error != nil {
		if code, ok := repl.ExitStatus(res.Error); ok {
			return code
		}
		fmt.Fprintf(stderr, "specstress run: %s: %s: %s\n", name, res.Error.Name, res.Error.Value)
		for _, l := range res.Error.Traceback[min(1, len(res.Error.Traceback)):] {
			fmt.Fprintln(stderr, "  "+l)
		}
		if res.Error.Name == "Interrupted" {
			return 130
		}
		return 1
	}
	if res.Data != nil {
		out.Display(res.Data, res.Metadata, "", false)
	}
	return 0
}

// imports returns the import paths of the Go source src, or none when its
// imports do not parse (the engine reports that).
func imports(src []byte) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
	if err != nil {
		return nil
	}
	var out []string
	for _, im := range f.Imports {
		if p, err := strconv.Unquote(im.Path.Value); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// mentions returns whether an identifier occurs in the Go source src. A
// script can use a preloaded package only by writing its name, so the
// preloads it does not mention are left out: importing all of them would
// build and load symbol tables (gonum, plot, the pipeline) that a script
// printing hello never touches. Names in comments and strings do not
// count; a script that does not scan loses nothing it could have used.
func mentions(src []byte) func(name string) bool {
	idents := map[string]bool{}
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile("", fset.Base(), len(src)), src, nil, 0)
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.IDENT {
			idents[lit] = true
		}
	}
	return func(name string) bool { return idents[name] }
}

// scriptOutput is the engine.Output of a script: streams go to the
// process's streams and displays degrade to text through display.TextSink.
type scriptOutput struct {
	mu     sync.Mutex
	stdout io.Writer
	stderr io.Writer
	sink   display.Sink
}

func (o *scriptOutput) Stream(name, text string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if name == "stderr" {
		io.WriteString(o.stderr, text)
		return
	}
	io.WriteString(o.stdout, text)
}

func (o *scriptOutput) Display(data engine.Bundle, meta map[string]any, id string, update bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sink.Display(data, meta, id, update)
}

func (o *scriptOutput) Clear(wait bool) {}
