package kernel

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// guardChildEnv marks the child process of
// TestGuardRegistrationErrorReachesEveryCaller.
const guardChildEnv = "SPECSTRESS_GUARD_REGISTRATION_CHILD"

// When the guarded transports cannot be registered (here because another
// transport already took the name), every server that asks must be told,
// not only the first: a later one would otherwise listen on a transport
// that is not the frame guard. Registration happens once per process, so
// the check runs in a fresh child process of this test binary.
func TestGuardRegistrationErrorReachesEveryCaller(t *testing.T) {
	if os.Getenv(guardChildEnv) != "" {
		guardRegistrationChild(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestGuardRegistrationErrorReachesEveryCaller$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), guardChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child process: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "child: every caller saw the error") {
		t.Fatalf("the child did not run the check:\n%s", out)
	}
}

func guardRegistrationChild(t *testing.T) {
	// Take the IPC name first: the TCP guard registers, the IPC one fails.
	if err := zmq4.RegisterTransport(guardedIPC, transport.New("unix")); err != nil {
		t.Fatalf("pre-register %s: %v", guardedIPC, err)
	}
	for i, tr := range []string{"tcp", "tcp", "ipc"} {
		scheme, err := guardedScheme(tr)
		if err == nil {
			t.Fatalf("call %d (%s): got scheme %q and no error; the registration failed", i+1, tr, scheme)
		}
		if !strings.Contains(err.Error(), guardedIPC) {
			t.Errorf("call %d (%s): the error does not name the transport: %v", i+1, tr, err)
		}
	}
	t.Log("child: every caller saw the error")
}
