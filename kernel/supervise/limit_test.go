package supervise

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseMemoryLimit(t *testing.T) {
	ok := []struct {
		in   string
		want int64
	}{
		{"4GiB", 4 << 30}, {"4G", 4 << 30}, {"4 gib", 4 << 30}, {"512MiB", 512 << 20}, {"512M", 512 << 20},
		{"1.5GiB", 3 << 29}, {"2000MB", 2000e6}, {"1TB", 1e12}, {"1T", 1 << 40},
		{"268435456", 256 << 20}, {"none", 0}, {"off", 0}, {"0", 0}, {"unlimited", 0}, {"0GiB", 0},
	}
	for _, c := range ok {
		got, err := ParseMemoryLimit(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseMemoryLimit(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	bad := []struct{ in, want string }{
		{"", "empty"}, {"4 parsecs", "unknown unit"}, {"GiB", "want a size"}, {"-1GiB", "want a size"},
		{"100MiB", "below the minimum of 256 MiB"}, {"150%", "percentage"}, {"x%", "percentage"},
		{"99999999999TiB", "too large"},
	}
	for _, c := range bad {
		if _, err := ParseMemoryLimit(c.in); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseMemoryLimit(%q) error %v, want one saying %q", c.in, err, c.want)
		}
	}
	if availableMemory() > 0 {
		half, err := ParseMemoryLimit("50%")
		if err != nil || half != availableMemory()/2 {
			t.Errorf("50%% = %d, %v; machine %d", half, err, availableMemory())
		}
		if d := DefaultMemoryLimit(); d != max(availableMemory()/2, MinMemoryLimit) {
			t.Errorf("default %d, machine %d", d, availableMemory())
		}
	}
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{512 << 20: "512 MiB", 4 << 30: "4 GiB", 3 << 29: "1.5 GiB", 100: "100 B"} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestCrashLogKeepsTheHeadOfTheReport: a crash report arrives in pieces
// that split lines, after unrelated output, and runs far past what is
// kept; the head (the line naming the failure) survives.
func TestCrashLogKeepsTheHeadOfTheReport(t *testing.T) {
	var all strings.Builder
	c := newCrashLog(&all)
	text := "stray output 1\nstray output 2\nfatal error: concurrent map writes\n\ngoroutine 7 [running]:\n"
	for i := 0; i < 5000; i++ {
		text += "main.f(...)\n\t/x.go:1 +0x1\n"
	}
	for i := 0; i < len(text); i += 7 {
		c.Write([]byte(text[i:min(i+7, len(text))]))
	}
	c.finish()
	logged := all.String()
	if !strings.HasPrefix(text, logged[:strings.LastIndex(logged, "[...")]) ||
		!strings.HasSuffix(logged, fmt.Sprintf("[... %d more lines of the crash report not shown]\n", 10003-logReportLines)) {
		t.Errorf("the log got %d bytes ending %q", len(logged), logged[max(0, len(logged)-200):])
	}
	if n := strings.Count(logged, "\n"); n != 2+logReportLines+1 {
		t.Errorf("the log got %d lines, want the stray output, %d lines of the report and the note", n, logReportLines)
	}
	report, recent := c.snapshot()
	if strings.Join(recent, "|") != "stray output 1|stray output 2" {
		t.Errorf("recent %q", recent)
	}
	if len(report) != crashReportLines || report[0] != "fatal error: concurrent map writes" {
		t.Errorf("report has %d lines, first %q", len(report), report[0])
	}
	if h := headline(report); h != "fatal error: concurrent map writes" {
		t.Errorf("headline %q", h)
	}
	// The stack overflow report starts with a runtime line, the fatal
	// error comes after it: the headline is the fatal error.
	h := headline([]string{"runtime: goroutine stack exceeds 4194304-byte limit", "runtime: sp=0x1", "fatal error: stack overflow"})
	if h != "fatal error: stack overflow" {
		t.Errorf("headline %q", h)
	}
}
