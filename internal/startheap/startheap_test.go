package startheap

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcPercent reads GOGC without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// waitPercent waits for the cleanup to restore want. The runtime runs a
// cleanup after some collection that finds its object unreachable, not
// necessarily the first one, so the wait collects again until it has.
func waitPercent(t *testing.T, want int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for gcPercent() != want {
		if time.Now().After(deadline) {
			t.Fatalf("GOGC is %d, want %d after collections", gcPercent(), want)
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}

func TestRaiseHoldsOffCollectionUntilTheLargerGoal(t *testing.T) {
	unsetGOGC(t)
	runtime.GC()
	debug.SetGCPercent(100)
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	if !Raise() {
		t.Fatal("Raise did nothing with GOGC unset and the collector at 100")
	}
	if got := gcPercent(); got != Percent {
		t.Fatalf("GOGC after Raise = %d, want %d", got, Percent)
	}
	// 5 MB of short-lived allocations on a small heap: past the runtime's
	// 4 MB minimum goal, below the raised one.
	var keep []byte
	for range 5 * 1024 {
		keep = make([]byte, 1024)
	}
	_ = keep
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if after.NumGC != before.NumGC {
		t.Fatalf("%d collections during start-up allocations, want none", after.NumGC-before.NumGC)
	}
	runtime.GC()
	waitPercent(t, 100)
}

func TestRaiseRestoresTheEarlierPacing(t *testing.T) {
	unsetGOGC(t)
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(150))
	if !Raise() {
		t.Fatal("Raise did nothing")
	}
	runtime.GC()
	waitPercent(t, 150)
}

func TestRaiseLeavesAUsersGOGCAlone(t *testing.T) {
	t.Setenv("GOGC", "50")
	defer debug.SetGCPercent(debug.SetGCPercent(50))
	if Raise() {
		t.Fatal("Raise changed the pacing although GOGC is set")
	}
	if got := gcPercent(); got != 50 {
		t.Fatalf("GOGC = %d, want the user's 50", got)
	}
}

func TestRaiseLeavesTheCollectorOffOrHigher(t *testing.T) {
	unsetGOGC(t)
	for _, p := range []int{-1, Percent, 800} {
		old := debug.SetGCPercent(p)
		if Raise() {
			t.Errorf("Raise changed GOGC=%d", p)
		}
		if got := gcPercent(); got != p {
			t.Errorf("GOGC = %d, want %d left alone", got, p)
		}
		debug.SetGCPercent(old)
	}
}
