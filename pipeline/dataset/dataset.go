// Package dataset reads and writes the layout of the public dataset
// jifanz/stress_testing_model_spec (Hugging Face, parquet): config
// "default" as data/<split>-NNNNN-of-MMMMM.parquet, config "complete" as
// complete/train-*.parquet and config "judge_evaluations" as
// judge_evaluations/<bin>-*.parquet. A single parquet file also opens, as
// config "default" with one split.
//
// Open reads only the footers (of a remote dataset not even those: a
// split's footers travel when it is first used). Splits are then read
// column by column into the compact types of package pipeline (positions
// as int8 columns with -1 for null; strings only when asked for), with
// shards, row groups and columns decoded in parallel. SCHEMA.md beside this file documents the
// columns, including this project's extension columns of "complete".
//
// Reading a split: Positions, Scenarios, Queries, Responses, Strings, Ints,
// Floats (typed columns); Judgments (judge_evaluations); ResponseTypes and
// ValueCounts (the extension columns); Table, Frame (a gota DataFrame view),
// Slice and Each (rows as structs) for people. Writing: build a Table
// (SplitTable for the default schema) and call WriteSplit or WriteFile.
// Every error on bad input names the file, the column and, where it applies,
// the row; corrupt files give errors, never panics.
package dataset

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/dataset/remote"
)

// Config names of the dataset.
const (
	Default          = "default"
	Complete         = "complete"
	JudgeEvaluations = "judge_evaluations"
)

// Dataset is an opened dataset directory or file. Only footers have been
// read (of a remote dataset, only those of the splits used so far); it
// holds no file handles, so it needs no Close.
type Dataset struct {
	Path    string
	configs []*Config
	mu      sync.Mutex // guards the lazy footer reads of every config
}

// Config is one configuration of the dataset: a directory of splits.
type Config struct {
	Name string
	Dir  string
	// Splits are the config's splits, footers read. Dataset.Config fills
	// it; of a remote dataset, a config not yet asked for has it nil.
	Splits []*Split
	order  []string            // split names in file order: the order footers are read
	names  []string            // split names as listed (the paper's subsets first)
	files  map[string][]string // shard paths per split name
	opened map[string]*Split
}

// Shard is one parquet file of a split.
type Shard struct {
	Path      string
	Rows      int
	RowGroups []int // rows per row group
	columns   map[string]int
}

// ColumnInfo describes a column of a split as found in the footers.
type ColumnInfo struct {
	Name     string
	Type     string // physical/logical type, e.g. "int64", "string", "double"
	Optional bool
	Nulls    int64 // from footer statistics; -1 when a shard has none
}

// Split is one split of a config: an ordered list of shards with the same
// columns (in any order).
type Split struct {
	Config  string
	Name    string
	Shards  []Shard
	Rows    int
	Columns []ColumnInfo
	// Models are the model ids discovered from the column names
	// (<id>_value1_position, response_<id>, <id>_response_type), in registry
	// order for known ids and then by name.
	Models []pipeline.ModelID
	// Workers bounds the parallel decoding; 0 means GOMAXPROCS.
	Workers int
	// Drift lists the columns whose type differs between shards (nil when
	// the shards agree); such a column's Type joins the types with "|".
	Drift []TypeDrift
	// AllowDuplicateKeys skips Scenarios' check that no scenario key
	// (chunk_index, entry_idx, nudge_direction) appears twice.
	AllowDuplicateKeys bool
	byName             map[string]int
}

var shardName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(.+?)-(\d{5})-of-(\d{5})\.parquet$`) })

// Open reads the footers of a dataset directory in the Hugging Face layout,
// of one config directory of it (e.g. <root>/data: the default config), or
// of a single parquet file. Every parquet file below path is checked; a
// file that is not parquet, or truncated, is an error naming it. The path
// may also be an hf://datasets/OWNER/NAME[@REV][/PATH] or an http(s) URL
// of a parquet file (see package remote): only the listing travels on
// open, a split's footers when it is first used, so a bad remote file is an
// error (naming it) of that first use, or of Load.
func Open(path string) (*Dataset, error) {
	if remote.IsURL(path) {
		return openURL(path)
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("dataset: open %s: %w", path, err)
	}
	d := &Dataset{Path: path}
	if !st.IsDir() {
		c := newConfig(filepath.Dir(path), Default, []string{path})
		if err := d.loadConfig(c); err != nil {
			return nil, err
		}
		d.configs = []*Config{c}
		return d, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, fmt.Errorf("dataset: open %s: %w", path, err)
	}
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		c, err := d.openConfig(filepath.Join(path, e.Name()), configName(e.Name()))
		if err != nil {
			return nil, err
		}
		if c != nil {
			d.configs = append(d.configs, c)
		}
	}
	if len(d.configs) == 0 {
		// A config directory itself (e.g. .../data) opens as that config.
		c, err := d.openConfig(path, configName(filepath.Base(filepath.Clean(path))))
		if err != nil {
			return nil, err
		}
		if c != nil {
			d.configs = append(d.configs, c)
		}
	}
	if len(d.configs) == 0 {
		return nil, fmt.Errorf("dataset: open %s: no parquet files in its subdirectories (want data/<split>-00000-of-00001.parquet, complete/, judge_evaluations/)", path)
	}
	sortConfigs(d.configs)
	return d, nil
}

func sortConfigs(cs []*Config) {
	sort.Slice(cs, func(i, j int) bool {
		return configOrder(cs[i].Name) < configOrder(cs[j].Name) ||
			configOrder(cs[i].Name) == configOrder(cs[j].Name) && cs[i].Name < cs[j].Name
	})
}

// ConfigDir returns the directory name of a config in the layout: "data"
// for the default config, the config name otherwise.
func ConfigDir(config string) string {
	if config == Default {
		return "data"
	}
	return config
}

func configName(dir string) string {
	if dir == "data" {
		return Default
	}
	return dir
}

func configOrder(name string) int {
	switch name {
	case Default:
		return 0
	case Complete:
		return 1
	case JudgeEvaluations:
		return 2
	}
	return 3
}

// openConfig opens a local config directory, reading every footer now (a
// bad file is an error of Open, as it always was on disk); nil when the
// directory holds no parquet files.
func (d *Dataset) openConfig(dir, name string) (*Config, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.parquet"))
	if err != nil {
		return nil, fmt.Errorf("dataset: %s: %w", dir, err)
	}
	if len(files) == 0 {
		return nil, nil
	}
	c := newConfig(dir, name, files)
	if err := d.loadConfig(c); err != nil {
		return nil, err
	}
	return c, nil
}

// newConfig groups a config directory's files into splits by name, without
// reading them.
func newConfig(dir, name string, files []string) *Config {
	files = slices.Clone(files)
	sort.Strings(files)
	c := &Config{Name: name, Dir: dir, files: map[string][]string{}, opened: map[string]*Split{}}
	for _, f := range files {
		split := strings.TrimSuffix(filepath.Base(f), ".parquet")
		if m := shardName().FindStringSubmatch(filepath.Base(f)); m != nil {
			split = m[1]
		}
		if _, ok := c.files[split]; !ok {
			c.order = append(c.order, split)
		}
		c.files[split] = append(c.files[split], f)
	}
	c.names = slices.Clone(c.order)
	if name == Default {
		sort.SliceStable(c.names, func(i, j int) bool { return subsetOrder(c.names[i]) < subsetOrder(c.names[j]) })
	}
	return c
}

// subsetOrder puts the paper's six splits first, in the paper's order.
func subsetOrder(name string) int {
	for i, s := range pipeline.Subsets() {
		if s.Name == name {
			return i
		}
	}
	return len(pipeline.Subsets())
}

// Configs returns the names of the configs found, default first.
func (d *Dataset) Configs() []string {
	out := make([]string, len(d.configs))
	for i, c := range d.configs {
		out[i] = c.Name
	}
	return out
}

// Config returns a config by name, every split's footers read; an unknown
// name is an error listing the configs that exist, an unreadable file an
// error naming it.
func (d *Dataset) Config(name string) (*Config, error) {
	for _, c := range d.configs {
		if c.Name == name {
			d.mu.Lock()
			defer d.mu.Unlock()
			if err := d.loadConfig(c); err != nil {
				return nil, err
			}
			return c, nil
		}
	}
	return nil, fmt.Errorf("dataset %s: no config %q (have %s)", d.Path, name, strings.Join(d.Configs(), ", "))
}

// SplitNames returns the split names of a config (nil for an unknown one).
// The names come from the file names: no footer is read.
func (d *Dataset) SplitNames(config string) []string {
	for _, c := range d.configs {
		if c.Name == config {
			return slices.Clone(c.names)
		}
	}
	return nil
}

// Split returns a split by name, reading its footers on first use. The
// name may be qualified as "config/split"; unqualified, the default config
// is searched first, then the others in order. An unknown split is an
// error listing those that exist.
func (d *Dataset) Split(name string) (*Split, error) {
	config, split, qualified := strings.Cut(name, "/")
	if !qualified {
		split = config
	}
	var have []string
	for _, c := range d.configs {
		for _, s := range c.names {
			if s == split && (!qualified || c.Name == config) {
				d.mu.Lock()
				defer d.mu.Unlock()
				return d.loadSplit(c, s)
			}
			have = append(have, c.Name+"/"+s)
		}
	}
	return nil, fmt.Errorf("dataset %s: no split %q (have %s)", d.Path, name, strings.Join(have, ", "))
}

// Splits returns every split of every config, configs in order, reading
// the footers not yet read. A split whose footers cannot be read is left
// out: Load reports why.
func (d *Dataset) Splits() []*Split {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []*Split
	for _, c := range d.configs {
		d.loadConfig(c) // errors: see Load
		for _, n := range c.names {
			if s, ok := c.opened[n]; ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// Load reads the footers of every split not yet read (of a remote
// dataset, Open reads none) and returns the first error, which names the
// file. Commands that describe or check the whole dataset call it first.
func (d *Dataset) Load() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, c := range d.configs {
		if err := d.loadConfig(c); err != nil {
			return err
		}
	}
	return nil
}

// Column returns the footer description of a column and whether it exists.
func (s *Split) Column(name string) (ColumnInfo, bool) {
	i, ok := s.byName[name]
	if !ok {
		return ColumnInfo{}, false
	}
	return s.Columns[i], true
}

// HasColumn reports whether the split has a column of that name.
func (s *Split) HasColumn(name string) bool { _, ok := s.byName[name]; return ok }

// String describes the split in one line.
func (s *Split) String() string {
	return fmt.Sprintf("%s/%s: %d rows in %d shards, %d columns, %d models", s.Config, s.Name, s.Rows, len(s.Shards), len(s.Columns), len(s.Models))
}

// errMissing builds the error of a required column that is absent.
func (s *Split) errMissing(col string) error {
	file := ""
	if len(s.Shards) > 0 {
		file = s.Shards[0].Path
	}
	return fmt.Errorf("%s: split %s/%s: column %q: %w", file, s.Config, s.Name, col, ErrNoColumn)
}

// ErrNoColumn reports a missing required column; test with errors.Is.
var ErrNoColumn = errors.New("required column missing")
