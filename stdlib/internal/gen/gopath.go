package gen

import (
	"bytes"
	"fmt"
	"go/build"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// UseGOPATH switches this process's go/build to GOPATH mode over a
// temporary GOPATH of symbolic links to the module's dependencies (from the
// module cache) and to the module itself. yaegi's extract type-checks every
// package from source through go/build; in module mode go/build runs `go
// list` for every import it resolves, which made a full generation take
// minutes. It mutates process-wide state (the environment and
// build.Default), so only a command's main may call it. The returned
// function removes the temporary directory.
func UseGOPATH(moduleRoot string, pkgs []string, log io.Writer) (cleanup func(), err error) {
	// The modules providing the packages and all their dependencies.
	args := append([]string{"list", "-e", "-deps", "-f", "{{with .Module}}{{.Path}}\t{{.Dir}}{{end}}"}, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Dir = moduleRoot
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -deps: %w: %s", err, stderr.String())
	}
	mods := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		path, dir, ok := strings.Cut(line, "\t")
		if ok && dir != "" {
			mods[path] = dir
		}
	}
	paths := make([]string, 0, len(mods))
	for p := range mods {
		paths = append(paths, p)
	}
	sort.Strings(paths) // parents before nested modules
	tmp, err := os.MkdirTemp("", "specstress-gopath-")
	if err != nil {
		return nil, err
	}
	cleanup = func() { os.RemoveAll(tmp) }
	for _, p := range paths {
		dst := filepath.Join(tmp, "src", filepath.FromSlash(p))
		err := os.MkdirAll(filepath.Dir(dst), 0o755)
		if err == nil {
			err = os.Symlink(mods[p], dst)
		}
		if err != nil {
			// Nested module paths (a/b and a/b/v2) cannot both be linked;
			// the packages the generator needs do not nest.
			fmt.Fprintf(log, "gen: note: module %s not linked: %v\n", p, err)
		}
	}
	if err := os.Setenv("GO111MODULE", "off"); err != nil {
		cleanup()
		return nil, err
	}
	build.Default.GOPATH = tmp
	return cleanup, nil
}
