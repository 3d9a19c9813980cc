package kernel

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// ConnectionInfo is the content of a Jupyter connection file: where to bind
// the five sockets and how to sign messages.
type ConnectionInfo struct {
	Transport       string `json:"transport"` // "tcp" or "ipc"
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	IOPubPort       int    `json:"iopub_port"`
	StdinPort       int    `json:"stdin_port"`
	HBPort          int    `json:"hb_port"`
	SignatureScheme string `json:"signature_scheme"`
	Key             string `json:"key"`
	KernelName      string `json:"kernel_name,omitempty"`
}

// ReadConnectionFile reads and checks a connection file.
func ReadConnectionFile(path string) (ConnectionInfo, error) {
	var c ConnectionInfo
	data, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("connection file: %w", err)
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("connection file %s: %w", path, err)
	}
	if err := c.check(); err != nil {
		return c, fmt.Errorf("connection file %s: %w", path, err)
	}
	return c, nil
}

// check validates the fields the server relies on; port 0 is allowed and
// means "pick a free port" (tests use it).
func (c *ConnectionInfo) check() error {
	if c.Transport == "" {
		c.Transport = "tcp"
	}
	if c.Transport != "tcp" && c.Transport != "ipc" {
		return fmt.Errorf("transport %q: want tcp or ipc", c.Transport)
	}
	if c.IP == "" {
		return fmt.Errorf("ip: missing")
	}
	ports := map[string]int{"shell_port": c.ShellPort, "control_port": c.ControlPort,
		"iopub_port": c.IOPubPort, "stdin_port": c.StdinPort, "hb_port": c.HBPort}
	for name, p := range ports {
		if p < 0 || p > 65535 {
			return fmt.Errorf("%s: %d out of range", name, p)
		}
	}
	if _, err := newSigner(c.SignatureScheme, c.Key); err != nil {
		return err
	}
	return nil
}

// endpoint is the ZeroMQ address of one port: tcp://IP:PORT, or for ipc the
// path Jupyter uses, IP-PORT.
func (c ConnectionInfo) endpoint(port int) string {
	return c.transport() + "://" + c.address(port)
}

func (c ConnectionInfo) transport() string {
	if c.Transport == "ipc" {
		return "ipc"
	}
	return "tcp"
}

// address is the part of the endpoint after "scheme://".
func (c ConnectionInfo) address(port int) string {
	if c.Transport == "ipc" {
		return fmt.Sprintf("%s-%d", c.IP, port)
	}
	ip := c.IP
	if ip == "*" { // ZeroMQ's "all interfaces"
		ip = "0.0.0.0"
	}
	if strings.Contains(ip, ":") && !strings.HasPrefix(ip, "[") {
		ip = "[" + ip + "]" // IPv6 literal
	}
	return fmt.Sprintf("%s:%d", ip, port)
}
