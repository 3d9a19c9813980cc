package dataset

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"
	"golang.org/x/sync/errgroup"
)

// WriteOptions shape the files the writer produces.
type WriteOptions struct {
	Shards       int // number of files; 0 means 1
	RowGroupRows int // rows per row group; 0 means 50,000
	// Uncompressed turns off Snappy compression (Snappy is the default, as
	// in the released dataset).
	Uncompressed bool
}

// ShardPath returns the path of shard i of n of a split under root in the
// layout: root/<config dir>/<split>-0000i-of-0000n.parquet.
func ShardPath(root, config, split string, i, n int) string {
	return filepath.Join(root, ConfigDir(config), fmt.Sprintf("%s-%05d-of-%05d.parquet", split, i, n))
}

// WriteSplit writes a table as a split of a config under root, in the
// layout Open reads, replacing any shards of that split. Rows are divided
// evenly over the shards in order; shards are written in parallel. The
// output is a pure function of the table and options (same input, same
// bytes). It returns the written paths.
func WriteSplit(root, config, split string, t *Table, opt WriteOptions) ([]string, error) {
	if err := t.Validate(); err != nil {
		return nil, fmt.Errorf("dataset: write %s/%s: %w", config, split, err)
	}
	if opt.Shards <= 0 {
		opt.Shards = 1
	}
	if opt.RowGroupRows <= 0 {
		opt.RowGroupRows = 50_000
	}
	dir := filepath.Join(root, ConfigDir(config))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("dataset: write %s/%s: %w", config, split, err)
	}
	old, _ := filepath.Glob(filepath.Join(dir, split+"-?????-of-?????.parquet"))
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			return nil, fmt.Errorf("dataset: write %s/%s: %w", config, split, err)
		}
	}
	n := t.Rows()
	paths := make([]string, opt.Shards)
	var g errgroup.Group
	for i := 0; i < opt.Shards; i++ {
		lo, hi := n*i/opt.Shards, n*(i+1)/opt.Shards
		paths[i] = ShardPath(root, config, split, i, opt.Shards)
		path := paths[i]
		g.Go(func() error { return writeFile(path, t, lo, hi, opt) })
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return paths, nil
}

// WriteFile writes a whole table as one parquet file, creating its
// directory.
func WriteFile(path string, t *Table, opt WriteOptions) error {
	if err := t.Validate(); err != nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	if opt.RowGroupRows <= 0 {
		opt.RowGroupRows = 50_000
	}
	return writeFile(path, t, 0, t.Rows(), opt)
}

// Schema returns the parquet schema of a table: one optional column per
// table column, in table order.
func (t *Table) Schema(compressed bool) *parquet.Schema {
	g := make(orderedGroup, len(t.Columns))
	for i, c := range t.Columns {
		var n parquet.Node
		switch c.Kind {
		case Int64:
			n = parquet.Leaf(parquet.Int64Type)
		case Float64:
			n = parquet.Leaf(parquet.DoubleType)
		default:
			n = parquet.String()
		}
		if c.Dict {
			n = parquet.Encoded(n, &parquet.RLEDictionary)
		}
		if compressed {
			n = parquet.Compressed(n, &parquet.Snappy)
		}
		g[i] = &field{Node: parquet.Optional(n), name: c.Name}
	}
	return parquet.NewSchema("schema", g)
}

func writeFile(path string, t *Table, lo, hi int, opt WriteOptions) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("dataset: write %s: %w", path, cerr)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	w := parquet.NewWriter(bw, t.Schema(!opt.Uncompressed),
		parquet.CreatedBy("specstress", "dev", "dataset"),
		parquet.PageBufferSize(256<<10))
	vals := make([]parquet.Value, 0, opt.RowGroupRows)
	for start := lo; start < hi; start += opt.RowGroupRows {
		end := min(start+opt.RowGroupRows, hi)
		cws := w.ColumnWriters()
		for ci := range t.Columns {
			vals = columnValues(vals[:0], &t.Columns[ci], ci, start, end)
			if _, err := cws[ci].WriteRowValues(vals); err != nil {
				return fmt.Errorf("dataset: write %s: column %s: %w", path, t.Columns[ci].Name, err)
			}
		}
		if err := w.Flush(); err != nil {
			return fmt.Errorf("dataset: write %s: rows %d..%d: %w", path, start, end, err)
		}
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	return nil
}

// columnValues converts rows lo..hi of a column to parquet values carrying
// the column index and definition level (1 = present, 0 = null).
func columnValues(dst []parquet.Value, c *Column, ci, lo, hi int) []parquet.Value {
	for r := lo; r < hi; r++ {
		if c.IsNull(r) {
			dst = append(dst, parquet.NullValue().Level(0, 0, ci))
			continue
		}
		var v parquet.Value
		switch c.Kind {
		case Int64:
			v = parquet.Int64Value(c.Ints[r])
		case Float64:
			v = parquet.DoubleValue(c.Floats[r])
		default:
			// A read-only view of the string: the column buffer copies the
			// bytes, so no per-cell copy is needed here.
			str := c.Strings[r]
			v = parquet.ByteArrayValue(unsafe.Slice(unsafe.StringData(str), len(str)))
		}
		dst = append(dst, v.Level(0, 1, ci))
	}
	return dst
}

// orderedGroup is a parquet group node whose fields keep their given order
// (parquet.Group sorts them by name); the released files put rank first.
type orderedGroup []parquet.Field

// The parquet.Node methods of a required, non-leaf group.

func (g orderedGroup) ID() int                     { return 0 }
func (g orderedGroup) String() string              { return "group" }
func (g orderedGroup) Type() parquet.Type          { return parquet.Group{}.Type() }
func (g orderedGroup) Optional() bool              { return false }
func (g orderedGroup) Repeated() bool              { return false }
func (g orderedGroup) Required() bool              { return true }
func (g orderedGroup) Leaf() bool                  { return false }
func (g orderedGroup) Fields() []parquet.Field     { return g }
func (g orderedGroup) Encoding() encoding.Encoding { return nil }
func (g orderedGroup) Compression() compress.Codec { return nil }
func (g orderedGroup) GoType() reflect.Type        { return reflect.TypeOf(map[string]any{}) }

// field names a node inside an orderedGroup.
type field struct {
	parquet.Node
	name string
}

func (f *field) Name() string { return f.name }

// Value is only used by reflection-based row writing, which this package
// does not do; it resolves map-shaped rows for completeness.
func (f *field) Value(base reflect.Value) reflect.Value {
	if base.Kind() == reflect.Map {
		return base.MapIndex(reflect.ValueOf(f.name))
	}
	return reflect.Value{}
}
