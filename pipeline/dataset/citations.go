package dataset

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
)

// Suffixes of OUR extension columns of judge_evaluations holding a judge's
// clause citations (see SCHEMA.md): <judge>_clauses are the clause ids the
// decision rests on, <judge>_violated those it finds violated or unclear.
const (
	ClausesSuffix  = "_clauses"
	ViolatedSuffix = "_violated"
)

// CitationCell is how a citation list is stored: a JSON list of ids.
func CitationCell(ids []string) string {
	if ids == nil {
		ids = []string{}
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

// Citations are the clause ids judges cite, per judge and row, as stored;
// rows align with the judgments read by ReadJudgments of the same split or
// dataset. Resolving them against a spec (and counting ids it lacks) is
// pipeline/spec's Spec.ResolveCited.
type Citations struct {
	Judges []string
	Rows   int
	// Fields[0] holds the <judge>_clauses cells, Fields[1] the
	// <judge>_violated cells, indexed [judge][row]; nil for a null cell or
	// a judge without the columns, [] for a judge that cited nothing.
	Fields [2][][][]string
	// Columns says, per judge, whether every split read has its columns.
	Columns []bool
	splits  []*Split
	offsets []int // first row of each split
}

// Any reports whether any judge has citation columns.
func (c *Citations) Any() bool {
	for _, ok := range c.Columns {
		if ok {
			return true
		}
	}
	return false
}

// Where names the file and row of a row, for reports.
func (c *Citations) Where(row int) string {
	for i := len(c.offsets) - 1; i >= 0; i-- {
		if row >= c.offsets[i] {
			path, r := c.splits[i].locate(row - c.offsets[i])
			return fmt.Sprintf("%s row %d", shortPath(path), r)
		}
	}
	return fmt.Sprintf("row %d", row)
}

// shortPath keeps the config directory and file name of a shard path.
func shortPath(p string) string {
	return filepath.Join(filepath.Base(filepath.Dir(p)), filepath.Base(p))
}

// ReadCitations reads the citation columns of a judge_evaluations split for
// the given judges (the order of Judgments.Judges). A judge without the
// columns gets nil cells. A cell is a JSON list of id strings; a cell not
// starting with "[" is read as ids separated by commas or semicolons (other
// tools' spelling of a list), an empty one as no id. A cell that starts
// like a list but is not a list of strings is an error naming the file,
// row and column: a broken citation is never read as "cited nothing".
func (s *Split) ReadCitations(judges []string) (*Citations, error) {
	c := &Citations{Judges: judges, Rows: s.Rows, Columns: make([]bool, len(judges)), splits: []*Split{s}, offsets: []int{0}}
	for f, suffix := range []string{ClausesSuffix, ViolatedSuffix} {
		c.Fields[f] = make([][][]string, len(judges))
		for j, name := range judges {
			col := name + suffix
			if !s.HasColumn(col) {
				continue
			}
			if f == 0 {
				c.Columns[j] = true
			}
			cells, nulls := make([]string, s.Rows), make([]bool, s.Rows)
			if err := s.readColumns(context.Background(), []string{col}, []decodeFunc{textDecoder(cells, nulls)}); err != nil {
				return nil, fmt.Errorf("dataset: citations of %s/%s: %w", s.Config, s.Name, err)
			}
			out := make([][]string, s.Rows)
			for r, v := range cells {
				if nulls[r] {
					continue
				}
				ids, err := parseCitationCell(v)
				if err != nil {
					path, fr := s.locate(r)
					return nil, fmt.Errorf("dataset: %s row %d, column %s: %w", path, fr, col, err)
				}
				out[r] = ids
			}
			c.Fields[f][j] = out
		}
	}
	for j, name := range judges {
		if c.Columns[j] != s.HasColumn(name+ViolatedSuffix) {
			return nil, fmt.Errorf("dataset: %s/%s has only one of %s%s and %s%s: citations need both", s.Config, s.Name, name, ClausesSuffix, name, ViolatedSuffix)
		}
	}
	return c, nil
}

func parseCitationCell(v string) ([]string, error) {
	t := strings.TrimSpace(v)
	if !strings.HasPrefix(t, "[") {
		ids := []string{}
		for _, f := range strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ';' }) {
			if f = strings.TrimSpace(f); f != "" {
				ids = append(ids, f)
			}
		}
		return ids, nil
	}
	var ids []string
	if err := json.Unmarshal([]byte(t), &ids); err != nil {
		return nil, fmt.Errorf("citation cell %.60q: want a JSON list of clause id strings: %w", v, err)
	}
	if ids == nil {
		ids = []string{}
	}
	return ids, nil
}

// ReadCitations reads the citation columns of every judge_evaluations
// split, in the order Dataset.ReadJudgments reads the splits, for the
// given judges (Judgments.Judges). A judge's Columns entry is true only
// when every split has its columns; splits without them give nil cells.
func (d *Dataset) ReadCitations(judges []string) (*Citations, error) {
	cfg, err := d.Config(JudgeEvaluations)
	if err != nil {
		return nil, err
	}
	all := &Citations{Judges: judges, Columns: make([]bool, len(judges))}
	for j := range judges {
		all.Columns[j] = true
	}
	for f := range all.Fields {
		all.Fields[f] = make([][][]string, len(judges))
	}
	for _, s := range cfg.Splits {
		c, err := s.ReadCitations(judges)
		if err != nil {
			return nil, err
		}
		all.splits = append(all.splits, s)
		all.offsets = append(all.offsets, all.Rows)
		for j := range judges {
			all.Columns[j] = all.Columns[j] && c.Columns[j]
			for f := range all.Fields {
				cells := c.Fields[f][j]
				if cells == nil {
					cells = make([][]string, s.Rows)
				}
				all.Fields[f][j] = append(all.Fields[f][j], cells...)
			}
		}
		all.Rows += s.Rows
	}
	return all, nil
}
