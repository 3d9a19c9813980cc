package stages

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelperHoldRun is the child process of TestSecondProcessIsRefused:
// it opens the run directory, says so, and waits to be killed.
func TestHelperHoldRun(t *testing.T) {
	dir := os.Getenv("SPECSTRESS_HOLD_DIR")
	if dir == "" {
		t.Skip("helper process only")
	}
	cfg := DefaultConfig()
	cfg.Out = dir
	r, err := Open(cfg, nil)
	if err != nil {
		fmt.Println("open failed:", err)
		os.Exit(1)
	}
	defer r.Close()
	fmt.Println("holding")
	select {}
}

func TestSecondProcessIsRefusedNamingTheOwner(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldRun$")
	cmd.Env = append(os.Environ(), "SPECSTRESS_HOLD_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	line, _ := bufio.NewReader(out).ReadString('\n')
	if strings.TrimSpace(line) != "holding" {
		t.Fatalf("child: %q", line)
	}

	cfg := DefaultConfig()
	cfg.Out = dir
	r, err := Open(cfg, nil)
	if err == nil {
		r.Close()
		t.Fatal("a second process opened a run directory another process holds")
	}
	var locked *LockedError
	if !errors.As(err, &locked) || locked.PID != cmd.Process.Pid {
		t.Fatalf("err = %v, want LockedError naming pid %d", err, cmd.Process.Pid)
	}
	if !strings.Contains(err.Error(), fmt.Sprint(cmd.Process.Pid)) {
		t.Errorf("message does not name the owner's pid: %v", err)
	}
	// Nothing was opened for writing: the journals the owner writes are
	// untouched by the refused process.
	if _, err := os.Stat(filepath.Join(dir, "failures.jsonl")); err != nil {
		t.Fatal(err)
	}

	// A killed owner leaves no stale lock behind.
	cmd.Process.Kill()
	cmd.Wait()
	r, err = Open(cfg, nil)
	if err != nil {
		t.Fatalf("after the owner was killed: %v", err)
	}
	// Within one process a second Open shares the hold (a notebook
	// re-running its setup cell); the directory is free again only when
	// both are closed.
	r2, err := Open(cfg, nil)
	if err != nil {
		t.Fatalf("second Open in the owning process: %v", err)
	}
	r.Close()
	if !lockedByOther(t, dir) {
		t.Error("the directory was released while a Run still had it open")
	}
	r2.Close()
	if lockedByOther(t, dir) {
		t.Error("the directory is still locked after every Run closed")
	}
}

// lockedByOther tries the lock from a fresh open file description, as
// another process would.
func lockedByOther(t *testing.T, dir string) bool {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, LockFile), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ok, err := tryLock(f)
	if err != nil {
		t.Fatal(err)
	}
	if ok {
		unlock(f)
	}
	return !ok
}

type jrec struct {
	K string `json:"k"`
	V string `json:"v"`
}

func jkey(r jrec) string { return r.K }

// Two writers on one journal (what two processes did before the lock)
// append: no line is written over another.
func TestJournalAppendsNeverOverwrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	a, err := OpenJournal(path, jkey)
	if err != nil {
		t.Fatal(err)
	}
	b, err := OpenJournal(path, jkey)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		if err := a.Append(fmt.Sprint("a", i), jrec{fmt.Sprint("a", i), strings.Repeat("x", i)}); err != nil {
			t.Fatal(err)
		}
		if err := b.Append(fmt.Sprint("b", i), jrec{fmt.Sprint("b", i), "y"}); err != nil {
			t.Fatal(err)
		}
	}
	a.Close()
	b.Close()
	c, err := OpenJournal(path, jkey)
	if err != nil {
		t.Fatalf("journal unreadable after two writers: %v", err)
	}
	defer c.Close()
	if c.Len() != 20 || c.Recovered() != "" {
		t.Errorf("%d records (recovered %q), want all 20", c.Len(), c.Recovered())
	}
}

func writeJournal(t *testing.T, path string, n int, tail string) {
	t.Helper()
	j, err := OpenJournal(path, jkey)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		if err := j.Append(fmt.Sprint(i), jrec{fmt.Sprint(i), "v"}); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(tail)
	f.Close()
}

func TestTornLastLineIsCutWithAWarning(t *testing.T) {
	for name, tail := range map[string]string{
		"unterminated":      `{"k":"9","v":"hal`,
		"zeros after crash": "\x00\x00\x00\x00\n",
		"cut json":          `{"k":"9",` + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "j.jsonl")
			writeJournal(t, path, 3, tail)
			j, err := OpenJournal(path, jkey)
			if err != nil {
				t.Fatalf("a torn last line fails the reopen: %v", err)
			}
			if j.Len() != 3 || !strings.Contains(j.Recovered(), "line 4") {
				t.Errorf("%d records, recovered %q: want 3 and a warning naming line 4", j.Len(), j.Recovered())
			}
			if err := j.Append("new", jrec{"new", "v"}); err != nil {
				t.Fatal(err)
			}
			j.Close()
			// Every later resume reads cleanly.
			j, err = OpenJournal(path, jkey)
			if err != nil {
				t.Fatal(err)
			}
			defer j.Close()
			if j.Len() != 4 || j.Recovered() != "" {
				t.Errorf("after repair: %d records, recovered %q", j.Len(), j.Recovered())
			}
		})
	}
}

func TestAWholeLastRecordWithoutEndOfLineIsKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	writeJournal(t, path, 2, `{"k":"x","v":"whole"}`)
	j, err := OpenJournal(path, jkey)
	if err != nil {
		t.Fatal(err)
	}
	if rec, ok := j.Get("x"); !ok || rec.V != "whole" || j.Recovered() != "" {
		t.Errorf("record %v %v, recovered %q", rec, ok, j.Recovered())
	}
	j.Append("y", jrec{"y", "next"})
	j.Close()
	j, err = OpenJournal(path, jkey)
	if err != nil || j.Len() != 4 {
		t.Fatalf("reopen: %v, %d records", err, j.Len())
	}
	j.Close()
}

func TestDamageInsideAJournalIsAnErrorNamingTheLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	writeJournal(t, path, 2, "garbage\n"+`{"k":"5","v":"v"}`+"\n")
	_, err := OpenJournal(path, jkey)
	if err == nil || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v, want the file and line 3 named", err)
	}
}

func TestRunReportsARepairedJournal(t *testing.T) {
	dir := t.TempDir()
	cfg := DefaultConfig()
	cfg.Out = dir
	os.WriteFile(filepath.Join(dir, "responses.jsonl"), []byte(`{"key":{"chunk_index":0,"entry_idx":1,"nudge_direction":"neutral"},"model":"o3","text":"par`), 0o644)
	r, err := Open(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// The first warning is the repair; the stand-in taxonomy's follows it.
	if w := r.Warnings(); len(w) != 2 || !strings.Contains(w[0], "responses.jsonl") || !strings.Contains(w[1], "stand-in taxonomy") {
		t.Errorf("warnings %q", w)
	}
}
