package main

import (
	"strings"
	"testing"
)

// A slice of real `go test -json` output: a passing test with a subtest, a
// skipped test whose reason is logged before "--- SKIP", and the package.
const sample = `{"Action":"start","Package":"example.com/p"}
{"Action":"run","Package":"example.com/p","Test":"TestA"}
{"Action":"run","Package":"example.com/p","Test":"TestA/sub"}
{"Action":"pass","Package":"example.com/p","Test":"TestA/sub","Elapsed":0.5}
{"Action":"pass","Package":"example.com/p","Test":"TestA","Elapsed":0.75}
{"Action":"run","Package":"example.com/p","Test":"TestB"}
{"Action":"output","Package":"example.com/p","Test":"TestB","Output":"=== RUN   TestB\n"}
{"Action":"output","Package":"example.com/p","Test":"TestB","Output":"    b_test.go:9: starts Python; skipped with -short\n"}
{"Action":"output","Package":"example.com/p","Test":"TestB","Output":"--- SKIP: TestB (0.00s)\n"}
{"Action":"skip","Package":"example.com/p","Test":"TestB","Elapsed":0}
{"Action":"pass","Package":"example.com/p","Elapsed":1.25}
`

func TestReadSeparatesPackagesTestsAndSkipReasons(t *testing.T) {
	pkgs, tests, err := read(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 1 || pkgs[0].elapsed != 1.25 || pkgs[0].action != "pass" {
		t.Fatalf("packages %+v", pkgs)
	}
	if len(tests) != 3 {
		t.Fatalf("tests %+v", tests)
	}
	skip := tests[2]
	if skip.test != "TestB" || skip.action != "skip" || skip.reason != "b_test.go:9: starts Python; skipped with -short" {
		t.Errorf("skipped test %+v", skip)
	}
	var out strings.Builder
	report(&out, pkgs, tests, 5, true)
	if strings.Contains(out.String(), "TestA/sub") || !strings.Contains(out.String(), "p.TestA") {
		t.Errorf("-top-level report lists subtests or misses TestA:\n%s", out.String())
	}
}

func TestReadNamesTheBadLine(t *testing.T) {
	first, _, _ := strings.Cut(sample, "\n")
	_, _, err := read(strings.NewReader(first + "\n# compile error\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("error %v, want it to name line 2", err)
	}
}
