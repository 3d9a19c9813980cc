//go:build !unix

package stages

import "os"

// Without flock the lock is the lock file's pid: a non-empty file owned
// by a live process other than this one holds the directory. A stale pid
// (the owner was killed) cannot be told from a live one portably, so the
// message names it and the user removes the file.
func tryLock(f *os.File) (bool, error) {
	st, err := f.Stat()
	if err != nil {
		return false, err
	}
	return st.Size() == 0, nil
}

func unlock(f *os.File) error { return f.Truncate(0) }
