package dataset

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/specstress/specstress/notebooks"
)

// Sample opens the synthetic sample dataset embedded in specstress (the one
// the notebooks and `specstress demo` use), from any working directory.
//
// The reader works on files, so the first call writes the sample to a
// directory named after a hash of its content under the user's cache
// directory (os.UserCacheDir, else the temporary directory); later calls
// and other processes reuse it, and a different build's sample gets its own
// directory. The returned Dataset's Path is that directory.
func Sample() (*Dataset, error) {
	dir, err := SampleDir()
	if err != nil {
		return nil, err
	}
	return Open(dir)
}

// SampleDir writes the embedded sample to its cache directory if it is not
// there yet and returns the directory (see Sample).
func SampleDir() (string, error) {
	src, err := fs.Sub(notebooks.FS(), notebooks.SampleDir)
	if err != nil {
		return "", fmt.Errorf("embedded sample: %w", err)
	}
	sum, err := hashFS(src)
	if err != nil {
		return "", fmt.Errorf("embedded sample: %w", err)
	}
	base, err := os.UserCacheDir()
	if err != nil || base == "" {
		base = os.TempDir()
	}
	parent := filepath.Join(base, "specstress")
	dir := filepath.Join(parent, "sample-"+sum[:16])
	if _, err := os.Stat(filepath.Join(dir, "README.md")); err == nil {
		return dir, nil
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("embedded sample: %w", err)
	}
	// Written beside, then renamed into place: a reader never sees half a
	// sample, and of two processes racing, the second rename fails harmlessly.
	tmp, err := os.MkdirTemp(parent, ".sample-*")
	if err != nil {
		return "", fmt.Errorf("embedded sample: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := os.CopyFS(tmp, src); err != nil {
		return "", fmt.Errorf("embedded sample: write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(filepath.Join(dir, "README.md")); statErr == nil {
			return dir, nil
		}
		return "", fmt.Errorf("embedded sample: %w", err)
	}
	return dir, nil
}

// hashFS hashes the names and contents of every file of fsys.
func hashFS(fsys fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) == ".go" {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
