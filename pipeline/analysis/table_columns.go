package analysis

import "fmt"

// Column is one column of a table stored by column (Table.Cols) rather than
// as boxed rows: a table of hundreds of thousands of rows is then written
// without allocating a cell. The writers know FloatColumn, IntColumn and
// StringColumn; any other implementation is read through Value.
type Column interface {
	// Len returns the number of cells.
	Len() int
	// Value returns cell i as a row cell would hold it (string, int64 or
	// float64).
	Value(i int) any
}

// FloatColumn is a column of float64s (NaN renders as an empty cell).
type FloatColumn []float64

// Len returns the number of cells.
func (c FloatColumn) Len() int { return len(c) }

// Value returns cell i.
func (c FloatColumn) Value(i int) any { return c[i] }

// IntColumn is a column of int64s.
type IntColumn []int64

// Len returns the number of cells.
func (c IntColumn) Len() int { return len(c) }

// Value returns cell i.
func (c IntColumn) Value(i int) any { return c[i] }

// StringColumn is a column of N strings produced on demand by At, so that a
// column of a named type (pipeline.Nudge) needs no converted copy.
type StringColumn struct {
	N  int
	At func(i int) string
}

// Len returns the number of cells.
func (c StringColumn) Len() int { return c.N }

// Value returns cell i.
func (c StringColumn) Value(i int) any { return c.At(i) }

// checkCols reports a table whose Cols do not match its Columns or differ in
// length, and returns the number of rows.
func (t *Table) checkCols() (int, error) {
	if t.Cols == nil {
		return len(t.Rows), nil
	}
	if len(t.Rows) > 0 {
		return 0, fmt.Errorf("table %q: both Rows and Cols set", t.Title)
	}
	if len(t.Cols) != len(t.Columns) {
		return 0, fmt.Errorf("table %q: %d columns named, %d stored", t.Title, len(t.Columns), len(t.Cols))
	}
	n := 0
	for j, c := range t.Cols {
		if j == 0 {
			n = c.Len()
		} else if c.Len() != n {
			return 0, fmt.Errorf("table %q: column %q has %d cells, column %q %d", t.Title, t.Columns[j], c.Len(), t.Columns[0], n)
		}
	}
	return n, nil
}

// value returns cell (i, j) boxed, for the accessors that are not on the
// streaming path (Floats, Strings, HTML).
func (t *Table) value(i, j int) any {
	if t.Cols != nil {
		return t.Cols[j].Value(i)
	}
	if r := t.Rows[i]; j < len(r) {
		return r[j]
	}
	return nil
}
