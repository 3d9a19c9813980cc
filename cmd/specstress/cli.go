package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"sort"
)

// The command line follows one convention for every subcommand: flags may
// come before or after positional arguments, -h and --help print the
// subcommand's own text and exit 0, a flag error exits 2 naming the flag.

// parseArgs parses args with fs, flags before, between or after the
// positional arguments, which it returns. ok is false when the command
// should stop with code: 0 after -h or --help (fs.Usage printed the
// command's text), 2 after a flag error (the flag package named it).
func parseArgs(fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	pos, err := parseInterleaved(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return nil, 0, false
	case err != nil:
		return nil, 2, false
	}
	return pos, 0, true
}

// wantsHelp reports whether args hold -h, -help or --help before any
// "--" (the word help is left alone: it may name a file).
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "--help", "-help":
			return true
		}
	}
	return false
}

// subcommands lists the subcommands of the commands that have them, so that
// help and the tests can enumerate every command line the binary accepts.
var subcommands = map[string][]string{}

// registerSubs records the subcommands of command name.
func registerSubs(name string, subs ...string) {
	subcommands[name] = append(subcommands[name], subs...)
	sort.Strings(subcommands[name])
}

func init() {
	register("version", "print the version of this binary", runVersion)
}

// version returns the module version and the VCS revision this binary was
// built from, as far as the Go toolchain recorded them.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "specstress (no build information)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, modified, at string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+modified"
			}
		case "vcs.time":
			at = s.Value
		}
	}
	out := "specstress " + v
	if rev != "" {
		out += fmt.Sprintf(" (commit %.12s%s", rev, modified)
		if at != "" {
			out += ", " + at
		}
		out += ")"
	}
	return out + " " + bi.GoVersion
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: specstress version   (or specstress --version)\n\nPrints the module version, the commit this binary was built from and the Go version.")
	}
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "specstress version: takes no arguments, got %q\n", pos)
		return 2
	}
	fmt.Fprintln(stdout, version())
	return 0
}
