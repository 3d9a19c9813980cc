package dataset

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/dataset/remote"
)

// openFile opens a parquet file for reading, local or remote (an hf://
// path or http(s) URL). The caller closes the returned handle. A panic of
// the parquet library on a corrupt footer becomes an error naming the file.
func openFile(path string) (pf *parquet.File, handle io.Closer, err error) {
	if remote.IsURL(path) {
		return openRemote(path)
	}
	osf, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	st, err := osf.Stat()
	if err != nil {
		osf.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	defer func() {
		if r := recover(); r != nil {
			osf.Close()
			pf, handle, err = nil, nil, fmt.Errorf("%s: corrupt parquet file: %v", path, r)
		}
	}()
	pf, err = parquet.OpenFile(osf, st.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		osf.Close()
		return nil, nil, fmt.Errorf("%s: not a readable parquet file (truncated or corrupt?): %w", path, err)
	}
	return pf, osf, nil
}

// openSplit reads the footers of a split's shards and checks that they agree
// on their columns.
func openSplit(config, name string, files []string) (*Split, error) {
	s := &Split{Config: config, Name: name, byName: map[string]int{}}
	// Shards written by different tools may disagree on a column's type
	// (int64 in one, double in another): the split still opens, the column
	// decoders follow each chunk's own type, and the drift is reported
	// (Split.Drift, data info, data verify).
	var shardTypes []map[string]string
	for _, path := range files {
		types := map[string]string{}
		shardTypes = append(shardTypes, types)
		pf, osf, err := openFile(path)
		if err != nil {
			return nil, err
		}
		sh := Shard{Path: path, Rows: int(pf.NumRows()), columns: map[string]int{}}
		for _, rg := range pf.Metadata().RowGroups {
			sh.RowGroups = append(sh.RowGroups, int(rg.NumRows))
		}
		for _, leaf := range pf.Root().Columns() {
			name := leaf.Name()
			if _, dup := sh.columns[name]; dup {
				osf.Close()
				return nil, fmt.Errorf("%s: column %q appears twice", path, name)
			}
			sh.columns[name] = leaf.Index()
			info := ColumnInfo{Name: name, Type: typeName(leaf), Optional: leaf.Optional()}
			if !leaf.Leaf() || leaf.Index() < 0 {
				info.Type = "group"
			}
			info.Nulls = footerNulls(pf, leaf.Index())
			types[name] = info.Type
			if i, ok := s.byName[name]; ok {
				prev := &s.Columns[i]
				if prev.Nulls >= 0 && info.Nulls >= 0 {
					prev.Nulls += info.Nulls
				} else {
					prev.Nulls = -1
				}
				prev.Optional = prev.Optional || info.Optional
			} else {
				if len(s.Shards) > 0 {
					osf.Close()
					return nil, fmt.Errorf("%s: column %q is not in the split's first shard %s", path, name, s.Shards[0].Path)
				}
				s.byName[name] = len(s.Columns)
				s.Columns = append(s.Columns, info)
			}
		}
		osf.Close()
		if len(s.Shards) > 0 && len(sh.columns) != len(s.Columns) {
			for _, c := range s.Columns {
				if _, ok := sh.columns[c.Name]; !ok {
					return nil, fmt.Errorf("%s: column %q of shard %s is missing", path, c.Name, s.Shards[0].Path)
				}
			}
		}
		s.Rows += sh.Rows
		s.Shards = append(s.Shards, sh)
	}
	s.findDrift(shardTypes)
	s.Models = discoverModels(s.Columns)
	return s, nil
}

// footerNulls sums a leaf column's null counts over the row groups of a
// file, from the footer statistics.
func footerNulls(pf *parquet.File, leaf int) int64 {
	if leaf < 0 {
		return -1
	}
	var n int64
	for _, rg := range pf.Metadata().RowGroups {
		if leaf >= len(rg.Columns) {
			return -1
		}
		n += rg.Columns[leaf].MetaData.Statistics.NullCount
	}
	return n
}

func typeName(c *parquet.Column) string {
	if !c.Leaf() {
		return "group"
	}
	t := c.Type()
	if lt := t.LogicalType(); lt != nil {
		switch lt.Value.(type) {
		case *format.StringType, *format.EnumType:
			return "string"
		case *format.JsonType:
			return "json"
		}
	}
	if c.Repeated() {
		return "repeated " + strings.ToLower(t.Kind().String())
	}
	return strings.ToLower(t.Kind().String())
}

// Model-bearing column name patterns of the layout.
const (
	suffixValue1   = "_value1_position"
	suffixValue2   = "_value2_position"
	prefixResponse = "response_"
	suffixType     = "_response_type"
	suffixValues   = "_distinctive_values"
)

// PositionColumns returns the two position column names of a model.
func PositionColumns(id pipeline.ModelID) (value1, value2 string) {
	return string(id) + suffixValue1, string(id) + suffixValue2
}

// ResponseColumn returns the response column name of a model.
func ResponseColumn(id pipeline.ModelID) string { return prefixResponse + string(id) }

// ResponseTypeColumn returns the response-type extension column of a model.
func ResponseTypeColumn(id pipeline.ModelID) string { return string(id) + suffixType }

// DistinctiveValuesColumn returns the distinctive-values extension column of
// a model.
func DistinctiveValuesColumn(id pipeline.ModelID) string { return string(id) + suffixValues }

// discoverModels finds the model ids named by the columns.
func discoverModels(cols []ColumnInfo) []pipeline.ModelID {
	seen := map[pipeline.ModelID]bool{}
	for _, c := range cols {
		n := c.Name
		var id string
		switch {
		case strings.HasSuffix(n, suffixValue1):
			id = strings.TrimSuffix(n, suffixValue1)
		case strings.HasSuffix(n, suffixValue2):
			id = strings.TrimSuffix(n, suffixValue2)
		case strings.HasPrefix(n, prefixResponse):
			id = strings.TrimPrefix(n, prefixResponse)
		case strings.HasSuffix(n, suffixType):
			id = strings.TrimSuffix(n, suffixType)
		case strings.HasSuffix(n, suffixValues):
			id = strings.TrimSuffix(n, suffixValues)
		}
		if id != "" {
			seen[pipeline.ModelID(id)] = true
		}
	}
	return orderModels(seen)
}

// orderModels puts registry models first in registry order, then unknown
// ids by name.
func orderModels(set map[pipeline.ModelID]bool) []pipeline.ModelID {
	var out []pipeline.ModelID
	for _, id := range pipeline.ModelIDs() {
		if set[id] {
			out = append(out, id)
			delete(set, id)
		}
	}
	var rest []pipeline.ModelID
	for id := range set {
		rest = append(rest, id)
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i] < rest[j] })
	return append(out, rest...)
}

// PositionModels returns the models that have both position columns.
func (s *Split) PositionModels() []pipeline.ModelID {
	var out []pipeline.ModelID
	for _, id := range s.Models {
		v1, v2 := PositionColumns(id)
		if s.HasColumn(v1) && s.HasColumn(v2) {
			out = append(out, id)
		}
	}
	return out
}
