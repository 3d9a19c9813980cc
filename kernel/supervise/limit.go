package supervise

import (
	"fmt"
	"math"
	"runtime/debug"
	"strconv"
	"strings"
)

// MinMemoryLimit is the smallest memory limit accepted: below it the Go
// runtime and the engine's preloaded packages cannot even start.
const MinMemoryLimit = 256 << 20

// DefaultMemoryFraction is the share of the machine's memory (or of the
// cgroup's limit, when smaller) a kernel may use by default: enough for
// real analyses, while one runaway cell leaves the rest of the machine
// (other kernels, the notebook server) alive.
const DefaultMemoryFraction = 0.5

// DefaultMemoryLimit is DefaultMemoryFraction of the memory available to
// this process, or 0 (no limit) when that cannot be found out.
func DefaultMemoryLimit() int64 {
	total := availableMemory()
	if total <= 0 {
		return 0
	}
	return max(int64(float64(total)*DefaultMemoryFraction), MinMemoryLimit)
}

// ParseMemoryLimit reads a memory limit as users write it: "4GiB", "512MiB",
// "8G" (binary units: K, M, G, T and KiB ... TiB), "500MB" (decimal units:
// KB ... TB), a plain byte count, or "NN%" of the machine's memory. "0",
// "none", "off" and "unlimited" mean no limit (0).
func ParseMemoryLimit(s string) (int64, error) {
	t := strings.TrimSpace(s)
	switch strings.ToLower(t) {
	case "0", "none", "off", "unlimited":
		return 0, nil
	case "":
		return 0, fmt.Errorf("memory limit: empty (want a size such as 4GiB, or none)")
	}
	if pct, ok := strings.CutSuffix(t, "%"); ok {
		p, err := strconv.ParseFloat(strings.TrimSpace(pct), 64)
		if err != nil || p <= 0 || p > 100 {
			return 0, fmt.Errorf("memory limit %q: want a percentage in (0, 100]", s)
		}
		total := availableMemory()
		if total <= 0 {
			return 0, fmt.Errorf("memory limit %q: the machine's memory size is unknown here; give a size such as 4GiB", s)
		}
		return checkLimit(s, float64(total)*p/100)
	}
	i := len(t)
	for i > 0 && (t[i-1] < '0' || t[i-1] > '9') {
		i--
	}
	num, unit := strings.TrimSpace(t[:i]), strings.ToLower(strings.TrimSpace(t[i:]))
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("memory limit %q: want a size such as 4GiB, 512MiB, 8G or 2000MB", s)
	}
	mult, ok := map[string]float64{
		"": 1, "b": 1,
		"k": 1 << 10, "kib": 1 << 10, "kb": 1e3,
		"m": 1 << 20, "mib": 1 << 20, "mb": 1e6,
		"g": 1 << 30, "gib": 1 << 30, "gb": 1e9,
		"t": 1 << 40, "tib": 1 << 40, "tb": 1e12,
	}[unit]
	if !ok {
		return 0, fmt.Errorf("memory limit %q: unknown unit %q (use KiB, MiB, GiB, TiB, or KB, MB, GB, TB)", s, t[i:])
	}
	if v == 0 {
		return 0, nil
	}
	return checkLimit(s, v*mult)
}

func checkLimit(s string, v float64) (int64, error) {
	if v >= math.MaxInt64 {
		return 0, fmt.Errorf("memory limit %q: too large", s)
	}
	if v < MinMemoryLimit {
		return 0, fmt.Errorf("memory limit %q is below the minimum of %s the engine needs to start", s, FormatBytes(MinMemoryLimit))
	}
	return int64(v), nil
}

// FormatBytes writes a byte count with a binary unit, as in "4 GiB" or
// "1.5 GiB".
func FormatBytes(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	v, u := float64(n), 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	if v == math.Trunc(v) {
		return fmt.Sprintf("%d %s", int64(v), units[u])
	}
	return fmt.Sprintf("%.1f %s", v, units[u])
}

// applyMemoryLimit makes limit (bytes, 0: none) binding for this process: a
// hard limit from the operating system, so that an allocation beyond it
// fails at once instead of pushing the machine into swap or the OOM
// killer, and the Go runtime's soft limit a little below it, so that the
// collector works harder before a heap full of garbage hits the hard one.
func applyMemoryLimit(limit int64) error {
	if limit <= 0 {
		return nil
	}
	if err := setHardMemoryLimit(limit); err != nil {
		return fmt.Errorf("memory limit %s: %w", FormatBytes(limit), err)
	}
	debug.SetMemoryLimit(limit / 10 * 9)
	return nil
}
