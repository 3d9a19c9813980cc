package dataset

import (
	"math"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"

	"github.com/specstress/specstress/pipeline"
)

// badPosition marks a dictionary entry that is not a valid position.
const badPosition int8 = -2

// scanPositions decodes a position column chunk straight into out (the
// chunk's rows), the hot loop of loading a split: no per-value callbacks, no
// copies of the page values, dictionary entries converted once.
func scanPositions(ref *chunkRef, cc parquet.ColumnChunk, out []int8) error {
	if err := checkNumeric(ref); err != nil {
		return err
	}
	var lut []int8
	var dictVals numbers
	var lastDict parquet.Dictionary
	return scanPages(ref, cc, func(p parquet.Page, start int) error {
		defs := p.DefinitionLevels()
		maxDef := byte(ref.maxDef)
		n := int(p.NumRows())
		dst := out[start : start+n]
		data := p.Data()
		if d := p.Dictionary(); d != nil {
			if d != lastDict {
				if err := dictVals.load(ref, d.Page().Data()); err != nil {
					return err
				}
				lut = lut[:0]
				for j := 0; j < dictVals.n; j++ {
					lut = append(lut, toPosition(dictVals.float(j)))
				}
				lastDict = d
			}
			idx := data.Int32()
			k := 0
			for r := range dst {
				if len(defs) != 0 && defs[r] != maxDef {
					dst[r] = pipeline.NullPosition
					continue
				}
				if k >= len(idx) || idx[k] < 0 || int(idx[k]) >= len(lut) {
					return ref.errorf(start+r, "dictionary index out of range (corrupt page)")
				}
				v := lut[idx[k]]
				if v == badPosition {
					return ref.errorf(start+r, "position %v is not an integer in 0..6", dictVals.float(int(idx[k])))
				}
				dst[r] = v
				k++
			}
			return nil
		}
		switch data.Kind() {
		case encoding.Int64:
			return fillPositions(ref, start, dst, defs, maxDef, data.Int64())
		case encoding.Int32:
			return fillPositions(ref, start, dst, defs, maxDef, data.Int32())
		}
		var vals numbers
		if err := vals.load(ref, data); err != nil {
			return err
		}
		k := 0
		for r := range dst {
			if len(defs) != 0 && defs[r] != maxDef {
				dst[r] = pipeline.NullPosition
				continue
			}
			if k >= vals.n {
				return ref.errorf(start+r, "page has fewer values than rows (corrupt page)")
			}
			v := toPosition(vals.float(k))
			if v == badPosition {
				return ref.errorf(start+r, "position %v is not an integer in 0..6", vals.float(k))
			}
			dst[r] = v
			k++
		}
		return nil
	})
}

// fillPositions copies integer values into dst, nulls as NullPosition.
func fillPositions[T int32 | int64](ref *chunkRef, start int, dst []int8, defs []byte, maxDef byte, vals []T) error {
	k := 0
	for r := range dst {
		if len(defs) != 0 && defs[r] != maxDef {
			dst[r] = pipeline.NullPosition
			continue
		}
		if k >= len(vals) {
			return ref.errorf(start+r, "page has fewer values than rows (corrupt page)")
		}
		x := vals[k]
		if x < 0 || x > 6 {
			return ref.errorf(start+r, "position %d outside 0..6", x)
		}
		dst[r] = int8(x)
		k++
	}
	return nil
}

// toPosition converts a number to a position, or badPosition. NaN is a
// null (pandas writes missing floats so).
func toPosition(f float64) int8 {
	if math.IsNaN(f) {
		return pipeline.NullPosition
	}
	if f < 0 || f > 6 || f != math.Trunc(f) {
		return badPosition
	}
	return int8(f)
}

// scanInt64s decodes an integer column chunk straight into out (the
// chunk's rows), nulls as null; float pages go through scanInts' checks.
func scanInt64s(ref *chunkRef, cc parquet.ColumnChunk, out []int64, null int64) error {
	if ref.kind != parquet.Int64 && ref.kind != parquet.Int32 {
		return scanInts(ref, cc, func(i int, x int64, ok bool) error {
			if !ok {
				x = null
			}
			out[i] = x
			return nil
		})
	}
	var dict numbers
	var lastDict parquet.Dictionary
	return scanPages(ref, cc, func(p parquet.Page, start int) error {
		defs := p.DefinitionLevels()
		maxDef := byte(ref.maxDef)
		n := int(p.NumRows())
		dst := out[start : start+n]
		data := p.Data()
		var vals []int64
		var idx []int32
		if d := p.Dictionary(); d != nil {
			if d != lastDict {
				if err := dict.load(ref, d.Page().Data()); err != nil {
					return err
				}
				lastDict = d
			}
			vals, idx = dict.ints, data.Int32()
		} else if data.Kind() == encoding.Int64 {
			vals = data.Int64()
		} else {
			var nb numbers
			if err := nb.load(ref, data); err != nil {
				return err
			}
			vals = nb.ints
		}
		k := 0
		for r := range dst {
			if len(defs) != 0 && defs[r] != maxDef {
				dst[r] = null
				continue
			}
			j := k
			if idx != nil {
				if k >= len(idx) {
					return ref.errorf(start+r, "page has fewer values than rows (corrupt page)")
				}
				j = int(idx[k])
			}
			if j < 0 || j >= len(vals) {
				return ref.errorf(start+r, "value index %d out of range (corrupt page)", j)
			}
			dst[r] = vals[j]
			k++
		}
		return nil
	})
}
