package stages

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// LockFile is the name of the lock file in a run directory: it holds the
// process id of the run's owner.
const LockFile = "run.lock"

// ErrLocked is returned (wrapped) by Open when another process owns the
// run directory.
type ErrLocked struct {
	Dir string
	PID int // the owner's process id; 0 if the lock file names none
}

func (e *ErrLocked) Error() string {
	owner := "another process"
	if e.PID > 0 {
		owner = "process " + strconv.Itoa(e.PID)
	}
	return fmt.Sprintf("run directory %s is in use by %s (lock %s): two processes on one run would pay twice and corrupt its journals; wait for it to end or stop it",
		e.Dir, owner, filepath.Join(e.Dir, LockFile))
}

// dirLock is a held run-directory lock.
type dirLock struct {
	f *os.File
}

// lockDir takes the run directory for this process or says who has it.
// The lock is an advisory flock on dir/run.lock (released by the kernel
// when the owner exits, however it exits, so a killed run never leaves a
// stale lock); the file holds the owner's pid for the message.
func lockDir(dir string) (*dirLock, error) {
	path := filepath.Join(dir, LockFile)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("run %s: lock: %w", dir, err)
	}
	held, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("run %s: lock %s: %w", dir, path, err)
	}
	if !held {
		b, _ := os.ReadFile(path)
		pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
		f.Close()
		return nil, &ErrLocked{Dir: dir, PID: pid}
	}
	if err := f.Truncate(0); err == nil {
		_, err = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	if err != nil {
		unlock(f)
		f.Close()
		return nil, fmt.Errorf("run %s: lock %s: %w", dir, path, err)
	}
	return &dirLock{f: f}, nil
}

// release gives the directory up. The file stays (removing it would race
// with a process that has just opened it); an empty pid means unowned.
func (l *dirLock) release() error {
	if l == nil || l.f == nil {
		return nil
	}
	l.f.Truncate(0)
	err := unlock(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
