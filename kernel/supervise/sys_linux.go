package supervise

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// setHardMemoryLimit sets RLIMIT_DATA. It counts the private writable
// mappings, which is where the Go heap lives, but not the address space the
// runtime only reserves (RLIMIT_AS would, and would fail the runtime long
// before the heap reached the limit). An allocation past it makes the Go
// runtime die with "fatal error: runtime: out of memory", which the
// supervisor reports as the cell's error.
func setHardMemoryLimit(limit int64) error {
	return syscall.Setrlimit(syscall.RLIMIT_DATA, &syscall.Rlimit{Cur: uint64(limit), Max: uint64(limit)})
}

// availableMemory is the machine's RAM, or the memory limit of this
// process's cgroup when that is smaller (a container), in bytes; 0 when
// unknown.
func availableMemory() int64 {
	var si syscall.Sysinfo_t
	var total int64
	if syscall.Sysinfo(&si) == nil {
		total = int64(si.Totalram) * int64(si.Unit)
	}
	if c := cgroupMemoryLimit(); c > 0 && (total == 0 || c < total) {
		total = c
	}
	return total
}

// cgroupMemoryLimit reads the cgroup v2 memory.max of this process, 0 when
// there is none.
func cgroupMemoryLimit() int64 {
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		path, ok := strings.CutPrefix(l, "0::")
		if !ok {
			continue
		}
		v, err := os.ReadFile("/sys/fs/cgroup" + strings.TrimSpace(path) + "/memory.max")
		if err != nil {
			return 0
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(v)), 10, 64)
		if err != nil { // "max"
			return 0
		}
		return n
	}
	return 0
}

// childSysProcAttr makes the child die with its supervisor even when the
// supervisor is killed without a chance to close the pipes.
func childSysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
