package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/specstress/specstress/kernel/engine"
	"github.com/specstress/specstress/kernel/notebook"
)

func init() {
	registerSubs("nb", "run")
	register("nb", "execute notebooks headless: nb run NOTEBOOK.ipynb... [--out DIR] [--html]", runNB)
}

// nbRunFlags are the options of `specstress nb run`.
type nbRunFlags struct {
	out             string
	html            bool
	continueOnError bool
	timeout         time.Duration
	memoryLimit     string
}

func runNB(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] != "run" && args[0] != "help" && !wantsHelp(args[:1]) {
		fmt.Fprintf(stderr, "specstress nb: unknown subcommand %q (want run)\n", args[0])
	}
	if len(args) == 0 || args[0] != "run" {
		fmt.Fprintln(stderr, "usage: specstress nb run NOTEBOOK.ipynb... [--out DIR] [--html] [--continue-on-error] [--timeout D] [--memory-limit SIZE]")
		if len(args) > 0 && (args[0] == "help" || wantsHelp(args[:1])) {
			return 0
		}
		return 2
	}
	var f nbRunFlags
	fs := flag.NewFlagSet("nb run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.out, "out", "", "write executed notebooks (and HTML) to `DIR` instead of in place")
	fs.BoolVar(&f.html, "html", false, "also write a self-contained HTML page beside each executed notebook")
	fs.BoolVar(&f.continueOnError, "continue-on-error", false, "run the remaining cells after a cell fails")
	fs.DurationVar(&f.timeout, "timeout", 10*time.Minute, "per-cell time limit (0: none)")
	fs.StringVar(&f.memoryLimit, "memory-limit", "", "most memory one notebook's Go session may use, e.g. 4GiB, 50%, none\n(default: $"+memoryLimitEnv+", else half the machine's memory)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: specstress nb run NOTEBOOK.ipynb... [flags]\n\nExecutes each notebook top to bottom with a fresh Go engine (in a supervised\nchild process) whose working directory is the notebook's directory, and saves\nthe outputs. A notebook whose cell fails, or whose Go process dies, is saved\nwith the cells that ran and the error; the run goes on with the next one.\nExit status 1 if any notebook failed.\n\nflags:")
		fs.PrintDefaults()
	}
	paths, code, ok := parseArgs(fs, args[1:])
	if !ok {
		return code
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "specstress nb run: no notebook given: name one or more NOTEBOOK.ipynb files")
		fs.Usage()
		return 2
	}
	limit, _, err := memoryLimit(f.memoryLimit)
	if err != nil {
		fmt.Fprintf(stderr, "specstress nb run: %v\n", err)
		return 2
	}
	newEng := func(dir string) (engine.Engine, error) { return newSupervisedEngine(dir, limit, stderr) }
	if f.out != "" {
		if err := os.MkdirAll(f.out, 0o755); err != nil {
			fmt.Fprintf(stderr, "specstress nb run: %v\n", err)
			return 1
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var failed []string
	for _, p := range paths {
		outPath := p
		if f.out != "" {
			outPath = filepath.Join(f.out, filepath.Base(p))
		}
		job := nbJob{
			in: p, out: outPath,
			opts: notebook.Options{ContinueOnError: f.continueOnError, Timeout: f.timeout},
		}
		if f.html {
			job.html = strings.TrimSuffix(outPath, filepath.Ext(outPath)) + ".html"
		}
		res := job.run(ctx, newEng)
		fmt.Fprintln(stdout, res.summary())
		if res.err != nil {
			failed = append(failed, p)
			msg := res.err.Error()
			if !strings.HasPrefix(msg, p+": ") { // a read error names the file already
				msg = p + ": " + msg
			}
			fmt.Fprintln(stderr, msg)
		}
		if ctx.Err() != nil {
			break
		}
	}
	if len(failed) > 0 {
		fmt.Fprintf(stderr, "specstress nb run: %d of %d notebooks failed:\n", len(failed), len(paths))
		for _, p := range failed {
			fmt.Fprintf(stderr, "  %s\n", p)
		}
		return 1
	}
	return 0
}

// parseInterleaved parses flags that may come before, between or after the
// positional arguments, as users type them (`nb run a.ipynb --html`).
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// newEngine starts the real Go engine for one notebook, with the preloads,
// as Jupyter starts a kernel per notebook: in a supervised child process
// working in dir, under the default memory limit, so that a Go fatal error
// in a cell fails that notebook only. Cells see the process environment;
// stdin is empty (nobody can type into a headless run).
func newEngine(dir string) (engine.Engine, error) {
	limit, _, err := memoryLimit("")
	if err != nil {
		return nil, err
	}
	return newSupervisedEngine(dir, limit, os.Stderr)
}

// engineFactory makes a fresh engine for one notebook; dir is the working
// directory the notebook's code expects (the notebook's own directory).
type engineFactory func(dir string) (engine.Engine, error)

// nbJob executes one notebook file and writes its outputs.
type nbJob struct {
	in, out, html string
	opts          notebook.Options
}

// nbResult is what happened to one notebook.
type nbResult struct {
	path    string
	nb      *notebook.Notebook
	report  *notebook.Report
	elapsed time.Duration
	err     error // the first failure: unreadable file, failed cell, write error
}

func (r nbResult) summary() string {
	status, cells := "ok  ", 0
	if r.err != nil {
		status = "FAIL"
	}
	if r.report != nil {
		cells = r.report.Executed
	}
	return fmt.Sprintf("%s %-44s %3d cells %7.2fs", status, r.path, cells, r.elapsed.Seconds())
}

// run executes the notebook with the process working directory set to the
// notebook's directory (as Jupyter starts kernels there), so relative data
// paths in cells resolve the same way in Jupyter and here. Changing the
// process directory is acceptable in cmd/: notebooks run one at a time.
func (j nbJob) run(ctx context.Context, newEng engineFactory) (res nbResult) {
	start := time.Now()
	res.path = j.in
	defer func() { res.elapsed = time.Since(start) }()
	nb, err := notebook.ReadFile(j.in)
	if err != nil {
		res.err = err
		return res
	}
	res.nb = nb
	outAbs, err := filepath.Abs(j.out)
	if err != nil {
		res.err = err
		return res
	}
	htmlAbs := ""
	if j.html != "" {
		if htmlAbs, err = filepath.Abs(j.html); err != nil {
			res.err = err
			return res
		}
	}
	dir, err := filepath.Abs(filepath.Dir(j.in))
	if err != nil {
		res.err = err
		return res
	}
	rep, runErr := j.execute(ctx, nb, dir, newEng)
	res.report = rep
	if runErr == nil {
		runErr = rep.Err()
	}
	res.err = runErr
	// The notebook is saved even when a cell failed: its error output is
	// what the user needs to see.
	if err := nb.WriteFile(outAbs); err != nil && res.err == nil {
		res.err = err
	}
	if htmlAbs != "" {
		page := nb.HTML(notebook.HTMLOptions{})
		if err := os.WriteFile(htmlAbs, []byte(page), 0o644); err != nil && res.err == nil {
			res.err = fmt.Errorf("write %s: %w", htmlAbs, err)
		}
	}
	return res
}

func (j nbJob) execute(ctx context.Context, nb *notebook.Notebook, dir string, newEng engineFactory) (*notebook.Report, error) {
	prev, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	if err := os.Chdir(dir); err != nil {
		return nil, err
	}
	defer os.Chdir(prev)
	eng, err := newEng(dir)
	if err != nil {
		return nil, fmt.Errorf("start engine: %w", err)
	}
	defer eng.Close()
	return notebook.Run(ctx, nb, eng, j.opts)
}
