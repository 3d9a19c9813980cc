package main

import (
	"os"
	"testing"
)

// asBinaryEnv makes the test binary behave as the specstress binary (run
// dispatch on its arguments), so that tests can start kernels through
// Jupyter's own launcher with a kernelspec pointing at it.
const asBinaryEnv = "SPECSTRESS_TEST_AS_BINARY"

// TestMain lets the test binary stand in for specstress where the command
// starts itself: the supervised engine process of `kernel` and `nb run`.
func TestMain(m *testing.M) {
	if os.Getenv(asBinaryEnv) != "" || (len(os.Args) > 1 && os.Args[1] == engineProcessCommand) {
		os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
	}
	code := m.Run()
	if demo.dir != "" {
		os.RemoveAll(demo.dir)
	}
	os.Exit(code)
}
