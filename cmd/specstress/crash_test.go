package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specstress/specstress/internal/testenv"
	"github.com/specstress/specstress/kernel"
	"github.com/specstress/specstress/kernel/notebook"
)

// Cells that end a Go process with a fatal error no recover catches.
const (
	concurrentMapWrites = "m := map[int]int{}\nfor g := 0; g < 8; g++ {\n\tgo func() {\n\t\tfor i := 0; ; i++ {\n\t\t\tm[i%64] = i\n\t\t}\n\t}()\n}\ntime.Sleep(time.Minute)"
	hugeAllocation      = "b := make([]byte, 30<<30)\nb[0] = 1"
)

// TestNBRunGoesOnAfterANotebookDies: a fatal error in one notebook's Go
// process fails that notebook, which is saved with the cells that ran and
// the error; the next notebook runs; the exit status and stderr name the
// failed notebook.
func TestNBRunGoesOnAfterANotebookDies(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the Go engine")
	}
	dir, outDir := t.TempDir(), t.TempDir()
	dies := filepath.Join(dir, "dies.ipynb")
	writeNotebook(t, dies, `x := 41`+"\n"+`fmt.Println("before", x+1)`, concurrentMapWrites, `fmt.Println("not reached")`)
	fine := filepath.Join(dir, "fine.ipynb")
	writeNotebook(t, fine, `fmt.Println("second notebook ran")`)
	var out, errb bytes.Buffer
	code := runNB([]string{"run", dies, fine, "--out", outDir}, &out, &errb)
	if code != 1 {
		t.Errorf("exit %d, want 1\nstdout:\n%s", code, out.String())
	}
	if !strings.Contains(errb.String(), "1 of 2 notebooks failed:\n  "+dies+"\n") {
		t.Errorf("stderr does not list the failed notebook:\n%s", tail(errb.String()))
	}
	saved, err := notebook.ReadFile(filepath.Join(outDir, "dies.ipynb"))
	if err != nil {
		t.Fatalf("the notebook that died was not saved: %v", err)
	}
	if o := saved.Cells[1].Outputs; len(o) != 1 || o[0].Text != "before 42\n" {
		t.Errorf("first cell outputs %+v", o)
	}
	o := saved.Cells[2].Outputs
	if len(o) != 1 || o[0].Type != notebook.ErrorOutput || o[0].EName != "KernelDied" ||
		!strings.Contains(o[0].EValue, "fatal error: concurrent map writes") || !strings.Contains(o[0].EValue, "session state was lost") {
		t.Errorf("crashed cell outputs %+v", o)
	}
	if c := saved.Cells[3]; c.ExecutionCount != nil || len(c.Outputs) != 0 {
		t.Errorf("the cell after the crash ran: %+v", c)
	}
	second, err := notebook.ReadFile(filepath.Join(outDir, "fine.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if o := second.Cells[1].Outputs; len(o) != 1 || o[0].Text != "second notebook ran\n" {
		t.Errorf("second notebook outputs %+v", o)
	}
}

// TestNBRunMemoryLimit: a 30 GiB allocation under a 1 GiB limit is an
// error in its cell, and the run goes on in a fresh session.
func TestNBRunMemoryLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the Go engine")
	}
	dir := t.TempDir()
	nb := filepath.Join(dir, "alloc.ipynb")
	writeNotebook(t, nb, hugeAllocation, `fmt.Println("still going")`)
	var out, errb bytes.Buffer
	if code := runNB([]string{"run", nb, "--memory-limit", "1GiB", "--continue-on-error"}, &out, &errb); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	saved, err := notebook.ReadFile(nb)
	if err != nil {
		t.Fatal(err)
	}
	o := saved.Cells[1].Outputs
	if len(o) != 1 || o[0].Type != notebook.ErrorOutput || !strings.Contains(o[0].EValue, "out of memory") ||
		!strings.Contains(o[0].EValue, "memory limit of 1 GiB") {
		t.Errorf("allocating cell outputs %+v", o)
	}
	if o := saved.Cells[2].Outputs; len(o) != 1 || o[0].Text != "still going\n" {
		t.Errorf("next cell outputs %+v", o)
	}
	if code := runNB([]string{"run", nb, "--memory-limit", "lots"}, &out, &errb); code != 2 {
		t.Errorf("bad --memory-limit: exit %d, want 2", code)
	}
}

func TestKernelRefusesAnEmptyKey(t *testing.T) {
	conn := filepath.Join(t.TempDir(), "kernel.json")
	ci := kernel.ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", SignatureScheme: "hmac-sha256", Key: ""}
	b, _ := json.Marshal(ci)
	if err := os.WriteFile(conn, b, 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := runKernel([]string{conn}, &out, &errb); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if s := errb.String(); !strings.Contains(s, "empty key") || !strings.Contains(s, "--insecure") {
		t.Errorf("stderr %q does not explain the refusal", s)
	}
}

// TestJupyterClientSeesAFatalErrorAsAnErrorReply drives the real kernel
// (this test binary standing in for specstress) with Debian's
// jupyter_client: a cell that kills the Go process, and one that allocates
// 30 GiB under a 1 GiB limit, each get an error reply and an error output
// naming what happened, and the next cell runs.
func TestJupyterClientSeesAFatalErrorAsAnErrorReply(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Python and the Go engine")
	}
	py := testenv.Python(t, "jupyter_client")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	_, err = kernel.WriteKernelSpec(filepath.Join(data, "kernels"), "specstress-crash", kernel.KernelSpec{
		Argv:        []string{exe, "kernel", "--memory-limit", "1GiB", "{connection_file}"},
		DisplayName: "crash test", Language: "go", InterruptMode: "message",
		Env: map[string]string{asBinaryEnv: "1"}})
	if err != nil {
		t.Fatal(err)
	}
	script, _ := filepath.Abs(filepath.Join("testdata", "kernel_crash.py"))
	cmd := exec.Command(py, script, "specstress-crash")
	cmd.Env = append(os.Environ(), "JUPYTER_PATH="+data, "JUPYTER_RUNTIME_DIR="+t.TempDir(), "PYDEVD_DISABLE_FILE_VALIDATION=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "CRASH CHECKS OK") {
		t.Fatalf("kernel_crash.py: %v\n%s", err, tail(string(out)))
	}
	t.Logf("%s", tail(string(out)))
}

// tail is the end of a long output, for failure messages.
func tail(s string) string {
	if len(s) > 6000 {
		return "..." + s[len(s)-6000:]
	}
	return s
}
