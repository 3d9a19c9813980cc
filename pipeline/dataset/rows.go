package dataset

import (
	"fmt"

	"github.com/specstress/specstress/pipeline"
)

// Row is one scenario row of a default or complete split, for ad-hoc code.
// Models is shared by every row of an iteration; Pos1, Pos2 and Responses
// are aligned with it.
type Row struct {
	Index     int // row number in the split
	Key       pipeline.ScenarioKey
	Rank      int64 // -1 when the split has no rank
	Generator string
	Value1    string
	Value2    string
	Query     string // "" unless text was asked for
	Models    []pipeline.ModelID
	Pos1      []int8   // value-1 positions, pipeline.NullPosition for null
	Pos2      []int8   // value-2 positions
	Responses []string // nil unless text was asked for
}

// Position returns a model's two positions on the row; ok is false when
// the model has no position columns.
func (r *Row) Position(id pipeline.ModelID) (v1, v2 int8, ok bool) {
	for i, m := range r.Models {
		if m == id {
			return r.Pos1[i], r.Pos2[i], true
		}
	}
	return pipeline.NullPosition, pipeline.NullPosition, false
}

// Response returns a model's response on the row ("" when not read).
func (r *Row) Response(id pipeline.ModelID) string {
	for i, m := range r.Models {
		if m == id && i < len(r.Responses) {
			return r.Responses[i]
		}
	}
	return ""
}

// Each calls fn on every row of the split in order until fn returns false.
// With text, the query and responses are read too. Rows are read one row
// group at a time, so memory stays bounded on a large split.
func (s *Split) Each(text bool, fn func(r Row) bool) error {
	lo := 0
	for _, sh := range s.Shards {
		for _, n := range sh.RowGroups {
			rows, err := s.Slice(lo, lo+n, text)
			if err != nil {
				return err
			}
			for _, r := range rows {
				if !fn(r) {
					return nil
				}
			}
			lo += n
		}
	}
	return nil
}

// Slice returns rows lo..hi-1 (hi < 0: to the end) as structs; with text,
// the query and responses are read too.
func (s *Split) Slice(lo, hi int, text bool) ([]Row, error) {
	if hi < 0 || hi > s.Rows {
		hi = s.Rows
	}
	models := s.PositionModels()
	cols := []string{ColChunk, ColEntry, ColNudge, ColValue1, ColValue2}
	for _, c := range []string{ColRank, ColGenerator} {
		if s.HasColumn(c) {
			cols = append(cols, c)
		}
	}
	for _, id := range models {
		v1, v2 := PositionColumns(id)
		cols = append(cols, v1, v2)
	}
	if text {
		if s.HasColumn(ColQuery) {
			cols = append(cols, ColQuery)
		}
		for _, id := range models {
			if s.HasColumn(ResponseColumn(id)) {
				cols = append(cols, ResponseColumn(id))
			}
		}
	}
	t, err := s.Table(lo, hi, cols...)
	if err != nil {
		return nil, err
	}
	n := hi - lo
	out := make([]Row, n)
	str := func(name string, r int) string {
		if c := t.Column(name); c != nil {
			return c.Strings[r]
		}
		return ""
	}
	for r := 0; r < n; r++ {
		row := Row{Index: lo + r, Rank: -1, Models: models,
			Pos1: make([]int8, len(models)), Pos2: make([]int8, len(models))}
		row.Key.Chunk = nullInt(t.Column(ColChunk), r)
		row.Key.Entry = nullInt(t.Column(ColEntry), r)
		if nd := str(ColNudge, r); nd != "" {
			k, err := pipeline.ParseNudge(nd)
			if err != nil {
				path, fr := s.locate(lo + r)
				return nil, fmt.Errorf("%s: column %s: row %d: %v", path, ColNudge, fr, err)
			}
			row.Key.Nudge = k
		}
		if c := t.Column(ColRank); c != nil {
			row.Rank = nullInt(c, r)
		}
		row.Generator, row.Value1, row.Value2 = str(ColGenerator, r), str(ColValue1, r), str(ColValue2, r)
		row.Query = str(ColQuery, r)
		for i, id := range models {
			v1, v2 := PositionColumns(id)
			for k, name := range []string{v1, v2} {
				x := nullInt(t.Column(name), r)
				if x < -1 || x > 6 {
					path, fr := s.locate(lo + r)
					return nil, fmt.Errorf("%s: column %s: row %d: position %d outside 0..6", path, name, fr, x)
				}
				if k == 0 {
					row.Pos1[i] = int8(x)
				} else {
					row.Pos2[i] = int8(x)
				}
			}
			if text {
				row.Responses = append(row.Responses, str(ResponseColumn(id), r))
			}
		}
		out[r] = row
	}
	return out, nil
}

// nullInt reads an int cell with -1 for null.
func nullInt(c *Column, r int) int64 {
	if c == nil || c.IsNull(r) {
		return -1
	}
	return c.Ints[r]
}
