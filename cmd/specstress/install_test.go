package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestInstallWritesAKernelspecUnderThePrefix(t *testing.T) {
	prefix := t.TempDir()
	var out, errb bytes.Buffer
	if code := runInstall([]string{"--prefix", prefix, "--name", "ss-test"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	dir := filepath.Join(prefix, "share", "jupyter", "kernels", "ss-test")
	data, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Argv          []string `json:"argv"`
		DisplayName   string   `json:"display_name"`
		Language      string   `json:"language"`
		InterruptMode string   `json:"interrupt_mode"`
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		t.Fatal(err)
	}
	exe, _ := os.Executable()
	exe, _ = filepath.EvalSymlinks(exe)
	if len(spec.Argv) != 3 || spec.Argv[0] != exe || !filepath.IsAbs(spec.Argv[0]) ||
		spec.Argv[1] != "kernel" || spec.Argv[2] != "{connection_file}" {
		t.Errorf("argv %q, want [%s kernel {connection_file}]", spec.Argv, exe)
	}
	if spec.DisplayName != "Go (specstress)" || spec.Language != "go" || spec.InterruptMode != "message" {
		t.Errorf("kernel.json %s", data)
	}
	for _, logo := range []string{"logo-32x32.png", "logo-64x64.png"} {
		if _, err := os.Stat(filepath.Join(dir, logo)); err != nil {
			t.Error(err)
		}
	}
}

func TestInstallUserHonoursJupyterDataDir(t *testing.T) {
	data := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	var out, errb bytes.Buffer
	if code := runInstall([]string{"--user"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if _, err := os.Stat(filepath.Join(data, "kernels", "specstress", "kernel.json")); err != nil {
		t.Error(err)
	}
}

func TestInstallRejectsConflictingFlags(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runInstall([]string{"--user", "--prefix", t.TempDir()}, &out, &errb); code != 2 {
		t.Errorf("--user with --prefix: exit %d, want 2", code)
	}
	if code := runInstall([]string{"--prefix", t.TempDir(), "--name", "bad/name"}, &out, &errb); code != 1 {
		t.Errorf("bad name: exit %d, want 1", code)
	}
}

func TestKernelCommandUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runKernel(nil, &out, &errb); code != 2 {
		t.Errorf("no args: exit %d, want 2", code)
	}
	if code := runKernel([]string{filepath.Join(t.TempDir(), "missing.json")}, &out, &errb); code != 1 {
		t.Errorf("missing connection file: exit %d, want 1", code)
	}
}

// TestInstallSaysWhereAndHowToList runs the command install prints, with
// Jupyter's own tool, and expects it to list the kernelspec where install
// said it wrote it: for --user and for a --prefix with a space in it.
func TestInstallSaysWhereAndHowToList(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Jupyter's kernelspec list; skipped with -short")
	}
	jupyter := "/usr/bin/jupyter"
	if _, err := os.Stat(jupyter); err != nil {
		if os.Getenv("SPECSTRESS_CI") == "1" {
			t.Fatalf("%s is required under CI (apt-get install jupyter-client)", jupyter)
		}
		t.Skipf("%s not installed", jupyter)
	}
	home := t.TempDir()
	for _, v := range []string{"JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR"} {
		t.Setenv(v, filepath.Join(home, v))
	}
	t.Setenv("JUPYTER_DATA_DIR", filepath.Join(home, "data"))
	t.Setenv("JUPYTER_PATH", "")
	cases := [][]string{
		{"--user", "--name", "ss-user"},
		{"--prefix", filepath.Join(home, "my prefix"), "--name", "ss-prefix"},
	}
	for _, args := range cases {
		var out, errb bytes.Buffer
		if code := runInstall(args, &out, &errb); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
		where := regexp.MustCompile(`(?m)^installed kernelspec (\S+) in (.+)$`).FindStringSubmatch(out.String())
		list := regexp.MustCompile(`(?m)^list it with: (.+)$`).FindStringSubmatch(out.String())
		if where == nil || list == nil {
			t.Fatalf("%v: install printed %q, want where it wrote and the command that lists it", args, out.String())
		}
		if _, err := os.Stat(filepath.Join(where[2], "kernel.json")); err != nil {
			t.Errorf("%v: no kernel.json where install said: %v", args, err)
		}
		cmd := exec.Command("/bin/sh", "-c", strings.Replace(list[1], "jupyter ", jupyter+" ", 1))
		listed, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %s: %v\n%s", args, list[1], err, listed)
		}
		if !regexp.MustCompile(`(?m)^\s*` + where[1] + `\s+` + regexp.QuoteMeta(where[2]) + `\s*$`).Match(listed) {
			t.Errorf("%v: %q does not list %s at %s:\n%s", args, list[1], where[1], where[2], listed)
		}
	}
}
