// Command slowest reads the output of `go test -json` and prints the packages
// and tests that took longest, so that the slow part of the suite is named by
// measurement rather than by guess.
//
//	go test -count=1 -json ./... > /tmp/t.json
//	go run ./bench/tests/slowest -n 20 /tmp/t.json
//
// A package's time is the elapsed time its test binary reports (running, not
// building or linking it). A test's time is its own elapsed time; for a
// subtest the name carries the parent's, and parents include their subtests,
// so -top-level keeps only tests without a slash. Skipped tests are listed
// apart with their reason's first line, which is how -short's effect shows.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
)

// event is one line of `go test -json` (cmd/test2json's TestEvent).
type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

// result is the final state of a package or a test.
type result struct {
	pkg, test string
	action    string // pass, fail or skip
	elapsed   float64
	reason    string // for skips: the first line of output after "--- SKIP"
}

func main() {
	n := flag.Int("n", 15, "how many packages and tests to print")
	topLevel := flag.Bool("top-level", false, "list top-level tests only (subtests are part of their parent's time)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: slowest [-n N] [-top-level] [file.json] (default: standard input)")
		flag.PrintDefaults()
	}
	flag.Parse()
	var in io.Reader = os.Stdin
	name := "standard input"
	if flag.NArg() > 1 {
		flag.Usage()
		os.Exit(2)
	}
	if flag.NArg() == 1 {
		f, err := os.Open(flag.Arg(0))
		if err != nil {
			fmt.Fprintln(os.Stderr, "slowest:", err)
			os.Exit(1)
		}
		defer f.Close()
		in, name = f, flag.Arg(0)
	}
	pkgs, tests, err := read(in)
	if err != nil {
		fmt.Fprintf(os.Stderr, "slowest: %s: %v\n", name, err)
		os.Exit(1)
	}
	if len(pkgs) == 0 {
		fmt.Fprintf(os.Stderr, "slowest: %s: no package results: is it the output of go test -json?\n", name)
		os.Exit(1)
	}
	report(os.Stdout, pkgs, tests, *n, *topLevel)
}

// read collects the final result of every package and test. Lines that are
// not JSON (a build failure's compiler output) are an error naming the line.
func read(r io.Reader) (pkgs, tests []result, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	// The last line a test logged: for a skip, its reason (printed before
	// "--- SKIP" in -json's verbose mode, after it otherwise).
	lastLog := map[[2]string]string{}
	line := 0
	for sc.Scan() {
		line++
		text := sc.Bytes()
		if len(text) == 0 {
			continue
		}
		var e event
		if err := json.Unmarshal(text, &e); err != nil {
			return nil, nil, fmt.Errorf("line %d: not a go test -json event: %v", line, err)
		}
		key := [2]string{e.Package, e.Test}
		switch e.Action {
		case "output":
			out := strings.TrimSpace(e.Output)
			if out != "" && !strings.HasPrefix(out, "=== ") && !strings.HasPrefix(out, "--- ") {
				lastLog[key] = out
			}
		case "pass", "fail", "skip":
			res := result{pkg: e.Package, test: e.Test, action: e.Action, elapsed: e.Elapsed, reason: lastLog[key]}
			if e.Test == "" {
				pkgs = append(pkgs, res)
			} else {
				tests = append(tests, res)
			}
		}
	}
	return pkgs, tests, sc.Err()
}

func report(w io.Writer, pkgs, tests []result, n int, topLevel bool) {
	bySlowest := func(rs []result) {
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].elapsed > rs[j].elapsed })
	}
	var total float64
	failed := 0
	for _, p := range pkgs {
		total += p.elapsed
		if p.action == "fail" {
			failed++
		}
	}
	bySlowest(pkgs)
	fmt.Fprintf(w, "%d packages, %.1f s of test-binary run time in sum (not wall time), %d failed\n\n", len(pkgs), total, failed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "seconds\tresult\t package\t")
	for i, p := range pkgs {
		if i == n {
			break
		}
		fmt.Fprintf(tw, "%.2f\t%s\t %s\t\n", p.elapsed, p.action, short(p.pkg))
	}
	tw.Flush()

	var ran, skipped []result
	for _, t := range tests {
		if topLevel && strings.Contains(t.test, "/") {
			continue
		}
		if t.action == "skip" {
			skipped = append(skipped, t)
		} else {
			ran = append(ran, t)
		}
	}
	bySlowest(ran)
	fmt.Fprintf(w, "\n%d tests ran, %d skipped; slowest:\n\n", len(ran), len(skipped))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "seconds\tresult\t test\t")
	for i, t := range ran {
		if i == n {
			break
		}
		fmt.Fprintf(tw, "%.2f\t%s\t %s.%s\t\n", t.elapsed, t.action, short(t.pkg), t.test)
	}
	tw.Flush()
	if len(skipped) > 0 {
		fmt.Fprintf(w, "\nskipped:\n")
		sort.SliceStable(skipped, func(i, j int) bool {
			return skipped[i].pkg+"."+skipped[i].test < skipped[j].pkg+"."+skipped[j].test
		})
		for _, t := range skipped {
			fmt.Fprintf(w, "  %s.%s: %s\n", short(t.pkg), t.test, t.reason)
		}
	}
}

// short drops the module path so that the columns stay readable.
func short(pkg string) string {
	if s, ok := strings.CutPrefix(pkg, "github.com/specstress/specstress/"); ok {
		return s
	}
	return pkg
}
