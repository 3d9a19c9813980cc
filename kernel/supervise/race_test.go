//go:build race

package supervise_test

// raceEnabled: the race detector is on (its shadow memory counts against
// the memory limit, so limit tests cannot run under it).
const raceEnabled = true
