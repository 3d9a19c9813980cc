package dataset

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"
	"golang.org/x/sync/errgroup"
)

// chunkRef locates one column chunk: a column of one row group of one shard.
type chunkRef struct {
	path    string
	column  string
	fileRow int // first row of the row group in its file
	row     int // first row of the row group in the split
	rows    int
	maxDef  int
	kind    parquet.Kind
}

// errorf names the file, column and file row (i is the row within the chunk).
func (c *chunkRef) errorf(i int, format string, args ...any) error {
	return fmt.Errorf("%s: column %s: row %d: %s", c.path, c.column, c.fileRow+i, fmt.Sprintf(format, args...))
}

// decodeFunc decodes one column chunk; it must touch only rows
// ref.row..ref.row+ref.rows of its outputs, so chunks decode in parallel.
type decodeFunc func(ref *chunkRef, cc parquet.ColumnChunk) error

// readColumns decodes the named columns of every row group of every shard in
// parallel, one task per column chunk. Files stay open for the duration.
func (s *Split) readColumns(ctx context.Context, cols []string, decode []decodeFunc) error {
	return s.readWindow(ctx, 0, s.Rows, cols, decode)
}

// readWindow is readColumns restricted to the row groups that overlap split
// rows lo..hi-1; decoders see whole row groups and must ignore rows outside.
func (s *Split) readWindow(ctx context.Context, lo, hi int, cols []string, decode []decodeFunc) error {
	for _, c := range cols {
		if !s.HasColumn(c) {
			return s.errMissing(c)
		}
	}
	files := make([]*parquet.File, len(s.Shards))
	handles := make([]io.Closer, len(s.Shards))
	defer func() {
		for _, h := range handles {
			if h != nil {
				h.Close()
			}
		}
	}()
	first, skipped := 0, 0
	for _, sh := range s.Shards {
		if skipped+sh.Rows > lo {
			break
		}
		skipped += sh.Rows
		first++
	}
	for i, sh := range s.Shards {
		if i < first {
			continue
		}
		pf, osf, err := openFile(sh.Path)
		if err != nil {
			return err
		}
		handles[i] = osf
		files[i] = pf
	}
	if err := s.prefetchWindow(ctx, files, handles, lo, hi, cols); err != nil {
		return err
	}
	g, ctx := errgroup.WithContext(ctx)
	workers := s.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	g.SetLimit(workers)
	row := skipped
	for i, sh := range s.Shards {
		if i < first || row >= hi {
			continue
		}
		pf := files[i]
		fileRow := 0
		for _, rg := range pf.RowGroups() {
			n := int(rg.NumRows())
			if row+n <= lo || row >= hi {
				fileRow += n
				row += n
				continue
			}
			chunks := rg.ColumnChunks()
			for ci, col := range cols {
				leaf := pf.Root().Column(col)
				if leaf == nil || !leaf.Leaf() || leaf.Index() < 0 || leaf.Index() >= len(chunks) {
					return fmt.Errorf("%s: column %s: not a flat column", sh.Path, col)
				}
				if leaf.Repeated() || leaf.MaxRepetitionLevel() > 0 {
					return fmt.Errorf("%s: column %s: is a list; this layout wants a flat column (JSON string for lists)", sh.Path, col)
				}
				ref := &chunkRef{path: sh.Path, column: col, fileRow: fileRow, row: row, rows: n,
					maxDef: leaf.MaxDefinitionLevel(), kind: leaf.Type().Kind()}
				cc, dec := chunks[leaf.Index()], decode[ci]
				g.Go(func() (err error) {
					defer func() {
						if r := recover(); r != nil {
							err = fmt.Errorf("%s: column %s: corrupt data in rows %d..%d: %v", ref.path, ref.column, ref.fileRow, ref.fileRow+ref.rows-1, r)
						}
					}()
					if err := ctx.Err(); err != nil {
						return err
					}
					return dec(ref, cc)
				})
			}
			fileRow += n
			row += n
		}
	}
	return g.Wait()
}

// scanPages calls fn for every page of a chunk with the page's first row
// within the chunk, checking that the pages cover exactly the chunk's rows.
func scanPages(ref *chunkRef, cc parquet.ColumnChunk, fn func(p parquet.Page, start int) error) error {
	pages := cc.Pages()
	defer pages.Close()
	row := 0
	for {
		p, err := pages.ReadPage()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: column %s: rows from %d: reading page (truncated or corrupt file?): %w", ref.path, ref.column, ref.fileRow+row, err)
		}
		n := int(p.NumRows())
		if row+n > ref.rows {
			parquet.Release(p)
			return ref.errorf(row, "page has %d rows, more than the row group's %d", n, ref.rows)
		}
		err = fn(p, row)
		parquet.Release(p)
		if err != nil {
			return err
		}
		row += n
	}
	if row != ref.rows {
		return ref.errorf(row, "column chunk has %d rows, want %d (truncated?)", row, ref.rows)
	}
	return nil
}

// valid reports whether row k of a page holds a value.
func valid(defs []byte, maxDef, k int) bool { return len(defs) == 0 || int(defs[k]) == maxDef }

// numbers holds a page's (or dictionary's) numeric values, integer or float.
type numbers struct {
	own     []int64 // buffer owned by numbers, for converted values
	ints    []int64
	floats  []float64
	isFloat bool
	n       int
}

func (nb *numbers) load(ref *chunkRef, v encoding.Values) error {
	nb.ints, nb.floats = nil, nb.floats[:0]
	switch v.Kind() {
	case encoding.Int64:
		nb.ints = v.Int64() // aliases the page, which outlives this use
	case encoding.Int32:
		nb.own = nb.own[:0]
		for _, x := range v.Int32() {
			nb.own = append(nb.own, int64(x))
		}
		nb.ints = nb.own
	case encoding.Double:
		nb.floats = append(nb.floats, v.Double()...)
	case encoding.Float:
		for _, x := range v.Float() {
			nb.floats = append(nb.floats, float64(x))
		}
	default:
		return fmt.Errorf("%s: column %s: has type %s, want a number", ref.path, ref.column, ref.kind)
	}
	nb.isFloat = v.Kind() == encoding.Double || v.Kind() == encoding.Float
	nb.n = len(nb.ints) + len(nb.floats)
	return nil
}

func (nb *numbers) float(k int) float64 {
	if nb.isFloat {
		return nb.floats[k]
	}
	return float64(nb.ints[k])
}

// checkNumeric rejects a column that is not numeric before any page is read.
func checkNumeric(ref *chunkRef) error {
	switch ref.kind {
	case parquet.Int32, parquet.Int64, parquet.Float, parquet.Double:
		return nil
	}
	return fmt.Errorf("%s: column %s: has type %s, want a number", ref.path, ref.column, ref.kind)
}

// scanNumbers calls put for every row of the chunk (i is the row within the
// chunk; null rows have ok false). Float columns are accepted and passed as
// floats; isFloat tells which field is meaningful.
func scanNumbers(ref *chunkRef, cc parquet.ColumnChunk, put func(i int, x int64, f float64, isFloat, ok bool) error) error {
	if err := checkNumeric(ref); err != nil {
		return err
	}
	var vals, dict numbers
	var lastDict parquet.Dictionary
	return scanPages(ref, cc, func(p parquet.Page, start int) error {
		defs := p.DefinitionLevels()
		data := p.Data()
		var idx []int32
		src := &vals
		if d := p.Dictionary(); d != nil {
			if d != lastDict {
				if err := dict.load(ref, d.Page().Data()); err != nil {
					return err
				}
				lastDict = d
			}
			idx = data.Int32()
			src = &dict
		} else if err := vals.load(ref, data); err != nil {
			return err
		}
		n := int(p.NumRows())
		k := 0
		for r := 0; r < n; r++ {
			if !valid(defs, ref.maxDef, r) {
				if err := put(start+r, 0, 0, false, false); err != nil {
					return err
				}
				continue
			}
			j := k
			if idx != nil {
				if k >= len(idx) {
					return ref.errorf(start+r, "page has fewer values than rows")
				}
				j = int(idx[k])
			}
			if j < 0 || j >= src.n {
				return ref.errorf(start+r, "value index %d out of range (corrupt page)", j)
			}
			k++
			var err error
			if src.isFloat {
				err = put(start+r, 0, src.floats[j], true, true)
			} else {
				err = put(start+r, src.ints[j], 0, false, true)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// scanInts is scanNumbers for integer-valued columns: a float column is
// accepted when every value is integral or NaN (read as null), as pandas
// writes nullable integers.
func scanInts(ref *chunkRef, cc parquet.ColumnChunk, put func(i int, x int64, ok bool) error) error {
	return scanNumbers(ref, cc, func(i int, x int64, f float64, isFloat, ok bool) error {
		if ok && isFloat && math.IsNaN(f) {
			return put(i, 0, false)
		}
		if ok && isFloat {
			if f != math.Trunc(f) || math.IsInf(f, 0) || math.Abs(f) > 1<<53 {
				return ref.errorf(i, "value %v is not an integer", f)
			}
			x = int64(f)
		}
		return put(i, x, ok)
	})
}

// scanStrings calls put for every row of a string column; null rows have ok
// false. Dictionary pages are interned: rows sharing a value share a string.
func scanStrings(ref *chunkRef, cc parquet.ColumnChunk, put func(i int, s string, ok bool) error) error {
	if ref.kind != parquet.ByteArray {
		return fmt.Errorf("%s: column %s: has type %s, want a string", ref.path, ref.column, ref.kind)
	}
	var lastDict parquet.Dictionary
	var dictStrs []string
	return scanPages(ref, cc, func(p parquet.Page, start int) error {
		defs := p.DefinitionLevels()
		data := p.Data()
		var idx []int32
		var buf string // the page's bytes, copied once; values are substrings
		var offs []uint32
		if d := p.Dictionary(); d != nil {
			if d != lastDict {
				dv := d.Page().Data()
				b, o := dv.ByteArray()
				dictStrs = dictStrs[:0]
				for j := 0; j+1 < len(o); j++ {
					dictStrs = append(dictStrs, string(b[o[j]:o[j+1]]))
				}
				lastDict = d
			}
			idx = data.Int32()
		} else {
			if data.Kind() != encoding.ByteArray {
				return ref.errorf(start, "page holds %v values, want strings", data.Kind())
			}
			b, o := data.ByteArray()
			// One allocation per page instead of one per value: fewer
			// mallocs and no size-class rounding on long responses.
			buf, offs = string(b), o
		}
		n := int(p.NumRows())
		k := 0
		for r := 0; r < n; r++ {
			if !valid(defs, ref.maxDef, r) {
				if err := put(start+r, "", false); err != nil {
					return err
				}
				continue
			}
			var s string
			if idx != nil {
				if k >= len(idx) || idx[k] < 0 || int(idx[k]) >= len(dictStrs) {
					return ref.errorf(start+r, "dictionary index out of range (corrupt page)")
				}
				s = dictStrs[idx[k]]
			} else {
				if k+1 >= len(offs) || offs[k] > offs[k+1] || int(offs[k+1]) > len(buf) {
					return ref.errorf(start+r, "page has fewer values than rows (corrupt page)")
				}
				s = buf[offs[k]:offs[k+1]]
			}
			k++
			if err := put(start+r, s, true); err != nil {
				return err
			}
		}
		return nil
	})
}

// locate maps a split row to its shard file and row within the file.
func (s *Split) locate(r int) (string, int) {
	for _, sh := range s.Shards {
		if r < sh.Rows {
			return sh.Path, r
		}
		r -= sh.Rows
	}
	return "", r
}
