// Command specstress is a Go notebook kernel and scripting runtime for
// stress-testing AI model specs: a Jupyter kernel, a script runner, a headless
// notebook runner and the pipeline's command line. Each subcommand lives in a
// file of its own and registers itself in init.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/specstress/specstress/internal/startheap"
)

// command is one subcommand: run gets the arguments after its name and
// returns the process exit code.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands is filled by the init functions of this package's files and read
// only after main starts. A command with an empty summary is internal and
// not listed.
var commands = map[string]command{}

func register(name, summary string, run func(args []string, stdout, stderr io.Writer) int) {
	if _, dup := commands[name]; dup {
		panic("specstress: command registered twice: " + name)
	}
	commands[name] = command{summary, run}
}

func main() {
	// Every command starts with a few MB of live heap (package
	// initialisation, an engine); collecting it frees nothing.
	startheap.Raise()
	os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
}

func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "--version" || args[0] == "-version" {
		return runVersion(args[1:], stdout, stderr)
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "specstress: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	return c.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: specstress COMMAND [ARGS...]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n, c := range commands {
		if c.summary != "" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'specstress COMMAND -h' for a command's flags.")
}
