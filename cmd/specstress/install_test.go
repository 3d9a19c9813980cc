package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
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
