package kernel

import (
	"os"
	"path/filepath"
	"testing"
)

func TestReadConnectionFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(`{"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004,
  "hb_port": 5005, "ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256",
  "kernel_name": "specstress"}`), 0o600)
	c, err := ReadConnectionFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if c.endpoint(c.ShellPort) != "tcp://127.0.0.1:5001" || c.Key != "k" {
		t.Errorf("read %+v", c)
	}
	for name, body := range map[string]string{
		"json":      `{`,
		"transport": `{"transport":"udp","ip":"127.0.0.1"}`,
		"ip":        `{"transport":"tcp"}`,
		"port":      `{"ip":"127.0.0.1","hb_port":70000}`,
		"scheme":    `{"ip":"127.0.0.1","key":"k","signature_scheme":"hmac-md5"}`,
	} {
		p := filepath.Join(dir, name+".json")
		os.WriteFile(p, []byte(body), 0o600)
		if _, err := ReadConnectionFile(p); err == nil {
			t.Errorf("%s: bad file accepted", name)
		}
	}
	if _, err := ReadConnectionFile(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("missing file accepted")
	}
}

func TestEndpoints(t *testing.T) {
	cases := []struct {
		c    ConnectionInfo
		want string
	}{
		{ConnectionInfo{Transport: "tcp", IP: "10.0.0.1"}, "tcp://10.0.0.1:9"},
		{ConnectionInfo{Transport: "tcp", IP: "::1"}, "tcp://[::1]:9"},
		{ConnectionInfo{Transport: "tcp", IP: "*"}, "tcp://0.0.0.0:9"},
		{ConnectionInfo{Transport: "ipc", IP: "/tmp/kernel"}, "ipc:///tmp/kernel-9"},
	}
	for _, c := range cases {
		if got := c.c.endpoint(9); got != c.want {
			t.Errorf("endpoint = %s, want %s", got, c.want)
		}
	}
}
