package dataset

import (
	"fmt"
	"math"

	"github.com/specstress/specstress/pipeline"
)

// Kind is the type of a Table column.
type Kind int

// Column kinds the writer supports: they map to parquet INT64, DOUBLE and
// BYTE_ARRAY (UTF-8 string), all optional (nullable).
const (
	Int64 Kind = iota
	Float64
	String
)

// String returns the kind's name as SCHEMA.md spells it.
func (k Kind) String() string {
	switch k {
	case Int64:
		return "int64"
	case Float64:
		return "double"
	case String:
		return "string"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Column is one named column of a Table. Exactly the slice of its Kind is
// set. Null marks null cells (nil: none); for Float64 a NaN is also null.
type Column struct {
	Name    string
	Kind    Kind
	Ints    []int64
	Floats  []float64
	Strings []string
	Null    []bool
	// Dict asks the writer to dictionary-encode a string column (for
	// low-cardinality columns such as value1 or nudge_direction).
	Dict bool
}

// Len returns the number of cells.
func (c *Column) Len() int {
	switch c.Kind {
	case Int64:
		return len(c.Ints)
	case Float64:
		return len(c.Floats)
	}
	return len(c.Strings)
}

// IsNull reports whether row r is null.
func (c *Column) IsNull(r int) bool {
	if c.Null != nil && c.Null[r] {
		return true
	}
	return c.Kind == Float64 && math.IsNaN(c.Floats[r])
}

// Table is a set of equally long columns in write order: what the writer
// takes. Build it with the Add methods.
type Table struct {
	Columns []Column
}

// Rows returns the number of rows (that of the first column).
func (t *Table) Rows() int {
	if len(t.Columns) == 0 {
		return 0
	}
	return t.Columns[0].Len()
}

// AddInts appends an int64 column; null may be nil.
func (t *Table) AddInts(name string, v []int64, null []bool) {
	t.Columns = append(t.Columns, Column{Name: name, Kind: Int64, Ints: v, Null: null})
}

// AddFloats appends a float64 column; NaN cells are written as null.
func (t *Table) AddFloats(name string, v []float64) {
	t.Columns = append(t.Columns, Column{Name: name, Kind: Float64, Floats: v})
}

// AddStrings appends a string column; null may be nil. dict asks for
// dictionary encoding.
func (t *Table) AddStrings(name string, v []string, null []bool, dict bool) {
	t.Columns = append(t.Columns, Column{Name: name, Kind: String, Strings: v, Null: null, Dict: dict})
}

// AddPositions appends a position column as int64, NullPosition as null,
// dictionary-encoded (seven values; pyarrow writes them so too).
func (t *Table) AddPositions(name string, p []int8) {
	v := make([]int64, len(p))
	null := make([]bool, len(p))
	for i, x := range p {
		v[i] = int64(x)
		null[i] = x == pipeline.NullPosition
	}
	t.AddInts(name, v, null)
	t.Columns[len(t.Columns)-1].Dict = true
}

// Column returns the column of that name, or nil.
func (t *Table) Column(name string) *Column {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}

// Validate checks names are unique and non-empty and columns equally long.
func (t *Table) Validate() error {
	seen := map[string]bool{}
	n := t.Rows()
	for i := range t.Columns {
		c := &t.Columns[i]
		if c.Name == "" {
			return fmt.Errorf("table: column %d has no name", i)
		}
		if seen[c.Name] {
			return fmt.Errorf("table: column %q appears twice", c.Name)
		}
		seen[c.Name] = true
		if c.Len() != n {
			return fmt.Errorf("table: column %q has %d rows, want %d", c.Name, c.Len(), n)
		}
		if c.Null != nil && len(c.Null) != n {
			return fmt.Errorf("table: column %q has %d null flags, want %d", c.Name, len(c.Null), n)
		}
	}
	return nil
}

// SplitTable builds the default-config table of a split from its scenario
// metadata, positions and (optionally) query and response strings, in the
// released column order: rank, query_generator, value1, value2,
// nudge_direction, query, response_<id>..., <id>_value1_position,
// <id>_value2_position..., chunk_index, entry_idx. Nil inputs are left out
// (queries nil: no query column; responses[id] missing: no response column).
func SplitTable(sc *pipeline.Scenarios, pos *pipeline.Positions, queries []string, responses map[pipeline.ModelID][]string) (*Table, error) {
	t := &Table{}
	if sc.Rank != nil {
		t.AddInts(ColRank, sc.Rank, nil)
	}
	if sc.Generator != nil {
		t.AddStrings(ColGenerator, sc.Generator, nil, true)
	}
	t.AddStrings(ColValue1, sc.Value1, nil, true)
	t.AddStrings(ColValue2, sc.Value2, nil, true)
	nudges := make([]string, len(sc.Nudge))
	for i, n := range sc.Nudge {
		nudges[i] = string(n)
	}
	t.AddStrings(ColNudge, nudges, nil, true)
	if queries != nil {
		t.AddStrings(ColQuery, queries, nil, false)
	}
	if pos != nil {
		for _, id := range pos.Models {
			if r, ok := responses[id]; ok {
				t.AddStrings(ResponseColumn(id), r, nil, false)
			}
		}
		for i, id := range pos.Models {
			v1, v2 := PositionColumns(id)
			t.AddPositions(v1, pos.Value1[i])
			t.AddPositions(v2, pos.Value2[i])
		}
	}
	t.AddInts(ColChunk, sc.Chunk, nil)
	t.AddInts(ColEntry, sc.Entry, nil)
	return t, t.Validate()
}
