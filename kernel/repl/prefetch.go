package repl

import "github.com/specstress/specstress/kernel/repl/typecheck"

// Prefetch decodes in the background the type information a session
// importing the packages at paths will check its cells against. A caller
// that knows the imports before its engine exists (`specstress run` reads
// the script first) calls it before New, and the decoding overlaps the
// interpreter's start instead of delaying the first check: 1 ms of
// `run hello.go`, 0.8 ms of a script importing the pipeline
// (bench/RESULTS-startup.md). Building their symbol tables in the
// background as well measured slower on both (2 cores), so New builds
// them. A package that cannot be decoded is left for the check to report.
func Prefetch(paths ...string) {
	typecheck.Prefetch(paths...)
}
