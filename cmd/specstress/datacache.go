package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/specstress/specstress/pipeline/dataset/remote"
)

// Commands read hf:// paths and URLs through package remote; on a terminal
// its transfers draw a progress line on stderr.
func init() {
	if st, err := os.Stderr.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
		remote.SetDefaultProgress(remote.TerminalProgress(os.Stderr))
	}
}

// runDataCache shows the size of the cache of remote files, or clears it.
func runDataCache(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("data cache", flag.ContinueOnError)
	fs.SetOutput(stderr)
	clear := fs.Bool("clear", false, "remove every cached listing and byte range")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: specstress data cache [--clear]\n\nShows (or with --clear empties) the cache of remote dataset listings and byte ranges.\n\nflags:")
		fs.PrintDefaults()
	}
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 0 {
		fmt.Fprintf(stderr, "specstress data cache: takes no arguments besides flags, got %q\n", pos)
		return 2
	}
	dir, err := remote.CacheDir()
	if err != nil {
		fmt.Fprintf(stderr, "specstress data cache: %v\n", err)
		return 1
	}
	st, err := remote.Stats(dir)
	if err != nil {
		fmt.Fprintf(stderr, "specstress data cache: %v\n", err)
		return 1
	}
	if *clear {
		if err := remote.Clear(dir); err != nil {
			fmt.Fprintf(stderr, "specstress data cache: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "cleared %s: %d files (%d bytes), %d listings\n", dir, st.Files, st.Bytes, st.Listings)
		return 0
	}
	fmt.Fprintf(stdout, "cache %s: %d files (%d bytes cached), %d listings\n", dir, st.Files, st.Bytes, st.Listings)
	fmt.Fprintln(stdout, "set SPECSTRESS_CACHE to move it; HF_HUB_OFFLINE=1 reads only from it")
	return 0
}
