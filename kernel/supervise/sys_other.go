//go:build !linux

package supervise

import (
	"errors"
	"syscall"
)

// setHardMemoryLimit has no portable implementation outside Linux: a limit
// given there is refused rather than silently not enforced.
func setHardMemoryLimit(limit int64) error {
	return errors.New("a hard memory limit is only implemented on Linux; run with --memory-limit none")
}

// availableMemory is unknown outside Linux; the default is then no limit.
func availableMemory() int64 { return 0 }

// childSysProcAttr has nothing to add outside Linux: the child still exits
// when its request pipe closes.
func childSysProcAttr() *syscall.SysProcAttr { return nil }
