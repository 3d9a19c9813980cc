package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/specstress/specstress/kernel"
	"github.com/specstress/specstress/kernel/repl"
)

func init() {
	register("kernel", "run as a Jupyter kernel (the kernelspec's argv)", runKernel)
}

// runKernel serves the Go engine over the Jupyter protocol on the addresses
// of a connection file until a shutdown_request or SIGTERM. SIGINT
// interrupts the running cell, as interrupt_request does.
func runKernel(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stderr, "usage: specstress kernel CONNECTION_FILE")
		fmt.Fprintln(stderr, "\nJupyter runs this through the kernelspec `specstress install` writes.")
		if len(args) == 1 {
			return 0
		}
		return 2
	}
	ci, err := kernel.ReadConnectionFile(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "specstress kernel: %v\n", err)
		return 1
	}
	srv, err := kernel.NewServer(kernel.Options{
		Connection: ci,
		NewEngine: func() (kernel.Engine, error) {
			// Reads of os.Stdin in a cell become input requests to the notebook.
			return kernel.WithInputRequests(func(stdin io.Reader) (kernel.Engine, error) {
				return newGoEngine(nil, stdin)
			})
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
func newGoEngine(args []string, stdin io.Reader) (kernel.Engine, error) {
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
