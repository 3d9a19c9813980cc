package repl

import (
	"testing"

	yaegigeneric "github.com/traefik/yaegi/stdlib/generic"
)

// tablesOf returns the packages whose tables the engine's interpreter has.
func tablesOf(e *Engine) map[string]bool {
	e.tables.mu.Lock()
	defer e.tables.mu.Unlock()
	out := map[string]bool{}
	for p := range e.tables.used[e.it] {
		out[p] = true
	}
	return out
}

func TestYaegiGenericSourcesAreTakenOutOfItsUse(t *testing.T) {
	if len(yaegiGeneric) == 0 {
		t.Fatal("no generic sources taken from yaegi: its stdlib/generic package changed; check symbols.go")
	}
	for i, src := range yaegigeneric.Sources {
		if src != "" {
			t.Errorf("yaegi's generic source %d is still in place: every interpreter would compile it", i)
		}
	}
	for _, src := range yaegiGeneric {
		if src == "" {
			t.Error("an empty generic source was kept")
		}
	}
}

func TestGenericPackagesCompileWhenFirstImported(t *testing.T) {
	e, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for _, p := range []string{"cmp", "maps", "slices", "sort"} {
		if tablesOf(e)[p] {
			t.Errorf("a new engine already has %s: start-up compiles what no cell imported", p)
		}
	}
	// slices' generic sources call cmp's (yaegi's) and sort's (the
	// project's additions): importing slices brings both, before it.
	res, _ := mustRun(t, e, "import (\"fmt\"; \"slices\")\ns := []string{\"b\", \"c\", \"a\"}\nslices.Sort(s)\nfmt.Sprint(s, slices.Max(s), slices.Index(s, \"c\"))")
	if got, want := text(res), `"[a b c]c2"`; got != want {
		t.Errorf("slices in a fresh session = %s, want %s", got, want)
	}
	have := tablesOf(e)
	for _, p := range []string{"cmp", "slices"} {
		if !have[p] {
			t.Errorf("after importing slices the interpreter lacks %s", p)
		}
	}
	if have["maps"] {
		t.Error("importing slices compiled maps too")
	}
	res, _ = mustRun(t, e, "import (\"cmp\"; \"fmt\"; \"maps\")\nm := maps.Clone(map[string]int{\"x\": 1})\nfmt.Sprint(m[\"x\"], cmp.Compare(2, 1), maps.Equal(m, map[string]int{\"x\": 1}))")
	if got, want := text(res), `"1 1 true"`; got != want {
		t.Errorf("cmp and maps after slices = %s, want %s", got, want)
	}
}
