package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// commandLines lists every command line the binary accepts, enumerated
// from the registry: each listed command, and each of its subcommands.
func commandLines(t *testing.T) [][]string {
	var names []string
	for n, c := range commands {
		if c.summary != "" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var out [][]string
	for _, n := range names {
		out = append(out, []string{n})
		for _, s := range subcommands[n] {
			out = append(out, []string{n, s})
		}
	}
	if len(out) < 15 {
		t.Fatalf("only %d command lines registered: %v", len(out), out)
	}
	return out
}

// Every command and subcommand answers -h and --help with its own usage
// text and exit status 0.
func TestEveryCommandHasItsOwnHelp(t *testing.T) {
	for _, cl := range commandLines(t) {
		for _, h := range []string{"-h", "--help"} {
			args := append(append([]string{}, cl...), h)
			var out, errb strings.Builder
			code := dispatch(args, &out, &errb)
			text := out.String() + errb.String()
			if code != 0 {
				t.Errorf("%q: exit %d, want 0\n%s", args, code, text)
			}
			want := "usage: specstress " + strings.Join(cl, " ")
			if !strings.Contains(text, want) {
				t.Errorf("%q: help lacks %q:\n%s", args, want, text)
			}
			if strings.Contains(text, "Usage of ") {
				t.Errorf("%q: prints the flag package's raw usage:\n%s", args, text)
			}
		}
	}
}

// A subcommand's help is its own, not the command's list.
func TestSubcommandHelpIsSpecific(t *testing.T) {
	var out, errb strings.Builder
	if code := dispatch([]string{"analyze", "select", "--help"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d", code)
	}
	h := errb.String()
	if !strings.Contains(h, "greedy k-center") || strings.Contains(h, "Figure 6") || strings.Contains(h, "refusals") {
		t.Errorf("analyze select --help is not select's own text:\n%s", h)
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		var out, errb strings.Builder
		if code := dispatch(args, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "specstress ") || !strings.Contains(out.String(), "go1.") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out.String(), errb.String())
		}
	}
}

// Flags may follow positional arguments in every command that takes them.
func TestFlagsAfterPositionals(t *testing.T) {
	sample := filepath.Join("..", "..", "notebooks", "data", "sample")
	out := filepath.Join(t.TempDir(), "fig.svg")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"data", "info", sample, "--columns"}, "null"},
		{[]string{"data", "verify", sample, "--paper-counts=false"}, "status"},
		{[]string{"analyze", "disagreement", sample, "--format", "csv"}, "sd_value1"},
		{[]string{"plot", "disagreement", sample, "--out", out}, "wrote"},
	} {
		var o, e strings.Builder
		code := dispatch(c.args, &o, &e)
		if code != 0 && !(c.args[1] == "verify" && code == 1) {
			t.Errorf("%q: exit %d\n%s", c.args, code, e.String())
		}
		if !strings.Contains(o.String()+e.String(), c.want) {
			t.Errorf("%q: output lacks %q:\n%s%s", c.args, c.want, o.String(), e.String())
		}
	}
}

// Usage errors say what is missing or unknown in the user's words.
func TestUsageMessagesNameWhatIsWrong(t *testing.T) {
	sample := filepath.Join("..", "..", "notebooks", "data", "sample")
	for _, c := range []struct {
		args []string
		code int
		want string
		not  string
	}{
		{[]string{"plot", "disagreement", sample}, 2, "--out FILE is missing", ""},
		{[]string{"data", "sample"}, 2, "--out DIR is missing", ""},
		{[]string{"data", "info"}, 2, "want one dataset directory, got 0 arguments", ""},
		{[]string{"analyze", "disagreement", sample, "--models", "gpt5"}, 1,
			"unknown model gpt5 (models in split default/all_models: claude_3_5_sonnet,", "required column missing"},
		{[]string{"analyze", "outliers", sample, "--models", "gpt-4o,o3"}, 1, "unknown model gpt-4o (did you mean gpt_4o?)", "required column"},
		{[]string{"plot", "disagreement", sample, "--models", "gpt5", "--out", filepath.Join(t.TempDir(), "x.png")}, 1, "unknown model gpt5", "required column"},
		{[]string{"nb", "walk"}, 2, `unknown subcommand "walk"`, ""},
		{[]string{"nb", "run"}, 2, "no notebook given", ""},
		{[]string{"install", "--user", "--prefix", "/x"}, 2, "--user and --prefix exclude each other", ""},
		{[]string{"data", "info", sample, "--colums"}, 2, "flag provided but not defined: -colums", ""},
	} {
		var o, e strings.Builder
		code := dispatch(c.args, &o, &e)
		if code != c.code {
			t.Errorf("%q: exit %d, want %d\n%s", c.args, code, c.code, e.String())
		}
		if !strings.Contains(e.String(), c.want) {
			t.Errorf("%q: stderr lacks %q:\n%s", c.args, c.want, e.String())
		}
		if c.not != "" && strings.Contains(e.String(), c.not) {
			t.Errorf("%q: stderr shows %q:\n%s", c.args, c.not, e.String())
		}
	}
}

// A dry run warns when the configured cost limit would stop the run part
// way.
func TestDryRunWarnsOfTheCostLimit(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "run.json")
	os.WriteFile(cfg, []byte(`{"out": "`+dir+`", "pairs": 10, "cost_limit": 0.01,
	  "generators": [{"id": "claude", "model": "anthropic:claude-opus-4-1"}, {"id": "o3", "model": "openai:o3"}],
	  "spectrum": {"id": "claude_opus_4", "model": "anthropic:claude-opus-4-1"}}`), 0o644)
	var out, errb strings.Builder
	if code := dispatch([]string{"generate", "--config", cfg, "--dry-run"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "exceeds the cost limit $0.01") || !strings.Contains(out.String(), "would stop part way") {
		t.Errorf("dry run does not warn of the cost limit:\n%s", out.String())
	}
	out.Reset()
	if code := dispatch([]string{"generate", "--config", cfg, "--dry-run", "--cost-limit", "1000"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if strings.Contains(out.String(), "cost limit") {
		t.Errorf("a limit above the estimate warns:\n%s", out.String())
	}
}

// demo into a folder an earlier demo wrote starts fresh; a foreign
// non-empty folder is refused, not reused or deleted.
func TestDemoFolderStartsFresh(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if cleared, err := freshDemoDir(dir); err != nil || cleared {
		t.Fatalf("new folder: cleared %v, err %v", cleared, err)
	}
	stale := filepath.Join(dir, "run", "responses.jsonl")
	os.MkdirAll(filepath.Dir(stale), 0o755)
	os.WriteFile(stale, []byte("{}\n"), 0o644)
	if cleared, err := freshDemoDir(dir); err != nil || !cleared {
		t.Fatalf("second run: cleared %v, err %v", cleared, err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("the earlier demo's journal survived")
	}
	foreign := t.TempDir()
	mine := filepath.Join(foreign, "thesis.tex")
	os.WriteFile(mine, []byte("x"), 0o644)
	var o, e strings.Builder
	if code := dispatch([]string{"demo", "--out", foreign}, &o, &e); code != 1 || !strings.Contains(e.String(), "was not written by specstress demo") {
		t.Errorf("foreign folder: exit %d\n%s", code, e.String())
	}
	if _, err := os.Stat(mine); err != nil {
		t.Error("demo deleted a file it did not write")
	}
}

// Script errors point at the script's own lines, with Go's messages.
func TestScriptErrorsPointAtTheUsersLines(t *testing.T) {
	for _, c := range []struct{ src, want, not string }{
		{"x := 1\nfmt.Println(x +\n", "line 2:16: expected operand, found the end of the input\n  2 | fmt.Println(x +", "line 3"},
		{"xs := []int{1, 2, 3}\ni := 5\nfmt.Println(xs[i])\n", "panic: runtime error: index out of range [5] with length 3\n      at line 3\n  3 | fmt.Println(xs[i])", "reflect"},
		{"a, b := 1, 0\nfmt.Println(a / b)\n", ": panic: runtime error: integer divide by zero\n", "runtime error: runtime error"},
	} {
		f := filepath.Join(t.TempDir(), "s.go")
		os.WriteFile(f, []byte(c.src), 0o644)
		var o, e strings.Builder
		if code := dispatch([]string{"run", f}, &o, &e); code != 1 {
			t.Errorf("%q: exit %d", c.src, code)
		}
		if !strings.Contains(e.String(), c.want) || strings.Contains(e.String(), c.not) {
			t.Errorf("%q: stderr\n%s\nwant %q, not %q", c.src, e.String(), c.want, c.not)
		}
	}
}
