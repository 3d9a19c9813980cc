// Package notebooks carries the project's teaching notebooks and the
// embedded synthetic sample dataset they run on, so that an installed
// binary (`go install`) can run them with nothing else on disk: `specstress
// demo` extracts both next to each other and executes the notebooks.
//
// The notebooks open the embedded sample through dataset.Sample, from any
// folder, unless their first cell's dataDir or $SPECSTRESS_DATA names a
// dataset; that one path is all that changes to run them on the real data.
package notebooks

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// files holds the notebooks and the sample. Read-only.
//
//go:embed *.ipynb all:data/sample
var files embed.FS

// SampleDir is the sample's directory relative to the notebooks.
const SampleDir = "data/sample"

// FS returns the embedded files: NN_name.ipynb at the root and the sample
// dataset under data/sample.
func FS() fs.FS { return files }

// Names returns the notebook file names in the order they are meant to be
// read (their numeric prefix).
func Names() []string {
	entries, err := fs.ReadDir(files, ".")
	if err != nil { // cannot happen for an embed.FS root
		return nil
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".ipynb") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// Extract writes the notebooks and the sample into dir (created if needed),
// overwriting files of the same names and leaving other files alone, and
// returns the paths of the written notebooks in reading order.
func Extract(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("extract notebooks: %w", err)
	}
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if path.Ext(p) == ".go" {
			return nil
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		return nil, fmt.Errorf("extract notebooks to %s: %w", dir, err)
	}
	var paths []string
	for _, n := range Names() {
		paths = append(paths, filepath.Join(dir, n))
	}
	return paths, nil
}
