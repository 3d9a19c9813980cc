package stages

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// LockFile is the name of the lock file in a run directory: it holds the
// process id of the run's owner.
const LockFile = "run.lock"

// LockedError is returned by Open when another process owns the
// run directory.
type LockedError struct {
	Dir string
	PID int // the owner's process id; 0 if the lock file names none
}

func (e *LockedError) Error() string {
	owner := "another process"
	if e.PID > 0 {
		owner = "process " + strconv.Itoa(e.PID)
	}
	return fmt.Sprintf("run directory %s is in use by %s (lock %s): two processes on one run would pay twice and corrupt its journals; wait for it to end or stop it",
		e.Dir, owner, filepath.Join(e.Dir, LockFile))
}

// dirLock is one Open's hold on a run directory.
type dirLock struct {
	key string // absolute path of the lock file
}

// held counts this process's holds per lock file: a second Open of a
// directory in the same process (a notebook re-running its setup cell)
// shares the lock, since the journals' whole-line appends keep two
// writers in one process from damaging each other; the last Close
// releases it.
var held = struct {
	sync.Mutex
	m map[string]*heldLock
}{m: map[string]*heldLock{}}

type heldLock struct {
	f *os.File
	n int
}

// lockDir takes the run directory for this process or says who has it.
// The lock is an advisory flock on dir/run.lock (released by the kernel
// when the owner exits, however it exits, so a killed run never leaves a
// stale lock); the file holds the owner's pid for the message.
func lockDir(dir string) (*dirLock, error) {
	path, err := filepath.Abs(filepath.Join(dir, LockFile))
	if err != nil {
		return nil, fmt.Errorf("run %s: lock: %w", dir, err)
	}
	held.Lock()
	defer held.Unlock()
	if h := held.m[path]; h != nil {
		h.n++
		return &dirLock{key: path}, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("run %s: lock: %w", dir, err)
	}
	ok, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("run %s: lock %s: %w", dir, path, err)
	}
	if !ok {
		b, _ := os.ReadFile(path)
		pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
		f.Close()
		return nil, &LockedError{Dir: dir, PID: pid}
	}
	if err := f.Truncate(0); err == nil {
		_, err = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	if err != nil {
		unlock(f)
		f.Close()
		return nil, fmt.Errorf("run %s: lock %s: %w", dir, path, err)
	}
	held.m[path] = &heldLock{f: f, n: 1}
	return &dirLock{key: path}, nil
}

// release gives this hold up; the last one unlocks the directory. The
// file stays (removing it would race with a process that has just opened
// it); an empty pid means unowned.
func (l *dirLock) release() error {
	if l == nil || l.key == "" {
		return nil
	}
	held.Lock()
	defer held.Unlock()
	key := l.key
	l.key = ""
	h := held.m[key]
	if h == nil {
		return nil
	}
	if h.n--; h.n > 0 {
		return nil
	}
	delete(held.m, key)
	h.f.Truncate(0)
	err := unlock(h.f)
	if cerr := h.f.Close(); err == nil {
		err = cerr
	}
	return err
}
