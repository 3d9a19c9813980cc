package gen

import (
	"bytes"
	"fmt"
	"go/build"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// UseGOPATH switches this process's go/build to GOPATH mode over a
// temporary GOPATH mirroring the non-standard packages that pkgs depend on,
// one directory per package with links to its Go files. yaegi's extract
// type-checks every package from source through go/build; in module mode
// go/build runs `go list` for every import it resolves, which made a full
// generation take minutes. Linking files rather than module roots keeps
// modules nested in another's path (a/b and a/b/c) resolvable. UseGOPATH
// mutates process-wide state (the environment and build.Default), so only a
// command's main may call it. The returned function removes the directory.
func UseGOPATH(moduleRoot string, pkgs []string, log io.Writer) (cleanup func(), err error) {
	args := append([]string{"list", "-e", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}\t{{.Dir}}{{end}}"}, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Dir = moduleRoot
	cmd.Env = append(os.Environ(), "GO111MODULE=on")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -deps: %w: %s", err, stderr.String())
	}
	tmp, err := os.MkdirTemp("", "specstress-gopath-")
	if err != nil {
		return nil, err
	}
	cleanup = func() { os.RemoveAll(tmp) }
	for _, line := range strings.Split(string(out), "\n") {
		path, dir, ok := strings.Cut(line, "\t")
		if !ok || dir == "" {
			continue
		}
		if err := linkPackage(filepath.Join(tmp, "src", filepath.FromSlash(path)), dir); err != nil {
			cleanup()
			return nil, err
		}
	}
	if err := os.Setenv("GO111MODULE", "off"); err != nil {
		cleanup()
		return nil, err
	}
	build.Default.GOPATH = tmp
	return cleanup, nil
}

// linkPackage makes dst a directory of links to the Go files of dir.
func linkPackage(dst, dir string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return fmt.Errorf("gopath: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("gopath: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if err := os.Symlink(filepath.Join(dir, name), filepath.Join(dst, name)); err != nil {
			return fmt.Errorf("gopath: %w", err)
		}
	}
	return nil
}
