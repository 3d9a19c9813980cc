package gen

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// buildErrFile matches a compiler error in a generated project table.
var buildErrFile = regexp.MustCompile(`(?m)^(?:\./)?(proj_[A-Za-z0-9_]+)\.go:\d+`)

// buildErrPkg matches the header go build prints above a failing package.
var buildErrPkg = regexp.MustCompile(`(?m)^# (\S+)`)

// VerifyBuild builds the stdlib package in dir and, while the build fails
// because of a project package (its table does not compile, or the package
// itself broke after extraction), removes that package's table and doc
// index with a warning and rewrites the preloads: a half-written package of
// one engineer must not break the interpreter for everyone. It gives up
// with an error on failures it cannot attribute to a project package.
func VerifyBuild(dir, module string, log io.Writer) error {
	for attempt := 0; attempt < len(Project)+1; attempt++ {
		cmd := exec.Command("go", "build", ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GO111MODULE=on")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err == nil {
			return nil
		}
		culprits := map[string]bool{}
		for _, m := range buildErrFile.FindAllStringSubmatch(out.String(), -1) {
			culprits[m[1]] = true
		}
		for _, m := range buildErrPkg.FindAllStringSubmatch(out.String(), -1) {
			if strings.HasPrefix(m[1], module+"/") && !strings.HasSuffix(m[1], "/stdlib") {
				culprits[FileBase(m[1], module)] = true
			}
		}
		if len(culprits) == 0 {
			return fmt.Errorf("go build of the tables fails:\n%s", out.String())
		}
		for base := range culprits {
			fmt.Fprintf(log, "gen: warning: removing %s.go: the stdlib package does not build with it\n", base)
			for _, f := range []string{filepath.Join(dir, base+".go"), filepath.Join(dir, "docs", base+".json.gz")} {
				if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
					return fmt.Errorf("verify: %w", err)
				}
			}
		}
		if err := WritePreloads(filepath.Join(dir, "preloads_gen.go"), module, dir); err != nil {
			return err
		}
	}
	return fmt.Errorf("go build of the tables still fails after removing project tables")
}
