// Package startheap spares a process the garbage collections of its
// start-up.
//
// The Go runtime starts collecting once the heap reaches 4 MB. The
// specstress binary links the interpreter, its symbol tables, gonum/plot,
// parquet-go and both provider SDKs: their package initialisation and an
// engine ready to run a script allocate a little over 4 MB that all stays
// live, so `specstress run hello.go` paid a collection that freed nothing:
// a tenth of its wall time (bench/RESULTS-startup.md). The Go compiler
// meets the same problem the same way (cmd/compile's AdjustStartingHeap):
// start with a larger heap goal, then return to the usual pacing.
package startheap

import (
	"os"
	"runtime"
	"runtime/debug"
)

// Percent is the GOGC value until the first collection: with the
// runtime's 4 MB minimum goal scaled by it, the first collection waits for
// an 8 MB heap, where start-up needs a little over 4. A script that
// allocates more than that is collected as usual from then on; one that
// does not never pays for a collection. The pacing returns to normal once
// the cleanup queued by the first collection has run, which the runtime
// does not promise for that very collection (cmd/compile's
// AdjustStartingHeap notes the same): a modest value keeps a late restore
// from letting the heap grow far past the usual goal.
const Percent = 200

// Raise sets GOGC to Percent until the first garbage collection and
// returns it to its value before the call after that collection.
// It does nothing when the user set GOGC in the environment, which says
// how they want the collector paced, or when collection is off.
// It reports whether it raised the goal.
func Raise() bool {
	if _, set := os.LookupEnv("GOGC"); set {
		return false
	}
	old := debug.SetGCPercent(Percent)
	if old < 0 || old >= Percent {
		debug.SetGCPercent(old)
		return false
	}
	// The sentinel becomes unreachable at once; the first collection finds
	// it and queues the cleanup, which restores the pacing. It is larger
	// than the runtime's tiny-object size so that it is not batched with
	// other objects whose lifetimes would delay it.
	s := new(sentinel)
	runtime.AddCleanup(s, func(old int) { debug.SetGCPercent(old) }, old)
	return true
}

type sentinel struct {
	_ [4]*byte
}
