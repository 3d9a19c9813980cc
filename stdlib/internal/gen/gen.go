// Package gen generates the interpreter's symbol tables and doc index: one
// yaegi symbol file per package (with yaegi's extract package, which also
// writes the interface wrappers that let interpreted types satisfy compiled
// interfaces), one gzip'd JSON doc index per package (with go/doc), the
// list of preloaded imports restricted to the packages that were generated,
// and the type information of those packages for the cell type checker
// (exportdata.go).
package gen

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/traefik/yaegi/extract"
)

// Group selects a family of packages.
type Group int

// The package families, each optional in a run.
const (
	Std Group = 1 << iota
	Ext
	Proj
	All = Std | Ext | Proj
)

// Config describes one generation run.
type Config struct {
	ModuleRoot string    // directory holding go.mod
	Module     string    // the module path
	OutDir     string    // where symbol files go (the stdlib package directory)
	DocDir     string    // where doc indexes go
	Groups     Group     // which families to generate
	Log        io.Writer // warnings and progress; nil for none
	Workers    int       // parallel extractions; 0 for GOMAXPROCS
	Prune      bool      // remove generated files of the selected groups not regenerated
	DocsOnly   Group     // groups whose doc indexes are written but not their tables
}

// Report tells what a run did.
type Report struct {
	Generated []string          // import paths with a symbol table
	Skipped   map[string]string // project import path -> why
}

// pkgInfo is the part of `go list -json` the generator reads.
type pkgInfo struct {
	ImportPath string
	Name       string
	Dir        string
	GoFiles    []string
	Standard   bool
	Error      *struct{ Err string }
	DepsErrors []*struct{ Err string }
}

// Run generates the selected groups.
func Run(cfg Config) (Report, error) {
	rep := Report{Skipped: map[string]string{}}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	pkgs, err := listPackages(cfg)
	if err != nil {
		return rep, err
	}
	if err := os.MkdirAll(cfg.DocDir, 0o755); err != nil {
		return rep, fmt.Errorf("create doc dir: %w", err)
	}

	type result struct {
		pkg  pkgInfo
		code []byte
		docs []byte
		err  error
	}
	results := make([]result, len(pkgs))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				p := pkgs[i]
				r := result{pkg: p}
				r.err = listed(p)
				if r.err == nil && cfg.DocsOnly&groupOf(p, cfg.Module) == 0 {
					r.code, r.err = extractPackage(p)
				}
				if r.err == nil {
					r.docs, r.err = docIndex(p)
				}
				results[i] = r
			}
		}()
	}
	for i := range pkgs {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	keep := map[string]bool{}
	var errs []error
	for _, r := range results {
		base := FileBase(r.pkg.ImportPath, cfg.Module)
		if r.err != nil {
			if groupOf(r.pkg, cfg.Module) == Proj {
				fmt.Fprintf(cfg.Log, "gen: warning: skipping %s: %v\n", r.pkg.ImportPath, firstLine(r.err.Error()))
				rep.Skipped[r.pkg.ImportPath] = r.err.Error()
				continue
			}
			errs = append(errs, fmt.Errorf("%s: %w", r.pkg.ImportPath, r.err))
			continue
		}
		keep[base] = true
		if r.code != nil {
			if err := writeIfChanged(filepath.Join(cfg.OutDir, base+".go"), r.code); err != nil {
				errs = append(errs, err)
			}
		}
		if err := writeIfChanged(filepath.Join(cfg.DocDir, base+".json.gz"), r.docs); err != nil {
			errs = append(errs, err)
		}
		rep.Generated = append(rep.Generated, r.pkg.ImportPath)
	}
	if len(errs) > 0 {
		return rep, errors.Join(errs...)
	}
	if cfg.Prune {
		if err := prune(cfg, keep); err != nil {
			return rep, err
		}
	}
	sort.Strings(rep.Generated)
	return rep, nil
}

// Patterns returns the go list arguments naming the selected groups.
func Patterns(module string, g Group) []string {
	var args []string
	if g&Std != 0 {
		args = append(args, "std")
	}
	if g&Ext != 0 {
		args = append(args, ThirdParty...)
	}
	if g&Proj != 0 {
		for _, p := range Project {
			args = append(args, module+"/"+p)
		}
	}
	return args
}

// listPackages resolves the selected groups to packages with one go list.
func listPackages(cfg Config) ([]pkgInfo, error) {
	args := Patterns(cfg.Module, cfg.Groups)
	if len(args) == 0 {
		return nil, nil
	}
	cmd := exec.Command("go", append([]string{"list", "-e", "-json=ImportPath,Name,Dir,GoFiles,Standard,Error,DepsErrors"}, args...)...)
	cmd.Dir = cfg.ModuleRoot
	// UseGOPATH may have turned modules off for go/build in this process;
	// the go command must still resolve packages through the module.
	cmd.Env = append(os.Environ(), "GO111MODULE=on")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w: %s", err, stderr.String())
	}
	var pkgs []pkgInfo
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p pkgInfo
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("go list output: %w", err)
		}
		if p.Standard && !keepStd(p.ImportPath) {
			continue
		}
		if p.Name == "main" {
			continue
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

func groupOf(p pkgInfo, module string) Group {
	switch {
	case p.Standard:
		return Std
	case p.ImportPath == module || strings.HasPrefix(p.ImportPath, module+"/"):
		return Proj
	}
	return Ext
}

// listed reports the problems go list found with p: missing, unparsable,
// or with a broken dependency.
func listed(p pkgInfo) error {
	if p.Error != nil {
		return errors.New(p.Error.Err)
	}
	for _, e := range p.DepsErrors {
		return errors.New(e.Err)
	}
	if len(p.GoFiles) == 0 {
		return fmt.Errorf("no Go files")
	}
	return nil
}

// extractPackage produces the symbol file of p with yaegi's extract, which
// type-checks p from source (finding packages through go/build: see
// UseGOPATH) and fails when p does not compile, with the table built on
// demand (lazyTable).
func extractPackage(p pkgInfo) ([]byte, error) {
	ext := extract.Extractor{Dest: "stdlib"}
	var buf bytes.Buffer
	if _, err := ext.Extract(p.ImportPath, "", &buf); err != nil {
		return nil, err
	}
	return lazyTable(buf.Bytes())
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

// writeIfChanged writes data to path unless it already holds exactly data,
// so that an unchanged regeneration does not touch files (and rebuilds).
func writeIfChanged(path string, data []byte) error {
	old, err := os.ReadFile(path)
	if err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// prune removes generated files of the selected groups that this run did
// not produce: packages that vanished or failed to compile (their tables
// would break the build of the whole stdlib package).
func prune(cfg Config, keep map[string]bool) error {
	var prefixes []string
	for g, pre := range map[Group]string{Std: "std_", Ext: "ext_", Proj: "proj_"} {
		if cfg.Groups&g != 0 && cfg.DocsOnly&g == 0 {
			prefixes = append(prefixes, pre)
		}
	}
	for _, d := range []struct{ dir, ext string }{{cfg.OutDir, ".go"}, {cfg.DocDir, ".json.gz"}} {
		entries, err := os.ReadDir(d.dir)
		if err != nil {
			return fmt.Errorf("prune %s: %w", d.dir, err)
		}
		for _, e := range entries {
			name := e.Name()
			if !strings.HasSuffix(name, d.ext) || strings.HasSuffix(name, "_test.go") {
				continue
			}
			base := strings.TrimSuffix(name, d.ext)
			matched := false
			for _, pre := range prefixes {
				matched = matched || strings.HasPrefix(base, pre)
			}
			if matched && !keep[base] {
				fmt.Fprintf(cfg.Log, "gen: removing stale %s\n", name)
				if err := os.Remove(filepath.Join(d.dir, name)); err != nil {
					return fmt.Errorf("prune: %w", err)
				}
			}
		}
	}
	return nil
}
