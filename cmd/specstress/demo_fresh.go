package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// demoMarker marks a folder as written by demo, so that a re-run may clear
// it: results of an earlier run (journals of a pipeline a notebook ran,
// executed notebooks, figures) must not be reused or reported as new.
const demoMarker = ".specstress-demo"

// freshDemoDir prepares dir for a demo run: it creates it when missing,
// empties it when an earlier demo wrote it (reporting that in cleared), and
// refuses a non-empty folder demo did not write, whose files it must
// neither reuse nor delete.
func freshDemoDir(dir string) (cleared bool, err error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		entries = nil
	case err != nil:
		return false, err
	}
	if len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dir, demoMarker)); err != nil {
			return false, fmt.Errorf("%s exists, is not empty and was not written by specstress demo: give --out a new or empty folder", dir)
		}
		for _, e := range entries {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return false, fmt.Errorf("clear the previous demo in %s: %w", dir, err)
			}
		}
		cleared = true
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, err
	}
	note := "This folder was written by `specstress demo`; the next run into it empties it first.\n"
	if err := os.WriteFile(filepath.Join(dir, demoMarker), []byte(note), 0o644); err != nil {
		return false, err
	}
	return cleared, nil
}
