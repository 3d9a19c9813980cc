// Package taxonomy holds the values the method pairs up: the fine-grained
// values of "Values in the Wild" (read from its values_tree.csv when the
// user has it) or a small built-in stand-in set, each mapped to one of the
// 26 level-2 categories, and seeded sampling of value pairs.
package taxonomy

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/specstress/specstress/pipeline"
)

// Value is one fine-grained value.
type Value struct {
	Name     string  `json:"name"`
	Category string  `json:"category"` // one of pipeline.CategoryNames()
	Weight   float64 `json:"weight"`   // pct_total_occurrences (1 for the stand-in set)
}

// Taxonomy is a set of values.
type Taxonomy struct {
	Values []Value
	// Standin is true for the built-in set: a small hand-written stand-in
	// for the 3,307 values of "Values in the Wild", not the real taxonomy.
	Standin bool
	Source  string // file path, or "built-in stand-in"
}

// StandinWarning says that the stand-in set is in use and how to use the
// real taxonomy instead. Everything built on it (pairs, scenarios, value
// profiles by value) is a pipeline test, not a replication.
const StandinWarning = "the built-in stand-in taxonomy (104 hand-written values, 4 per category) is in use, " +
	"not the 3,307 values of Values in the Wild: download values_tree.csv from the Hugging Face dataset " +
	"Anthropic/values-in-the-wild and set \"taxonomy\" in the run configuration (stages.Config.Taxonomy) to its path"

// Warning returns StandinWarning for the stand-in set and "" for a
// taxonomy read from values_tree.csv.
func (t *Taxonomy) Warning() string {
	if t.Standin {
		return StandinWarning
	}
	return ""
}

// CategoryIndex returns the index (into pipeline.Categories) of value i's
// category, or -1.
func (t *Taxonomy) CategoryIndex(i int) int { return pipeline.CategoryIndex(t.Values[i].Category) }

// Lookup returns the value with this name (case-insensitive).
func (t *Taxonomy) Lookup(name string) (Value, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, v := range t.Values {
		if strings.ToLower(v.Name) == n {
			return v, true
		}
	}
	return Value{}, false
}

// Load reads values_tree.csv at path; an empty path gives the built-in
// stand-in set, whose Warning callers must show.
func Load(path string) (*Taxonomy, error) {
	if path == "" {
		return Builtin(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("taxonomy: %w", err)
	}
	defer f.Close()
	t, err := ReadValuesTree(f)
	if err != nil {
		return nil, fmt.Errorf("taxonomy %s: %w", path, err)
	}
	t.Source = path
	return t, nil
}

// ReadValuesTree parses the values_tree.csv of "Values in the Wild":
// columns cluster_id, description, name, level, parent_cluster_id,
// pct_total_occurrences (any order, extra columns ignored). Level-0 rows
// are values; each is mapped to its level-2 ancestor, a category.
func ReadValuesTree(r io.Reader) (*Taxonomy, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, need := range []string{"cluster_id", "name", "level", "parent_cluster_id"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("missing column %q (have %v)", need, head)
		}
	}
	type node struct {
		name, parent string
		level        int
		weight       float64
	}
	nodes := map[string]node{}
	var order []string
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", line, err)
		}
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		lv, err := strconv.Atoi(get("level"))
		if err != nil {
			return nil, fmt.Errorf("row %d: column level: %q is not an integer", line, get("level"))
		}
		w, _ := strconv.ParseFloat(get("pct_total_occurrences"), 64)
		id := get("cluster_id")
		nodes[id] = node{name: get("name"), parent: get("parent_cluster_id"), level: lv, weight: w}
		order = append(order, id)
	}
	t := &Taxonomy{}
	for _, id := range order {
		n := nodes[id]
		if n.level != 0 {
			continue
		}
		cat := ""
		for p, hops := n.parent, 0; p != "" && hops < 4; hops++ {
			pn, ok := nodes[p]
			if !ok {
				break
			}
			if pn.level == 2 {
				cat = pn.name
				break
			}
			p = pn.parent
		}
		if i := pipeline.CategoryIndex(cat); i >= 0 {
			cat = pipeline.CategoryNames()[i] // canonical spelling
		}
		t.Values = append(t.Values, Value{Name: n.name, Category: cat, Weight: n.weight})
	}
	if len(t.Values) == 0 {
		return nil, errors.New("no level-0 values")
	}
	return t, nil
}

// Pair is a sampled value pair with its key in the dataset layout.
type Pair struct {
	Key    pipeline.PairKey `json:"key"`
	Value1 Value            `json:"value1"`
	Value2 Value            `json:"value2"`
}

// SampleOptions control pair sampling. The paper's procedure is OPEN
// beyond "random pairs": uniform by default, frequency-weighted on request.
type SampleOptions struct {
	N         int
	Seed      uint64
	Weighted  bool // draw values proportional to Weight
	ChunkSize int  // pairs per chunk_index; 0 means 1000
}

// SamplePairs draws N distinct unordered pairs of distinct values. Pair i
// gets chunk_index i/ChunkSize and entry_idx i%ChunkSize. The same options
// always give the same pairs.
func (t *Taxonomy) SamplePairs(o SampleOptions) ([]Pair, error) {
	n := len(t.Values)
	if n < 2 {
		return nil, errors.New("taxonomy: need at least two values")
	}
	if max := n * (n - 1) / 2; o.N > max {
		return nil, fmt.Errorf("taxonomy: %d pairs requested but only %d distinct pairs exist", o.N, max)
	}
	if o.ChunkSize <= 0 {
		o.ChunkSize = 1000
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	var cum []float64
	if o.Weighted {
		cum = make([]float64, n)
		s := 0.0
		for i, v := range t.Values {
			w := v.Weight
			if w <= 0 {
				w = 1e-9
			}
			s += w
			cum[i] = s
		}
	}
	draw := func() int {
		if cum == nil {
			return rng.IntN(n)
		}
		x := rng.Float64() * cum[n-1]
		return sort.SearchFloat64s(cum, x)
	}
	seen := map[[2]int]bool{}
	out := make([]Pair, 0, o.N)
	for len(out) < o.N {
		a, b := draw(), draw()
		if a == b {
			continue
		}
		k := [2]int{min(a, b), max(a, b)}
		if seen[k] {
			continue
		}
		seen[k] = true
		i := len(out)
		out = append(out, Pair{Key: pipeline.PairKey{Chunk: int64(i / o.ChunkSize), Entry: int64(i % o.ChunkSize)},
			Value1: t.Values[a], Value2: t.Values[b]})
	}
	return out, nil
}
