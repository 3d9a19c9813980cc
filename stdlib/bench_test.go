package stdlib_test

import (
	"testing"

	"github.com/traefik/yaegi/interp"
	yaegistdlib "github.com/traefik/yaegi/stdlib"

	"github.com/specstress/specstress/stdlib"
)

// BenchmarkUse measures what a kernel pays to get ready: a new interpreter
// using every symbol table (and compiling yaegi's generic sources for
// slices, maps and cmp).
func BenchmarkUse(b *testing.B) {
	for b.Loop() {
		i := interp.New(interp.Options{})
		if err := i.Use(stdlib.All()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUseYaegiStdlib is the reference: yaegi's own standard library
// tables (Go 1.22 vintage, no third-party or project packages).
func BenchmarkUseYaegiStdlib(b *testing.B) {
	for b.Loop() {
		i := interp.New(interp.Options{})
		if err := i.Use(yaegistdlib.Symbols); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReady adds the preload imports to BenchmarkUse: the kernel's
// start-to-ready cost on the engine side.
func BenchmarkReady(b *testing.B) {
	src := importSource()
	for b.Loop() {
		i := interp.New(interp.Options{})
		if err := i.Use(stdlib.All()); err != nil {
			b.Fatal(err)
		}
		for _, g := range stdlib.GenericSources {
			if _, err := i.Compile(g); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := i.Eval(src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDoc measures a first doc lookup in a big package (decoding its
// index) followed by cached lookups.
func BenchmarkDoc(b *testing.B) {
	for b.Loop() {
		if _, ok := stdlib.Doc("net/http", "Client.Do"); !ok {
			b.Fatal("no doc for net/http Client.Do")
		}
	}
}

// BenchmarkMembers lists a large package's members (completion after
// "pkg.").
func BenchmarkMembers(b *testing.B) {
	for b.Loop() {
		if len(stdlib.Members("gonum.org/v1/gonum/mat")) == 0 {
			b.Fatal("no members")
		}
	}
}
