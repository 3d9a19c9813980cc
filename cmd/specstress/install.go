package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/specstress/specstress/kernel"
	"github.com/specstress/specstress/kernel/supervise"
)

func init() {
	register("install", "write the Jupyter kernelspec for this binary", runInstall)
}

// runInstall writes kernel.json (argv = this binary's absolute path +
// kernel {connection_file}) and the logos where Jupyter looks for them.
func runInstall(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("install", flag.ContinueOnError)
	fs.SetOutput(stderr)
	user := fs.Bool("user", false, "install for the current user (~/.local/share/jupyter/kernels)")
	prefix := fs.String("prefix", "", "install under `DIR`/share/jupyter/kernels (like jupyter kernelspec install --prefix)")
	name := fs.String("name", "specstress", "kernelspec `NAME`")
	display := fs.String("display-name", "Go (specstress)", "name shown in Jupyter's kernel picker")
	memLimit := fs.String("memory-limit", "", "write `SIZE` (e.g. 8GiB, 50%, none) as the kernel's memory limit into the kernelspec\n(default: none written; the kernel then uses $"+memoryLimitEnv+", else half the machine's memory)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: specstress install [--user | --prefix DIR] [--name NAME] [--display-name TEXT] [--memory-limit SIZE]")
		fmt.Fprintln(stderr, "\nWith neither --user nor --prefix the kernelspec goes to the system directory")
		fmt.Fprintln(stderr, kernel.SystemKernelsDir()+".")
		fs.PrintDefaults()
	}
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "specstress install: takes no arguments besides flags, got %q\n", pos)
		return 2
	}
	if *user && *prefix != "" {
		fmt.Fprintln(stderr, "specstress install: --user and --prefix exclude each other: give one")
		return 2
	}
	argv := []string{"kernel"}
	if *memLimit != "" {
		if _, err := supervise.ParseMemoryLimit(*memLimit); err != nil {
			fmt.Fprintf(stderr, "specstress install: --memory-limit: %v\n", err)
			return 2
		}
		argv = append(argv, "--memory-limit", *memLimit)
	}
	argv = append(argv, "{connection_file}")
	exe, err := os.Executable()
	if err == nil {
		exe, err = filepath.EvalSymlinks(exe)
	}
	if err == nil {
		exe, err = filepath.Abs(exe)
	}
	if err != nil {
		fmt.Fprintf(stderr, "specstress install: locate this binary: %v\n", err)
		return 1
	}
	if strings.Contains(exe, "go-build") {
		fmt.Fprintf(stderr, "specstress install: warning: %s looks like a temporary `go run` binary; "+
			"install with `go install` or `go build` first so the kernelspec keeps working\n", exe)
	}
	var dir string
	switch {
	case *prefix != "":
		dir = kernel.PrefixKernelsDir(*prefix)
	case *user:
		if dir, err = kernel.UserKernelsDir(); err != nil {
			fmt.Fprintf(stderr, "specstress install: %v\n", err)
			return 1
		}
	default:
		dir = kernel.SystemKernelsDir()
	}
	spec := kernel.KernelSpec{
		Argv:          append([]string{exe}, argv...),
		DisplayName:   *display,
		Language:      "go",
		InterruptMode: "message",
		Metadata:      map[string]any{"debugger": false, "specstress": map[string]any{"protocol_version": kernel.ProtocolVersion}},
	}
	out, err := kernel.WriteKernelSpec(dir, *name, spec)
	if err != nil {
		fmt.Fprintf(stderr, "specstress install: %v\n", err)
		if os.IsPermission(err) || strings.Contains(err.Error(), "permission denied") {
			fmt.Fprintln(stderr, "(try --user, or --prefix DIR)")
		}
		return 1
	}
	fmt.Fprintf(stdout, "installed kernelspec %s in %s\n", *name, out)
	fmt.Fprintf(stdout, "list it with: %s\n", listCommand(*prefix))
	return 0
}

// listCommand is the command that shows the installed kernelspec. Jupyter
// searches the user and system directories by itself; a prefix of its own
// only through JUPYTER_PATH.
func listCommand(prefix string) string {
	if prefix == "" {
		return "jupyter kernelspec list"
	}
	abs, err := filepath.Abs(prefix)
	if err != nil {
		abs = prefix
	}
	return "JUPYTER_PATH=" + shellQuote(filepath.Join(abs, "share", "jupyter")) + " jupyter kernelspec list"
}

// shellQuote quotes s for a POSIX shell when it holds anything but plain
// path characters.
func shellQuote(s string) string {
	if strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+:=@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
