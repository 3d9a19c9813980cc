// Command gen regenerates the stdlib package's symbol tables and doc
// indexes; `go generate ./stdlib` runs it from the stdlib directory.
//
//	go run ./internal/gen/cmd [-groups std,ext,proj] [-out DIR] [-docs DIR]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/specstress/specstress/stdlib/internal/gen"
)

func main() {
	groups := flag.String("groups", "std,ext,proj", "package families to generate: std, ext, proj")
	docsOnly := flag.String("docs-only", "", "package families whose doc indexes are written but not their tables")
	force := flag.Bool("force", false, "regenerate the standard library even when the toolchain stamp matches")
	out := flag.String("out", ".", "directory of the symbol files")
	docs := flag.String("docs", "docs", "directory of the doc indexes")
	flag.Parse()
	if err := run(*groups, *docsOnly, *out, *docs, *force); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(groups, docsOnly, out, docs string, force bool) error {
	start := time.Now()
	root, module, err := findModule()
	if err != nil {
		return err
	}
	g, err := parseGroups(groups)
	if err != nil {
		return err
	}
	only, err := parseGroups(docsOnly)
	if err != nil {
		return err
	}
	stamp := filepath.Join(out, "toolchain_gen.go")
	if g&gen.Std != 0 && only&gen.Std == 0 && !force && gen.ReadStamp(stamp) == gen.GoMinor() {
		// The standard library tables take minutes to extract and only
		// change with the Go release: keep them.
		fmt.Fprintf(os.Stderr, "gen: standard library tables are up to date for %s (-force to redo)\n", gen.GoMinor())
		g &^= gen.Std
	}
	if pkgs := gen.Patterns(module, g&^only); len(pkgs) > 0 {
		cleanup, err := gen.UseGOPATH(root, pkgs, os.Stderr)
		if err != nil {
			return err
		}
		defer cleanup()
	}
	cfg := gen.Config{
		ModuleRoot: root, Module: module, OutDir: out, DocDir: docs,
		Groups: g, DocsOnly: only, Log: os.Stderr, Prune: true,
	}
	rep, err := gen.Run(cfg)
	if err != nil {
		return err
	}
	if g&gen.Std != 0 && only&gen.Std == 0 {
		if err := gen.WriteStamp(stamp); err != nil {
			return err
		}
	}
	if err := gen.WritePreloads(filepath.Join(out, "preloads_gen.go"), module, out); err != nil {
		return err
	}
	// The fingerprint of the inputs, for the quick freshness test: only
	// when every third-party and project table was written.
	if (g|only)&(gen.Ext|gen.Proj) == gen.Ext|gen.Proj && only&(gen.Ext|gen.Proj) == 0 {
		fp, err := gen.Fingerprint(root)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, gen.FingerprintFile), []byte(fp+"\n"), 0o644); err != nil {
			return fmt.Errorf("write fingerprint: %w", err)
		}
	}
	// The type checker's view of the same packages, and the wrapper
	// dependencies found in it: only in a full run
	// into a directory holding every table (a -docs-only run has not
	// written the tables it documents).
	if only == 0 {
		if err := gen.WriteExportData(filepath.Join(out, gen.ExportDataFile), filepath.Join(out, gen.WrapperDepsFile), root, out); err != nil {
			return err
		}
	}
	// Only the real package directory can be built; a run into a scratch
	// directory (the staleness test) checks contents, not the build.
	if abs, err := filepath.Abs(out); err == nil && filepath.Base(abs) == "stdlib" && filepath.Dir(abs) == root {
		if err := gen.VerifyBuild(out, module, os.Stderr); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "gen: %d packages, %d skipped, %s\n", len(rep.Generated), len(rep.Skipped), time.Since(start).Round(time.Millisecond))
	return nil
}

// parseGroups reads a comma-separated list of std, ext and proj.
func parseGroups(list string) (gen.Group, error) {
	var g gen.Group
	for _, name := range strings.Split(list, ",") {
		switch strings.TrimSpace(name) {
		case "std":
			g |= gen.Std
		case "ext":
			g |= gen.Ext
		case "proj":
			g |= gen.Proj
		case "":
		default:
			return 0, fmt.Errorf("unknown group %q (want std, ext or proj)", name)
		}
	}
	return g, nil
}

// findModule walks up from the working directory to go.mod.
func findModule() (dir, module string, err error) {
	dir, err = os.Getwd()
	if err != nil {
		return "", "", err
	}
	for {
		f, err := os.Open(filepath.Join(dir, "go.mod"))
		if err == nil {
			defer f.Close()
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				if m, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
					return dir, strings.Trim(strings.TrimSpace(m), `"`), nil
				}
			}
			return "", "", fmt.Errorf("%s: no module line", f.Name())
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}
