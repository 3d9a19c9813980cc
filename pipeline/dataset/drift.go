package dataset

import (
	"fmt"
	"sort"
	"strings"
)

// TypeDrift records a column whose physical type differs between the shards
// of a split, e.g. int64 in one file and double in another (as happens when
// shards are written by different tools). Numeric drift reads correctly:
// every decoder follows the type of each column chunk. A column that is a
// string in one shard and a number in another reads as text where the
// reader accepts text (judge decisions, model ids, keys) and is an error
// naming the file elsewhere.
type TypeDrift struct {
	Column string
	// Shards maps each type seen to the files holding it.
	Shards map[string][]string
}

// Types returns the types seen, sorted.
func (d TypeDrift) Types() []string {
	out := make([]string, 0, len(d.Shards))
	for t := range d.Shards {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Numeric reports whether every type seen is a number, so the drift is
// harmless for numeric readers.
func (d TypeDrift) Numeric() bool {
	for t := range d.Shards {
		switch t {
		case "int32", "int64", "float", "double":
		default:
			return false
		}
	}
	return true
}

// String describes the drift in one line naming a file of each type.
func (d TypeDrift) String() string {
	var parts []string
	for _, t := range d.Types() {
		files := d.Shards[t]
		parts = append(parts, fmt.Sprintf("%s in %d shard(s), e.g. %s", t, len(files), files[0]))
	}
	return fmt.Sprintf("column %q: %s", d.Column, strings.Join(parts, "; "))
}

// findDrift fills s.Drift from the types each shard gave its columns
// (shardTypes[k] for shard k) and marks drifting columns' Type as the
// sorted types joined by "|".
func (s *Split) findDrift(shardTypes []map[string]string) {
	for ci := range s.Columns {
		c := &s.Columns[ci]
		d := TypeDrift{Column: c.Name, Shards: map[string][]string{}}
		for k, types := range shardTypes {
			d.Shards[types[c.Name]] = append(d.Shards[types[c.Name]], s.Shards[k].Path)
		}
		if len(d.Shards) > 1 {
			s.Drift = append(s.Drift, d)
			c.Type = strings.Join(d.Types(), "|")
		}
	}
}
