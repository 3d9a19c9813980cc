package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/specstress/specstress/kernel/engine"
	"github.com/specstress/specstress/kernel/supervise"
)

// engineProcessCommand is the hidden subcommand a supervised engine runs
// in: this binary again, serving the Go engine to its parent over pipes.
const engineProcessCommand = "engine-process"

// memoryLimitEnv sets the default memory limit of kernels and notebook runs.
const memoryLimitEnv = "SPECSTRESS_MEMORY_LIMIT"

func init() {
	register(engineProcessCommand, "", runEngineProcess)
}

// runEngineProcess is the child side of a supervised engine: the Go engine
// with the preloads, its standard input served by the front-end's input
// requests. Only a supervisor starts it.
func runEngineProcess(args []string, stdout, stderr io.Writer) int {
	if len(args) != 0 {
		fmt.Fprintln(stderr, "specstress engine-process: internal command, started by `specstress kernel` and `nb run`; it takes no arguments")
		return 2
	}
	return supervise.ChildMain(func() (engine.Engine, error) {
		return engine.WithInputRequests(func(stdin io.Reader) (engine.Engine, error) {
			return newGoEngine(nil, stdin)
		})
	})
}

// newSupervisedEngine starts the Go engine in a child process of this
// binary, working in dir ("" for this process's directory), under a
// memory limit in bytes (0: none). The child's standard error and the
// supervisor's notes go to log.
func newSupervisedEngine(dir string, limit int64, log io.Writer) (engine.Engine, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("locate this binary to start the engine process: %w", err)
	}
	e, err := supervise.New(supervise.Options{
		Command: func() *exec.Cmd {
			c := exec.Command(exe, engineProcessCommand)
			c.Dir = dir
			return c
		},
		MemoryLimit: limit,
		Log:         log,
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// memoryLimit resolves the memory limit of a supervised engine: the flag's
// value if given, else $SPECSTRESS_MEMORY_LIMIT, else the default share of
// the machine's memory. It returns the limit in bytes (0: none) and a
// phrase saying what it is and where it came from.
func memoryLimit(flagValue string) (int64, string, error) {
	src, v := "--memory-limit", strings.TrimSpace(flagValue)
	if v == "" {
		src, v = memoryLimitEnv, strings.TrimSpace(os.Getenv(memoryLimitEnv))
	}
	if v == "" {
		n := supervise.DefaultMemoryLimit()
		if n == 0 {
			return 0, "none (the machine's memory size is unknown; set one with --memory-limit or " + memoryLimitEnv + ")", nil
		}
		return n, fmt.Sprintf("%s (%.0f%% of this machine's memory; change it with --memory-limit or %s)",
			supervise.FormatBytes(n), supervise.DefaultMemoryFraction*100, memoryLimitEnv), nil
	}
	n, err := supervise.ParseMemoryLimit(v)
	if err != nil {
		return 0, "", fmt.Errorf("%s: %w", src, err)
	}
	if n == 0 {
		return 0, "none (" + src + ")", nil
	}
	return n, fmt.Sprintf("%s (%s)", supervise.FormatBytes(n), src), nil
}
