package kernel_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specstress/specstress/internal/testenv"
	"github.com/specstress/specstress/kernel"
	"github.com/specstress/specstress/kernel/engine"
	"github.com/specstress/specstress/kernel/internal/fakeengine"
)

// fakeKernelEnv makes the test binary act as a kernel process serving the
// fake engine, so that Jupyter's own client tools can drive the server.
const fakeKernelEnv = "SPECSTRESS_FAKE_KERNEL"

func TestMain(m *testing.M) {
	if os.Getenv(fakeKernelEnv) != "" {
		os.Exit(runFakeKernel(os.Args[len(os.Args)-1]))
	}
	os.Exit(m.Run())
}

func runFakeKernel(connFile string) int {
	ci, err := kernel.ReadConnectionFile(connFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	srv, err := kernel.NewServer(kernel.Options{Connection: ci,
		NewEngine: func() (engine.Engine, error) { return &fakeengine.Engine{}, nil }})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := srv.Serve(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestJupyterKernelTestSuite runs Debian's jupyter_kernel_test against the
// protocol server (fake engine), through jupyter_client's own launcher:
// message validation by Jupyter's schema, not by our reading of it.
func TestJupyterKernelTestSuite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Python")
	}
	py := testenv.Python(t, "jupyter_kernel_test", "jupyter_client")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	_, err = kernel.WriteKernelSpec(filepath.Join(data, "kernels"), "specstress-fake", kernel.KernelSpec{
		Argv: []string{exe, "{connection_file}"}, DisplayName: "fake", Language: "fake",
		InterruptMode: "message", Env: map[string]string{fakeKernelEnv: "1"}})
	if err != nil {
		t.Fatal(err)
	}
	script, _ := filepath.Abs(filepath.Join("testdata", "jupyter_conformance.py"))
	cmd := exec.Command(py, script, "FakeEngineTests")
	cmd.Env = append(os.Environ(), "JUPYTER_PATH="+data, "SPECSTRESS_KERNEL_NAME=specstress-fake",
		"JUPYTER_RUNTIME_DIR="+t.TempDir(), "PYDEVD_DISABLE_FILE_VALIDATION=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "CONFORMANCE OK") {
		t.Fatalf("jupyter_kernel_test: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
