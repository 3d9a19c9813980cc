package repl

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles pat the first time it is needed. The engine's
// patterns read yaegi's error and panic messages, which a script that runs
// cleanly never produces; compiling them in init cost every process of the
// binary, `specstress --help` included.
func lazyRegexp(pat string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pat) })
}
