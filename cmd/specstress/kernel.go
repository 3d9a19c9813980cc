package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/specstress/specstress/kernel"
	"github.com/specstress/specstress/kernel/engine"
	"github.com/specstress/specstress/kernel/repl"
)

func init() {
	register("kernel", "run as a Jupyter kernel (the kernelspec's argv)", runKernel)
}

const kernelUsage = "usage: specstress kernel [--memory-limit SIZE] [--insecure] CONNECTION_FILE"

// runKernel serves the Go engine over the Jupyter protocol on the addresses
// of a connection file until a shutdown_request or SIGTERM. SIGINT
// interrupts the running cell, as interrupt_request does. The engine runs
// in a supervised child process (see engine.go): a Go fatal error in a cell
// becomes the cell's error and a fresh session, not a dead kernel.
func runKernel(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("kernel", flag.ContinueOnError)
	fs.SetOutput(stderr)
	memLimit := fs.String("memory-limit", "", "most memory the kernel's Go session may use, e.g. 4GiB, 50%, none\n(default: $"+memoryLimitEnv+", else half the machine's memory)")
	insecure := fs.Bool("insecure", false, "serve a connection file with an empty key: unsigned messages, anyone who can reach the ports can run code")
	fs.Usage = func() {
		fmt.Fprintln(stderr, kernelUsage)
		fmt.Fprintln(stderr, "\nJupyter runs this through the kernelspec `specstress install` writes.\n\nflags:")
		fs.PrintDefaults()
	}
	paths, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(paths) != 1 {
		fmt.Fprintf(stderr, "specstress kernel: want one connection file, got %d arguments\n", len(paths))
		fs.Usage()
		return 2
	}
	ci, err := kernel.ReadConnectionFile(paths[0])
	if err != nil {
		fmt.Fprintf(stderr, "specstress kernel: %v\n", err)
		return 1
	}
	if ci.Key == "" {
		if !*insecure {
			fmt.Fprintf(stderr, "specstress kernel: %s has an empty key: messages would not be signed, and anyone who can "+
				"reach its ports could run code as you. Refusing to start; give the connection file a key, or pass "+
				"--insecure to run unsigned anyway.\n", paths[0])
			return 1
		}
		fmt.Fprintln(stderr, "specstress kernel: WARNING: --insecure with an empty key: messages are not signed; "+
			"anyone who can reach this kernel's ports can run code as you")
	}
	limit, how, err := memoryLimit(*memLimit)
	if err != nil {
		fmt.Fprintf(stderr, "specstress kernel: %v\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "specstress kernel: memory limit %s\n", how)
	srv, err := kernel.NewServer(kernel.Options{
		Connection: ci,
		Insecure:   *insecure,
		NewEngine: func() (engine.Engine, error) {
			return newSupervisedEngine("", limit, stderr)
		},
		Log: stderr,
	})
	if err != nil {
		fmt.Fprintf(stderr, "specstress kernel: %v\n", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	sigint := make(chan os.Signal, 1)
	signal.Notify(sigint, os.Interrupt)
	defer signal.Stop(sigint)
	go func() {
		for range sigint {
			srv.Interrupt()
		}
	}()
	go exitWithParent(ctx, stop)
	if err := srv.Serve(ctx); err != nil {
		fmt.Fprintf(stderr, "specstress kernel: %v\n", err)
		return 1
	}
	return 0
}

// newGoEngine starts the Go engine with the preloads. args is os.Args as
// cells see it (nil: just "specstress"); stdin nil means empty. This file is
// the one place the command imports kernel/repl.
func newGoEngine(args []string, stdin io.Reader) (engine.Engine, error) {
	e, err := repl.New(repl.Options{Args: args, Env: os.Environ(), Stdin: stdin, Preload: true})
	if err != nil {
		return nil, fmt.Errorf("start the Go engine: %w", err)
	}
	return e, nil
}

// exitWithParent stops the kernel when the process that launched it dies,
// as ipykernel does: jupyter_client marks its kernels with JPY_PARENT_PID,
// and a kernel orphaned by a crashed notebook server should not linger.
func exitWithParent(ctx context.Context, stop func()) {
	if os.Getenv("JPY_PARENT_PID") == "" {
		return
	}
	parent := os.Getppid()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if os.Getppid() != parent {
				fmt.Fprintln(os.Stderr, "specstress kernel: parent process exited; shutting down")
				stop()
				return
			}
		}
	}
}
