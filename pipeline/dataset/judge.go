package dataset

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/specstress/specstress/pipeline"
)

// Columns of the judge_evaluations config (PAPER.md section 8). chunk_idx
// is spelt so in the release; chunk_index is accepted too.
const (
	ColPrompt     = "prompt"
	ColModel      = "model"
	ColBin        = "bin_name"
	ColStdRange   = "std_range"
	ColMaxStd     = "max_pop_std_openai"
	ColJudgeChunk = "chunk_idx"
	ColQueryKey   = "query_key"
	judgeSuffix   = "_decision"
)

// JudgeColumns returns the decision columns of the split (every column
// named <judge>_decision), in file order.
func (s *Split) JudgeColumns() []string {
	var out []string
	for _, c := range s.Columns {
		if strings.HasSuffix(c.Name, judgeSuffix) {
			out = append(out, c.Name)
		}
	}
	return out
}

// Judgments reads a judge_evaluations split: the decision of every judge
// column, the evaluated model, the scenario key, bin_name and
// max_pop_std_openai (NaN when null or absent). The nudge of a key comes
// from nudge_direction when present, else from a query_key of the form
// chunk/entry/nudge, else it is "". A decision other than compliant,
// non-compliant or ambiguous is an error naming file, column and row; a
// null or empty decision is pipeline.Missing.
func (s *Split) Judgments() (*pipeline.Judgments, error) {
	judges := s.JudgeColumns()
	if len(judges) == 0 {
		return nil, fmt.Errorf("%w (no <judge>_decision column)", s.errMissing("<judge>_decision"))
	}
	chunkCol := ColJudgeChunk
	if !s.HasColumn(chunkCol) && s.HasColumn(ColChunk) {
		chunkCol = ColChunk
	}
	j := &pipeline.Judgments{Rows: s.Rows, Model: make([]pipeline.ModelID, s.Rows),
		Keys: make([]pipeline.ScenarioKey, s.Rows), MaxStd: make([]float64, s.Rows)}
	chunk, entry := make([]int64, s.Rows), make([]int64, s.Rows)
	cols := []string{ColModel, chunkCol, ColEntry}
	models := make([]string, s.Rows)
	decs := []decodeFunc{stringDecoder(models), intDecoder(chunk), intDecoder(entry)}
	for _, c := range judges {
		col := make([]pipeline.Decision, s.Rows)
		j.Judges = append(j.Judges, strings.TrimSuffix(c, judgeSuffix))
		j.Decisions = append(j.Decisions, col)
		cols = append(cols, c)
		decs = append(decs, decisionDecoder(col))
	}
	var nudges []pipeline.Nudge
	var keys []string
	switch {
	case s.HasColumn(ColNudge):
		nudges = make([]pipeline.Nudge, s.Rows)
		cols = append(cols, ColNudge)
		decs = append(decs, nudgeDecoder(nudges))
	case s.HasColumn(ColQueryKey):
		keys = make([]string, s.Rows)
		cols = append(cols, ColQueryKey)
		decs = append(decs, stringDecoder(keys))
	}
	if s.HasColumn(ColBin) {
		j.Bin = make([]string, s.Rows)
		cols = append(cols, ColBin)
		decs = append(decs, stringDecoder(j.Bin))
	}
	if s.HasColumn(ColMaxStd) {
		cols = append(cols, ColMaxStd)
		decs = append(decs, floatDecoder(j.MaxStd))
	} else {
		for i := range j.MaxStd {
			j.MaxStd[i] = math.NaN()
		}
	}
	if err := s.readColumns(context.Background(), cols, decs); err != nil {
		return nil, fmt.Errorf("dataset: judgments of %s/%s: %w", s.Config, s.Name, err)
	}
	for r := range j.Keys {
		j.Model[r] = pipeline.ModelID(models[r])
		k := pipeline.ScenarioKey{Chunk: chunk[r], Entry: entry[r]}
		switch {
		case nudges != nil:
			k.Nudge = nudges[r]
		case keys != nil:
			k.Nudge = nudgeOfKey(keys[r])
		}
		j.Keys[r] = k
	}
	return j, nil
}

// nudgeOfKey takes the nudge from a "chunk/entry/nudge" key, or "".
func nudgeOfKey(key string) pipeline.Nudge {
	parts := strings.Split(key, "/")
	if len(parts) != 3 {
		return ""
	}
	if _, err := strconv.Atoi(parts[0]); err != nil {
		return ""
	}
	n, err := pipeline.ParseNudge(parts[2])
	if err != nil {
		return ""
	}
	return n
}

// Judgments reads every split of the judge_evaluations config, bins in
// order, into one row set.
func (d *Dataset) Judgments() (*pipeline.Judgments, error) {
	c, err := d.Config(JudgeEvaluations)
	if err != nil {
		return nil, err
	}
	var all *pipeline.Judgments
	for _, s := range c.Splits {
		j, err := s.Judgments()
		if err != nil {
			return nil, err
		}
		if all == nil {
			all = j
			continue
		}
		if strings.Join(all.Judges, ",") != strings.Join(j.Judges, ",") {
			return nil, fmt.Errorf("dataset: judge_evaluations/%s has judges %v, but %s/%s has %v", s.Name, j.Judges, JudgeEvaluations, c.Splits[0].Name, all.Judges)
		}
		all.Rows += j.Rows
		for k := range all.Decisions {
			all.Decisions[k] = append(all.Decisions[k], j.Decisions[k]...)
		}
		all.Model = append(all.Model, j.Model...)
		all.Keys = append(all.Keys, j.Keys...)
		all.MaxStd = append(all.MaxStd, j.MaxStd...)
		if all.Bin != nil || j.Bin != nil {
			all.Bin = append(padStrings(all.Bin, all.Rows-j.Rows), padStrings(j.Bin, j.Rows)...)
		}
	}
	return all, nil
}

func padStrings(s []string, n int) []string {
	if s == nil {
		return make([]string, n)
	}
	return s
}

func decisionDecoder(dst []pipeline.Decision) decodeFunc {
	return func(ref *chunkRef, cc parquet.ColumnChunk) error {
		return scanStrings(ref, cc, func(i int, v string, ok bool) error {
			d, err := pipeline.ParseDecision(v)
			if err != nil {
				return ref.errorf(i, "%v", err)
			}
			dst[ref.row+i] = d
			return nil
		})
	}
}

func floatDecoder(dst []float64) decodeFunc {
	return func(ref *chunkRef, cc parquet.ColumnChunk) error {
		return scanNumbers(ref, cc, func(i int, x int64, f float64, isFloat, ok bool) error {
			switch {
			case !ok:
				f = math.NaN()
			case !isFloat:
				f = float64(x)
			}
			dst[ref.row+i] = f
			return nil
		})
	}
}
