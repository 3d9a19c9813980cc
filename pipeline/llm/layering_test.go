package llm_test

import (
	"maps"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The layering of the providers, as a specification:
//
//   - Only the packages in wiredIn link the providers' SDKs and SQLite;
//     they register themselves with pipeline/llm and pipeline/embed when
//     imported.
//   - Programs import them: cmd/specstress (and so the notebooks its
//     kernel runs), and the tests that drive the real wire protocols
//     (pipeline/llm/wiretest, pipeline/stages/wiretest).
//   - pipeline/stages' tests run pipelines on the sim backend, whose
//     cache is SQLite: their test binary links SQLite, never the SDKs.
//   - Nothing else does: not pipeline/llm or any other pipeline package,
//     not the interpreter's symbol tables (stdlib), not the kernel. Their
//     builds and test binaries stay free of the SDKs' weight.

// sdks are the providers' SDK modules.
var sdks = []string{"github.com/openai/", "github.com/anthropics/"}

// heavy are the module paths only wiredIn may link.
var heavy = append(slices.Clone(sdks), "modernc.org/sqlite")

const module = "github.com/specstress/specstress/"

// wiredIn link the heavy modules; wiredIn[p] says who imports them.
var wiredIn = map[string]string{
	"pipeline/llm/openai":      "the OpenAI backend",
	"pipeline/llm/anthropic":   "the Anthropic backend",
	"pipeline/llm/sqlitecache": "the SQLite response cache",
	"pipeline/embed/openai":    "the OpenAI embedder",
	"pipeline/llm/wiretest":    "tests over the real wire protocols",
}

// realProtocolTests are packages whose tests (not code) import wiredIn.
// pipeline/stages' tests import only the SQLite cache:
// TestStagesTestsLinkNoSDK checks that.
var realProtocolTests = map[string]bool{"pipeline/stages/wiretest": true, "pipeline/stages": true}

func TestOnlyTheProviderPackagesLinkTheSDKsAndSQLite(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go tool is not on PATH: cannot list the packages' dependencies")
	}
	all := goList(t, "list", "./pipeline/...", "./kernel/...", "./stdlib/...")
	var code, tests []string
	for _, p := range all {
		rel := strings.TrimPrefix(p, module)
		if _, ok := wiredIn[rel]; ok {
			continue
		}
		code = append(code, p)
		if !realProtocolTests[rel] {
			tests = append(tests, p)
		}
	}
	if len(code) < 10 {
		t.Fatalf("listed only %v: is the test run from inside the module?", all)
	}
	for _, p := range []string{"stdlib", "kernel/repl", "pipeline/llm", "pipeline/stages", "pipeline/embed"} {
		if !slices.Contains(code, module+p) {
			t.Fatalf("%s is not among the listed packages %v", p, code)
		}
	}
	checkNoHeavy(t, "builds", heavy, append([]string{"list", "-deps"}, code...))
	checkNoHeavy(t, "test binaries", heavy, append([]string{"list", "-deps", "-test"}, tests...))
}

// The sim runs of pipeline/stages' tests need SQLite, not the SDKs: the
// tests that drive the SDKs live in pipeline/stages/wiretest, so the
// stages test binary stays small (bench/RESULTS-build.md).
func TestStagesTestsLinkNoSDK(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go tool is not on PATH: cannot list the packages' dependencies")
	}
	deps := goList(t, "list", "-deps", "-test", module+"pipeline/stages")
	if !slices.Contains(deps, module+"pipeline/stages.test") {
		t.Fatalf("go list -deps -test listed no test binary of pipeline/stages: %v", deps)
	}
	checkNoHeavy(t, "pipeline/stages' tests", sdks, []string{"list", "-deps", "-test", module + "pipeline/stages"})
}

// checkNoHeavy runs go list args and fails naming the import chain that
// reaches each package of the banned modules.
func checkNoHeavy(t *testing.T, what string, banned, args []string) {
	t.Helper()
	args = append(args[:2:2], append([]string{"-f", "{{.ImportPath}}\t{{join .Imports \",\"}}"}, args[2:]...)...)
	imports := map[string][]string{}
	var order []string
	for _, line := range goList(t, args...) {
		p, deps, _ := strings.Cut(line, "\t")
		imports[p] = strings.FieldsFunc(deps, func(r rune) bool { return r == ',' })
		order = append(order, p)
	}
	// Breadth-first from the module's packages but the wired-in ones:
	// the shortest chain to each heavy module says which import to undo.
	from := map[string]string{}
	var queue []string
	for _, p := range order {
		path, _, _ := strings.Cut(p, " ") // "p [q.test]": p compiled for q's test
		if _, ok := wiredIn[strings.TrimPrefix(path, module)]; strings.HasPrefix(p, module) && !ok {
			from[p] = ""
			queue = append(queue, p)
		}
	}
	reported := map[string]bool{}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if h := moduleOf(p, banned); h != "" {
			if !reported[h] {
				chain := []string{p}
				for q := from[p]; q != ""; q = from[q] {
					chain = append([]string{strings.TrimPrefix(q, module)}, chain...)
				}
				t.Errorf("%s link %s: %s", what, h, strings.Join(chain, " -> "))
				reported[h] = true
			}
			continue
		}
		for _, d := range imports[p] {
			if _, seen := from[d]; !seen {
				from[d] = p
				queue = append(queue, d)
			}
		}
	}
	if len(reported) > 0 {
		t.Logf("only %v may import the SDKs and SQLite; programs and real-protocol tests import those packages", slices.Sorted(maps.Keys(wiredIn)))
	}
}

// moduleOf returns the entry of mods that p belongs to, or "".
func moduleOf(p string, mods []string) string {
	for _, h := range mods {
		if strings.HasPrefix(p, h) {
			return h
		}
	}
	return ""
}

func goList(t *testing.T, args ...string) []string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = "../.." // the module root
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}
