package analysis

import (
	"fmt"

	"github.com/specstress/specstress/pipeline"
)

// scenarioRows finds a scenario's row by its key, to match judged responses
// to scenarios. A key holds a string (the nudge), and hashing 411K of them
// was half of what the cited hot-spot statistics cost; keys whose chunk and
// entry fit in 30 bits and whose nudge is one of the three directions (all
// of the public release) pack into one uint64 instead.
type scenarioRows struct {
	packed map[uint64]int
	keys   map[pipeline.ScenarioKey]int // when some key does not pack
}

// newScenarioRows indexes keys by row. A key that appears twice is an
// error naming the key, prefixed with what (the caller).
func newScenarioRows(keys []pipeline.ScenarioKey, what string) (*scenarioRows, error) {
	s := &scenarioRows{packed: make(map[uint64]int, len(keys))}
	for r, k := range keys {
		p, ok := packKey(k)
		if !ok {
			return newScenarioRowsByKey(keys, what)
		}
		if _, dup := s.packed[p]; dup {
			return nil, fmt.Errorf("%s: scenario key %s appears twice; judged responses cannot be matched", what, k)
		}
		s.packed[p] = r
	}
	return s, nil
}

func newScenarioRowsByKey(keys []pipeline.ScenarioKey, what string) (*scenarioRows, error) {
	s := &scenarioRows{keys: make(map[pipeline.ScenarioKey]int, len(keys))}
	for r, k := range keys {
		if _, dup := s.keys[k]; dup {
			return nil, fmt.Errorf("%s: scenario key %s appears twice; judged responses cannot be matched", what, k)
		}
		s.keys[k] = r
	}
	return s, nil
}

// row returns the row of the scenario with key k.
func (s *scenarioRows) row(k pipeline.ScenarioKey) (int, bool) {
	if s.keys != nil {
		r, ok := s.keys[k]
		return r, ok
	}
	p, ok := packKey(k)
	if !ok {
		return 0, false // every indexed key packs, so this one is not among them
	}
	r, ok := s.packed[p]
	return r, ok
}

// packKey packs k into 64 bits: chunk and entry in 30 bits each, the
// nudge's direction in the top bits.
func packKey(k pipeline.ScenarioKey) (uint64, bool) {
	const lim = 1 << 30
	if k.Chunk < 0 || k.Chunk >= lim || k.Entry < 0 || k.Entry >= lim {
		return 0, false
	}
	var n uint64
	switch k.Nudge {
	case pipeline.Neutral:
		n = 1
	case pipeline.TowardValue1:
		n = 2
	case pipeline.TowardValue2:
		n = 3
	default:
		return 0, false
	}
	return n<<60 | uint64(k.Chunk)<<30 | uint64(k.Entry), true
}
