package dataset

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"github.com/parquet-go/parquet-go"
)

// Table reads rows lo..hi-1 of the named columns (all columns when none
// are named) into a Table, keeping nulls. hi < 0 means the end of the
// split. Only the row groups overlapping the window are decoded, so a slice
// of a large split is cheap.
func (s *Split) Table(lo, hi int, columns ...string) (*Table, error) {
	if hi < 0 || hi > s.Rows {
		hi = s.Rows
	}
	if lo < 0 || lo > hi {
		return nil, fmt.Errorf("dataset: %s/%s: row window %d..%d outside 0..%d", s.Config, s.Name, lo, hi, s.Rows)
	}
	if len(columns) == 0 {
		for _, c := range s.Columns {
			columns = append(columns, c.Name)
		}
	}
	n := hi - lo
	t := &Table{}
	decs := make([]decodeFunc, len(columns))
	for _, name := range columns {
		info, ok := s.Column(name)
		if !ok {
			return nil, s.errMissing(name)
		}
		col := Column{Name: name, Null: make([]bool, n)}
		switch info.Type {
		case "int32", "int64":
			col.Kind, col.Ints = Int64, make([]int64, n)
		case "float", "double":
			col.Kind, col.Floats = Float64, make([]float64, n)
		case "string", "json", "byte_array":
			col.Kind, col.Strings = String, make([]string, n)
		default:
			return nil, fmt.Errorf("dataset: %s/%s: column %s has type %s, which tables do not hold", s.Config, s.Name, name, info.Type)
		}
		t.Columns = append(t.Columns, col)
	}
	for i := range t.Columns {
		c := &t.Columns[i]
		decs[i] = func(ref *chunkRef, cc parquet.ColumnChunk) error {
			at := func(i int) int { // index into the window, or -1
				if r := ref.row + i; r >= lo && r < hi {
					return r - lo
				}
				return -1
			}
			if c.Kind == String {
				return scanStrings(ref, cc, func(i int, v string, ok bool) error {
					if k := at(i); k >= 0 {
						c.Strings[k], c.Null[k] = v, !ok
					}
					return nil
				})
			}
			return scanNumbers(ref, cc, func(i int, x int64, f float64, isFloat, ok bool) error {
				k := at(i)
				if k < 0 {
					return nil
				}
				c.Null[k] = !ok
				switch {
				case c.Kind == Int64 && isFloat:
					c.Ints[k] = int64(f)
				case c.Kind == Int64:
					c.Ints[k] = x
				case !ok:
					c.Floats[k] = math.NaN()
				case isFloat:
					c.Floats[k] = f
				default:
					c.Floats[k] = float64(x)
				}
				return nil
			})
		}
	}
	if err := s.readWindow(context.Background(), lo, hi, columns, decs); err != nil {
		return nil, fmt.Errorf("dataset: %s/%s: %w", s.Config, s.Name, err)
	}
	return t, nil
}

// Frame returns a gota DataFrame view of rows lo..hi-1 (hi < 0: to the end)
// of the named columns; with no columns named, every column except the
// long texts (query, response_*, prompt, spectra). Null integers and floats
// are NaN in the frame; null strings are "". A view for people: analyses
// take the typed columns instead.
func (s *Split) Frame(lo, hi int, columns ...string) (dataframe.DataFrame, error) {
	if len(columns) == 0 {
		for _, c := range s.Columns {
			if !isLongText(c.Name) {
				columns = append(columns, c.Name)
			}
		}
	}
	t, err := s.Table(lo, hi, columns...)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	return t.Frame(), nil
}

func isLongText(name string) bool {
	return name == ColQuery || name == ColPrompt || name == ColSpectra || strings.HasPrefix(name, prefixResponse)
}

// Frame converts a table to a gota DataFrame (nulls as NaN, "" for strings).
func (t *Table) Frame() dataframe.DataFrame {
	ss := make([]series.Series, 0, len(t.Columns))
	for i := range t.Columns {
		c := &t.Columns[i]
		switch c.Kind {
		case Int64:
			hasNull := false
			for r := range c.Ints {
				if c.IsNull(r) {
					hasNull = true
					break
				}
			}
			if hasNull {
				// gota marks an int element NaN when it is set from a NaN float.
				v := make([]any, len(c.Ints))
				for r, x := range c.Ints {
					if c.IsNull(r) {
						v[r] = math.NaN()
					} else {
						v[r] = int(x)
					}
				}
				ss = append(ss, series.New(v, series.Int, c.Name))
				continue
			}
			v := make([]int, len(c.Ints))
			for r, x := range c.Ints {
				v[r] = int(x)
			}
			ss = append(ss, series.New(v, series.Int, c.Name))
		case Float64:
			v := make([]float64, len(c.Floats))
			for r, x := range c.Floats {
				if c.IsNull(r) {
					x = math.NaN()
				}
				v[r] = x
			}
			ss = append(ss, series.New(v, series.Float, c.Name))
		default:
			ss = append(ss, series.New(c.Strings, series.String, c.Name))
		}
	}
	return dataframe.New(ss...)
}
