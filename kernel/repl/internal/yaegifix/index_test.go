package yaegifix

import (
	"encoding/json"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// entryHead matches the start of an index entry in the package doc: the
// names of its canaries followed by a colon.
var entryHead = regexp.MustCompile(`^((?:[A-Z][A-Za-z]+,\s+)*[A-Z][A-Za-z]+):`)

// labels start paragraphs inside an entry.
var labels = map[string]bool{"Workaround": true, "Engine": true, "Canary": true}

// indexEntries returns the index of doc.go: entry text by canary name.
func indexEntries(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	entries := map[string]string{}
	var names []string
	for _, para := range strings.Split(f.Doc.Text(), "\n\n") {
		if m := entryHead.FindStringSubmatch(para); m != nil && !labels[m[1]] {
			names = regexp.MustCompile(`,\s+`).Split(m[1], -1)
		} else if strings.HasPrefix(para, "# ") {
			names = nil
		}
		for _, n := range names {
			entries[n] += para + "\n\n"
		}
	}
	return entries
}

var (
	testName = regexp.MustCompile(`\bTest\w+`)
	cellList = regexp.MustCompile(`\bcells?\s+([a-zA-Z0-9-]+(?:,\s+[a-zA-Z0-9-]+)*)`)
)

// TestIndexIsComplete checks the package doc against the canaries and the
// engine's tests: every canary has an entry and every entry a canary, and
// every entry names engine tests (kernel/repl test functions or cells of
// the suite) that exist.
func TestIndexIsComplete(t *testing.T) {
	entries := indexEntries(t)
	canaryNames := map[string]bool{"CompiledRoots": true} // TestYaegiKeepsCompiledRoots
	for _, c := range canaries {
		canaryNames[c.name] = true
		if _, ok := entries[c.name]; !ok {
			t.Errorf("canary %s has no entry in the index of doc.go", c.name)
		}
	}
	for name := range entries {
		if !canaryNames[name] {
			t.Errorf("index entry %s of doc.go has no canary", name)
		}
	}

	tests := map[string]bool{}
	files, _ := filepath.Glob(filepath.Join("..", "..", "*_test.go"))
	funcDecl := regexp.MustCompile(`(?m)^func (Test\w+)\(`)
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range funcDecl.FindAllStringSubmatch(string(b), -1) {
			tests[m[1]] = true
		}
	}
	if len(tests) == 0 {
		t.Fatal("no kernel/repl tests found")
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "cells", "suite.json"))
	if err != nil {
		t.Fatal(err)
	}
	var suite []struct {
		Cells []struct {
			Name    string `json:"name"`
			Pending string `json:"pending"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &suite); err != nil {
		t.Fatal(err)
	}
	cells := map[string]string{}
	for _, s := range suite {
		for _, c := range s.Cells {
			cells[c.Name] = c.Pending
		}
	}

	for name, text := range entries {
		_, engine, ok := strings.Cut(text, "Engine:")
		if !ok {
			t.Errorf("index entry %s names no engine test", name)
			continue
		}
		refs := 0
		for _, tn := range testName.FindAllString(engine, -1) {
			refs++
			if !tests[tn] {
				t.Errorf("index entry %s names %s, which is not a test of kernel/repl", name, tn)
			}
		}
		for _, m := range cellList.FindAllStringSubmatch(engine, -1) {
			for _, c := range regexp.MustCompile(`,\s+`).Split(m[1], -1) {
				refs++
				pending, ok := cells[c]
				if !ok {
					t.Errorf("index entry %s names cell %s, which is not in the cell suite", name, c)
				} else if pending != "" {
					t.Errorf("index entry %s names cell %s, which is pending (%s)", name, c, pending)
				}
			}
		}
		if refs == 0 {
			t.Errorf("index entry %s names no engine test", name)
		}
	}
}
