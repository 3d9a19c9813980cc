package dataset

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/specstress/specstress/pipeline"
)

// Columns of the complete config beyond the default schema (SCHEMA.md).
const (
	ColSpectra = "spectra"
	ColTopics  = "topics"
)

// modelsWith returns the split's models having a column name(id).
func (s *Split) modelsWith(name func(pipeline.ModelID) string) []pipeline.ModelID {
	var out []pipeline.ModelID
	for _, id := range s.Models {
		if s.HasColumn(name(id)) {
			out = append(out, id)
		}
	}
	return out
}

// ResponseTypes reads the <id>_response_type extension columns of every
// model that has one, and the topic tags of the topics column when present
// (Tags is nil without it). Null or empty cells are pipeline.NoType; a name
// that is not one of the seven types is an error naming file, column, row.
func (s *Split) ResponseTypes() (*pipeline.ResponseTypeColumns, error) {
	models := s.modelsWith(ResponseTypeColumn)
	if len(models) == 0 {
		return nil, fmt.Errorf("%w (no <model>_response_type column: the public release carries no response types or topic tags; "+
			"they are produced by this project's classification stages response_types and topics, run by `specstress classify` over a run whose export writes them; see pipeline/dataset/SCHEMA.md)",
			s.errMissing("<model>_response_type"))
	}
	rt := &pipeline.ResponseTypeColumns{Rows: s.Rows, Models: models}
	var cols []string
	var decs []decodeFunc
	for _, id := range models {
		col := make([]pipeline.ResponseType, s.Rows)
		rt.Types = append(rt.Types, col)
		cols = append(cols, ResponseTypeColumn(id))
		decs = append(decs, func(ref *chunkRef, cc parquet.ColumnChunk) error {
			cache := map[string]pipeline.ResponseType{}
			return scanStrings(ref, cc, func(i int, v string, ok bool) error {
				t, hit := cache[v]
				if !hit {
					var err error
					if t, err = pipeline.ParseResponseType(v); err != nil {
						return ref.errorf(i, "%v", err)
					}
					cache[v] = t
				}
				col[ref.row+i] = t
				return nil
			})
		})
	}
	if s.HasColumn(ColTopics) {
		rt.Topics = append([]string(nil), pipeline.Topics...)
		for range rt.Topics {
			rt.Tags = append(rt.Tags, make([]bool, s.Rows))
		}
		cols = append(cols, ColTopics)
		decs = append(decs, topicsDecoder(rt.Topics, rt.Tags))
	}
	if err := s.readColumns(context.Background(), cols, decs); err != nil {
		return nil, fmt.Errorf("dataset: response types of %s/%s: %w", s.Config, s.Name, err)
	}
	return rt, nil
}

// topicsDecoder parses the topics column: a JSON object of booleans keyed
// by topic name. Unknown keys are ignored, missing keys are false.
func topicsDecoder(topics []string, tags [][]bool) decodeFunc {
	return func(ref *chunkRef, cc parquet.ColumnChunk) error {
		cache := map[string][]bool{}
		return scanStrings(ref, cc, func(i int, v string, ok bool) error {
			if !ok || v == "" {
				return nil
			}
			flags, hit := cache[v]
			if !hit {
				var m map[string]bool
				if err := json.Unmarshal([]byte(v), &m); err != nil {
					return ref.errorf(i, "topics is not a JSON object of booleans: %v", err)
				}
				flags = make([]bool, len(topics))
				for t, name := range topics {
					flags[t] = m[name]
				}
				cache[v] = flags
			}
			for t, on := range flags {
				tags[t][ref.row+i] = on
			}
			return nil
		})
	}
}

// ValueCounts reads the <id>_distinctive_values extension columns: per
// model and row, the categories the response expresses distinctively, as a
// JSON list of category names (full or short, case-insensitive). A null
// cell (a row that was not analysed) is a nil list; a name that is not one
// of the 26 categories is an error naming file, column and row.
func (s *Split) ValueCounts() (*pipeline.ValueCounts, error) {
	models := s.modelsWith(DistinctiveValuesColumn)
	if len(models) == 0 {
		return nil, fmt.Errorf("%w (no <model>_distinctive_values column: the public release carries no distinctive values; "+
			"they are produced by this project's classification stage values, run by `specstress classify` over a run whose export writes them; see pipeline/dataset/SCHEMA.md)",
			s.errMissing("<model>_distinctive_values"))
	}
	vc := &pipeline.ValueCounts{Models: models, Categories: pipeline.CategoryNames()}
	var cols []string
	var decs []decodeFunc
	for _, id := range models {
		col := make([][]int16, s.Rows)
		vc.Rows = append(vc.Rows, col)
		cols = append(cols, DistinctiveValuesColumn(id))
		decs = append(decs, func(ref *chunkRef, cc parquet.ColumnChunk) error {
			return scanStrings(ref, cc, func(i int, v string, ok bool) error {
				if !ok {
					return nil
				}
				cats, err := parseCategories(v)
				if err != nil {
					return ref.errorf(i, "%v", err)
				}
				col[ref.row+i] = cats
				return nil
			})
		})
	}
	if err := s.readColumns(context.Background(), cols, decs); err != nil {
		return nil, fmt.Errorf("dataset: value counts of %s/%s: %w", s.Config, s.Name, err)
	}
	return vc, nil
}

// parseCategories reads a JSON list of category names ("[]" is an empty,
// non-nil list).
func parseCategories(v string) ([]int16, error) {
	var names []string
	if err := json.Unmarshal([]byte(v), &names); err != nil {
		return nil, fmt.Errorf("distinctive values %q: want a JSON list of category names: %v", short(v), err)
	}
	out := make([]int16, 0, len(names))
	for _, n := range names {
		c := pipeline.CategoryIndex(n)
		if c < 0 {
			return nil, fmt.Errorf("distinctive value %q is not one of the 26 categories", n)
		}
		out = append(out, int16(c))
	}
	return out, nil
}

func short(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return strings.TrimSpace(s)
}

// Counts sums a ValueCounts into a models x categories matrix:
// out[m][c] is how many rows model m showed category c on.
func Counts(vc *pipeline.ValueCounts) [][]int {
	out := make([][]int, len(vc.Models))
	for m, rows := range vc.Rows {
		out[m] = make([]int, len(vc.Categories))
		for _, cats := range rows {
			for _, c := range cats {
				if int(c) < len(out[m]) {
					out[m][c]++
				}
			}
		}
	}
	return out
}
