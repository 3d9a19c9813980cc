package dataset

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/parquet-go/parquet-go"

	"github.com/specstress/specstress/pipeline"
)

// Positions reads the position columns of every model that has both
// (<id>_value1_position, <id>_value2_position). Only those columns are
// decoded: no strings are materialised. Null cells are
// pipeline.NullPosition; a value outside 0..6 is an error naming the file,
// column and row.
func (s *Split) Positions() (*pipeline.Positions, error) {
	return s.PositionsOf(context.Background(), s.PositionModels())
}

// PositionsOf reads the position columns of the given models; a model
// without them is an error naming it and listing the models present.
func (s *Split) PositionsOf(ctx context.Context, models []pipeline.ModelID) (*pipeline.Positions, error) {
	p := &pipeline.Positions{Rows: s.Rows, Models: append([]pipeline.ModelID(nil), models...)}
	var cols []string
	var decs []decodeFunc
	for _, id := range models {
		v1, v2 := PositionColumns(id)
		for _, c := range []string{v1, v2} {
			if !s.HasColumn(c) {
				return nil, fmt.Errorf("%w (models with positions: %v)", s.errMissing(c), s.PositionModels())
			}
		}
		a, b := make([]int8, s.Rows), make([]int8, s.Rows)
		p.Value1 = append(p.Value1, a)
		p.Value2 = append(p.Value2, b)
		cols = append(cols, v1, v2)
		decs = append(decs, positionDecoder(a), positionDecoder(b))
	}
	if err := s.readColumns(ctx, cols, decs); err != nil {
		return nil, fmt.Errorf("dataset: positions of %s/%s: %w", s.Config, s.Name, err)
	}
	return p, nil
}

func positionDecoder(dst []int8) decodeFunc {
	return func(ref *chunkRef, cc parquet.ColumnChunk) error {
		return scanPositions(ref, cc, dst[ref.row:ref.row+ref.rows])
	}
}

// Strings reads one string column; null cells are "". Dictionary-encoded
// columns share one string per distinct value.
func (s *Split) Strings(column string) ([]string, error) {
	out, _, err := s.stringsWithNulls(context.Background(), column)
	return out, err
}

// stringsWithNulls also returns the null mask (nil when there are none).
func (s *Split) stringsWithNulls(ctx context.Context, column string) ([]string, []bool, error) {
	out := make([]string, s.Rows)
	var nulls []bool
	dec := func(ref *chunkRef, cc parquet.ColumnChunk) error {
		o := out[ref.row : ref.row+ref.rows]
		return scanStrings(ref, cc, func(i int, v string, ok bool) error {
			if !ok && nulls != nil {
				nulls[ref.row+i] = true
			}
			o[i] = v
			return nil
		})
	}
	if c, ok := s.Column(column); ok && c.Optional {
		nulls = make([]bool, s.Rows)
	}
	if err := s.readColumns(ctx, []string{column}, []decodeFunc{dec}); err != nil {
		return nil, nil, fmt.Errorf("dataset: %s/%s: %w", s.Config, s.Name, err)
	}
	return out, nulls, nil
}

// Ints reads one integer column; null cells are -1 and flagged in the
// returned mask (nil when the column is required).
func (s *Split) Ints(column string) ([]int64, []bool, error) {
	out := make([]int64, s.Rows)
	var nulls []bool
	if c, ok := s.Column(column); ok && c.Optional {
		nulls = make([]bool, s.Rows)
	}
	dec := func(ref *chunkRef, cc parquet.ColumnChunk) error {
		return scanInts(ref, cc, func(i int, x int64, ok bool) error {
			if !ok {
				x = -1
				nulls[ref.row+i] = true
			}
			out[ref.row+i] = x
			return nil
		})
	}
	if err := s.readColumns(context.Background(), []string{column}, []decodeFunc{dec}); err != nil {
		return nil, nil, fmt.Errorf("dataset: %s/%s: %w", s.Config, s.Name, err)
	}
	return out, nulls, nil
}

// Floats reads one numeric column as float64; null cells are NaN.
func (s *Split) Floats(column string) ([]float64, error) {
	out := make([]float64, s.Rows)
	dec := func(ref *chunkRef, cc parquet.ColumnChunk) error {
		return scanNumbers(ref, cc, func(i int, x int64, f float64, isFloat, ok bool) error {
			switch {
			case !ok:
				f = math.NaN()
			case !isFloat:
				f = float64(x)
			}
			out[ref.row+i] = f
			return nil
		})
	}
	if err := s.readColumns(context.Background(), []string{column}, []decodeFunc{dec}); err != nil {
		return nil, fmt.Errorf("dataset: %s/%s: %w", s.Config, s.Name, err)
	}
	return out, nil
}

// Queries reads the query column.
func (s *Split) Queries() ([]string, error) { return s.Strings("query") }

// Responses reads one model's response column (response_<id>).
func (s *Split) Responses(id pipeline.ModelID) ([]string, error) {
	return s.Strings(ResponseColumn(id))
}

// Scenario column names of the default and complete configs.
const (
	ColRank      = "rank"
	ColGenerator = "query_generator"
	ColValue1    = "value1"
	ColValue2    = "value2"
	ColNudge     = "nudge_direction"
	ColQuery     = "query"
	ColChunk     = "chunk_index"
	ColEntry     = "entry_idx"
)

// Scenarios reads the scenario metadata: chunk_index, entry_idx,
// nudge_direction, value1, value2 (required) and rank, query_generator
// (when present; nil otherwise). Null integers are -1, null strings "".
// A nudge_direction other than neutral/value1/value2 and a scenario key
// that appears twice (unless AllowDuplicateKeys) are errors naming file and
// row.
func (s *Split) Scenarios() (*pipeline.Scenarios, error) {
	sc := &pipeline.Scenarios{Rows: s.Rows}
	ctx := context.Background()
	cols := []string{ColChunk, ColEntry, ColNudge, ColValue1, ColValue2}
	sc.Chunk = make([]int64, s.Rows)
	sc.Entry = make([]int64, s.Rows)
	sc.Nudge = make([]pipeline.Nudge, s.Rows)
	sc.Value1 = make([]string, s.Rows)
	sc.Value2 = make([]string, s.Rows)
	decs := []decodeFunc{intDecoder(sc.Chunk), intDecoder(sc.Entry), nudgeDecoder(sc.Nudge),
		stringDecoder(sc.Value1), stringDecoder(sc.Value2)}
	if s.HasColumn(ColRank) {
		sc.Rank = make([]int64, s.Rows)
		cols = append(cols, ColRank)
		decs = append(decs, intDecoder(sc.Rank))
	}
	if s.HasColumn(ColGenerator) {
		sc.Generator = make([]string, s.Rows)
		cols = append(cols, ColGenerator)
		decs = append(decs, stringDecoder(sc.Generator))
	}
	if err := s.readColumns(ctx, cols, decs); err != nil {
		return nil, fmt.Errorf("dataset: scenarios of %s/%s: %w", s.Config, s.Name, err)
	}
	if !s.AllowDuplicateKeys {
		if err := s.checkUniqueKeys(sc); err != nil {
			return nil, err
		}
	}
	return sc, nil
}

// checkUniqueKeys rejects a scenario key seen on two rows. Keys are packed
// into integers and sorted (a map of 411K struct keys costs several times
// more); keys too large to pack fall back to a map.
func (s *Split) checkUniqueKeys(sc *pipeline.Scenarios) error {
	packed := make([]uint64, 0, sc.Rows)
	for r := 0; r < sc.Rows; r++ {
		k := sc.Key(r)
		if k.Chunk < 0 && k.Entry < 0 {
			continue // a null key identifies nothing
		}
		p, ok := packKey(k)
		if !ok {
			return s.checkUniqueKeysMap(sc)
		}
		packed = append(packed, p)
	}
	slices.Sort(packed)
	for i := 1; i < len(packed); i++ {
		if packed[i] == packed[i-1] {
			return s.duplicateError(sc, packed[i])
		}
	}
	return nil
}

// packKey packs a key into chunk:38 | entry:22 | nudge:2 bits (null
// chunk/entry -1 packs as the maximum field value).
func packKey(k pipeline.ScenarioKey) (uint64, bool) {
	c, e := uint64(k.Chunk+1), uint64(k.Entry+1)
	if k.Chunk < -1 || k.Entry < -1 || c >= 1<<38 || e >= 1<<22 {
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
	}
	return c<<24 | e<<2 | n, true
}

// duplicateError names the first two rows holding the packed key.
func (s *Split) duplicateError(sc *pipeline.Scenarios, key uint64) error {
	var rows []int
	for r := 0; r < sc.Rows && len(rows) < 2; r++ {
		if p, ok := packKey(sc.Key(r)); ok && p == key {
			rows = append(rows, r)
		}
	}
	f1, r1 := s.locate(rows[0])
	f2, r2 := s.locate(rows[1])
	return fmt.Errorf("dataset: %s/%s: scenario key %s appears twice: %s row %d and %s row %d (set Split.AllowDuplicateKeys to accept)",
		s.Config, s.Name, sc.Key(rows[0]), f1, r1, f2, r2)
}

func (s *Split) checkUniqueKeysMap(sc *pipeline.Scenarios) error {
	seen := make(map[pipeline.ScenarioKey]int32, sc.Rows)
	for r := 0; r < sc.Rows; r++ {
		k := sc.Key(r)
		if k.Chunk < 0 && k.Entry < 0 {
			continue
		}
		if prev, dup := seen[k]; dup {
			f1, r1 := s.locate(int(prev))
			f2, r2 := s.locate(r)
			return fmt.Errorf("dataset: %s/%s: scenario key %s appears twice: %s row %d and %s row %d (set Split.AllowDuplicateKeys to accept)",
				s.Config, s.Name, k, f1, r1, f2, r2)
		}
		seen[k] = int32(r)
	}
	return nil
}

func intDecoder(dst []int64) decodeFunc {
	return func(ref *chunkRef, cc parquet.ColumnChunk) error {
		return scanInt64s(ref, cc, dst[ref.row:ref.row+ref.rows], -1)
	}
}

func stringDecoder(dst []string) decodeFunc {
	return func(ref *chunkRef, cc parquet.ColumnChunk) error {
		return scanStrings(ref, cc, func(i int, v string, ok bool) error {
			dst[ref.row+i] = v
			return nil
		})
	}
}

func nudgeDecoder(dst []pipeline.Nudge) decodeFunc {
	return func(ref *chunkRef, cc parquet.ColumnChunk) error {
		return scanStrings(ref, cc, func(i int, v string, ok bool) error {
			if !ok {
				return nil
			}
			n, err := pipeline.ParseNudge(v)
			if err != nil {
				return ref.errorf(i, "%v", err)
			}
			dst[ref.row+i] = n
			return nil
		})
	}
}
