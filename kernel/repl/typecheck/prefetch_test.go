package typecheck

import (
	"sync"
	"testing"
	"time"
)

// decoded reports whether the package at path has been decoded in full.
func decoded(path string) bool {
	pkgMu.Lock()
	defer pkgMu.Unlock()
	return done[path]
}

func TestPrefetchDecodesAheadOfTheCheckAndOnlyOnce(t *testing.T) {
	// Packages no other test of this binary imports, so the process-wide
	// cache has not decoded them yet.
	paths := []string{"container/ring", "hash/adler32"}
	for _, p := range paths {
		if decoded(p) {
			t.Fatalf("%s already decoded: pick a package no other test imports", p)
		}
	}
	var mu sync.Mutex
	calls := map[string]int{}
	orig := exportData
	exportData = func(p string) ([]byte, bool, error) {
		mu.Lock()
		calls[p]++
		mu.Unlock()
		return orig(p)
	}
	defer func() { exportData = orig }()

	Prefetch(paths...)
	deadline := time.Now().Add(30 * time.Second)
	for !decoded(paths[0]) || !decoded(paths[1]) {
		if time.Now().After(deadline) {
			t.Fatal("Prefetch did not decode the packages")
		}
		time.Sleep(time.Millisecond)
	}
	s := New(nil)
	r := s.Check("import (\n\t\"container/ring\"\n\t\"hash/adler32\"\n)\nr := ring.New(3)\nsum := adler32.Checksum([]byte(\"x\"))\n_, _ = r, sum\n")
	if len(r.Errors) > 0 || r.Unsure != "" {
		t.Fatalf("check after Prefetch: errors %v, unsure %q", r.Errors, r.Unsure)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range paths {
		if calls[p] != 1 {
			t.Errorf("%s decoded %d times, want once (by Prefetch)", p, calls[p])
		}
	}
}

func TestPrefetchLeavesUnknownPackagesToTheCheck(t *testing.T) {
	Prefetch("no/such/package")
	r := New(nil).Check("import nsp \"no/such/package\"\nnsp.X()\n")
	if r.Unsure == "" {
		t.Fatalf("a cell importing a package without type information was judged sure (errors %v)", r.Errors)
	}
}
