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

// JudgeColumns returns the decision columns of the split (every column
// named <judge>_decision), in file order.
func (s *Split) JudgeColumns() []string {
	var out []string
	for _, c := range s.Columns {
		if strings.HasSuffix(c.Name, DecisionSuffix) {
			out = append(out, c.Name)
		}
	}
	return out
}

// Judgments reads a judge_evaluations split; see ReadJudgments. What the
// reader had to normalise or could not parse is dropped here: callers that
// show results should use ReadJudgments and show its report.
func (s *Split) Judgments() (*pipeline.Judgments, error) {
	j, _, err := s.ReadJudgments()
	return j, err
}

// ReadJudgments reads a judge_evaluations split: the decision of every judge
// column, the evaluated model, the scenario key, bin_name and
// max_pop_std_openai (NaN when null or absent), with a report of what was
// normalised or could not be read.
//
// Model ids are normalised with NormalizeModelID ("GPT-4.1", "openai/o3"
// become gpt_4_1, o3); unknown ids are kept as written and listed in the
// report. The nudge of a key comes from nudge_direction when present, else
// from query_key in any format ParseQueryKey reads; a key it cannot read
// leaves the nudge empty and is counted in the report (BadKeys), never
// silently. Decisions are read with ParseDecisionLoose; a string it cannot
// read becomes pipeline.Missing and is counted per judge and spelling
// (DecisionReport.Unparsed): it never aborts the read. Text columns
// (model, key, decisions) are read as text from whatever type a shard
// stores them in, so type drift between shards is read, and reported.
func (s *Split) ReadJudgments() (*pipeline.Judgments, *JudgeReport, error) {
	judges := s.JudgeColumns()
	if len(judges) == 0 {
		return nil, nil, fmt.Errorf("%w (no column ends in %s)", s.errMissing("<judge>"+DecisionSuffix), DecisionSuffix)
	}
	// The columns JudgeSchema requires, under any name it accepts.
	modelCol, err := s.judgeColumn(ColModel)
	if err != nil {
		return nil, nil, err
	}
	chunkCol, err := s.judgeColumn(ColJudgeChunk)
	if err != nil {
		return nil, nil, err
	}
	entryCol, err := s.judgeColumn(ColEntry)
	if err != nil {
		return nil, nil, err
	}
	n := s.Rows
	j := &pipeline.Judgments{Rows: n, Model: make([]pipeline.ModelID, n),
		Keys: make([]pipeline.ScenarioKey, n), MaxStd: make([]float64, n)}
	chunk, entry := make([]int64, n), make([]int64, n)
	models := make([]string, n)
	cols := []string{modelCol, chunkCol, entryCol}
	decs := []decodeFunc{textDecoder(models, nil), intDecoder(chunk), intDecoder(entry)}
	raw := make([][]string, len(judges))
	for k, c := range judges {
		raw[k] = make([]string, n)
		j.Judges = append(j.Judges, strings.TrimSuffix(c, DecisionSuffix))
		cols = append(cols, c)
		decs = append(decs, textDecoder(raw[k], nil))
	}
	// The optional columns; the reader ignores columns JudgeSchema lacks.
	optional := func(name string) string { c, _ := s.judgeColumn(name); return c }
	var nudges, keys []string
	if c := optional(ColNudge); c != "" {
		nudges = make([]string, n)
		cols = append(cols, c)
		decs = append(decs, textDecoder(nudges, nil))
	}
	if c := optional(ColQueryKey); c != "" {
		keys = make([]string, n)
		cols = append(cols, c)
		decs = append(decs, textDecoder(keys, nil))
	}
	if c := optional(ColBin); c != "" {
		j.Bin = make([]string, n)
		cols = append(cols, c)
		decs = append(decs, textDecoder(j.Bin, nil))
	}
	if c := optional(ColMaxStd); c != "" {
		cols = append(cols, c)
		decs = append(decs, floatDecoder(j.MaxStd))
	} else {
		for i := range j.MaxStd {
			j.MaxStd[i] = math.NaN()
		}
	}
	if err := s.readColumns(context.Background(), cols, decs); err != nil {
		return nil, nil, fmt.Errorf("dataset: judgments of %s/%s: %w", s.Config, s.Name, err)
	}
	rep := newJudgeReport(j.Judges)
	rep.Splits = []string{s.Config + "/" + s.Name}
	rep.Rows = n
	rep.ModelColumn = modelCol
	switch {
	case nudges != nil && keys != nil:
		rep.NudgeSource = ColNudge + " (else " + ColQueryKey + ")"
	case nudges != nil:
		rep.NudgeSource = ColNudge
	case keys != nil:
		rep.NudgeSource = ColQueryKey
	default:
		rep.NudgeSource = "none: no nudge_direction or query_key column; scenarios are (chunk, entry) pairs"
	}
	for _, d := range s.Drift {
		rep.Drift = append(rep.Drift, s.Config+"/"+s.Name+": "+d.String())
	}
	for r := 0; r < n; r++ {
		j.Model[r] = rep.model(models[r])
		k := pipeline.ScenarioKey{Chunk: chunk[r], Entry: entry[r]}
		k.Nudge = rep.nudge(s, r, nudges, keys, &k)
		j.Keys[r] = k
	}
	j.Decisions = make([][]pipeline.Decision, len(judges))
	for k := range judges {
		col := make([]pipeline.Decision, n)
		dr := &rep.Decisions[k]
		for r := 0; r < n; r++ {
			col[r] = dr.parse(s, r, raw[k][r])
		}
		j.Decisions[k] = col
	}
	return j, rep, nil
}

// nudge returns row r's nudge from the nudge column or the key, counting
// what could not be read; key numbers that disagree with the chunk and
// entry columns are counted too (the columns win).
func (rep *JudgeReport) nudge(s *Split, r int, nudges, keys []string, k *pipeline.ScenarioKey) pipeline.Nudge {
	if nudges != nil && strings.TrimSpace(nudges[r]) != "" {
		if nd, ok := ParseNudgeLoose(nudges[r]); ok {
			rep.NudgeColumnRows++
			return nd
		}
		rep.badKey(s, r, ColNudge, nudges[r])
		return ""
	}
	if keys == nil {
		if nudges != nil {
			rep.badKey(s, r, ColNudge, "")
		}
		return ""
	}
	pk, ok := ParseQueryKey(keys[r])
	if !ok {
		rep.badKey(s, r, ColQueryKey, keys[r])
		return ""
	}
	if pk.HasNumbers && (k.Chunk >= 0 || k.Entry >= 0) && (pk.Chunk != k.Chunk || pk.Entry != k.Entry) {
		rep.KeyMismatch++
		if rep.KeyMismatchExample == "" {
			f, fr := s.locate(r)
			rep.KeyMismatchExample = fmt.Sprintf("%s row %d: %s %q vs chunk %d, entry %d", f, fr, ColQueryKey, keys[r], k.Chunk, k.Entry)
		}
	}
	if pk.HasNumbers && k.Chunk < 0 && k.Entry < 0 {
		k.Chunk, k.Entry = pk.Chunk, pk.Entry
	}
	rep.KeysParsed++
	return pk.Nudge
}

func (rep *JudgeReport) badKey(s *Split, r int, col, v string) {
	rep.BadKeys++
	if len(rep.BadKeyExamples) < 3 {
		f, fr := s.locate(r)
		rep.BadKeyExamples = append(rep.BadKeyExamples, fmt.Sprintf("%s row %d: %s %q", f, fr, col, v))
	}
}

// model normalises one model cell, recording the spelling.
func (rep *JudgeReport) model(raw string) pipeline.ModelID {
	if strings.TrimSpace(raw) == "" {
		rep.NullModels++
		return ""
	}
	id, known := NormalizeModelID(raw)
	rep.ModelRows[id]++
	if !known {
		rep.Unknown[raw]++
	} else if string(id) != raw {
		rep.Spellings[raw] = id
	}
	return id
}

// parse reads one decision cell, counting its spelling.
func (dr *DecisionReport) parse(s *Split, r int, v string) pipeline.Decision {
	d, ok := ParseDecisionLoose(v)
	switch {
	case !ok:
		dr.Unparsed[v]++
		if dr.UnparsedExample == "" {
			f, fr := s.locate(r)
			dr.UnparsedExample = fmt.Sprintf("%s row %d: %q", f, fr, v)
		}
	case d == pipeline.Missing:
		dr.Null++
	default:
		dr.Counts[d]++
		if v != d.String() {
			dr.Respelled[v]++
		}
	}
	return d
}

// ReadJudgments reads every split of the judge_evaluations config, bins in
// order, into one row set, with one report for all of them.
func (d *Dataset) ReadJudgments() (*pipeline.Judgments, *JudgeReport, error) {
	c, err := d.Config(JudgeEvaluations)
	if err != nil {
		return nil, nil, err
	}
	var all *pipeline.Judgments
	var rep *JudgeReport
	for _, s := range c.Splits {
		j, r, err := s.ReadJudgments()
		if err != nil {
			return nil, nil, err
		}
		if all == nil {
			all, rep = j, r
			continue
		}
		// Shards of different bins may order their columns differently:
		// align the judges by name; a different set of judges is an error.
		if err := alignJudges(all, j, r); err != nil {
			return nil, nil, fmt.Errorf("dataset: %s/%s has judges %v, but %s/%s has %v: %w", JudgeEvaluations, s.Name, j.Judges, JudgeEvaluations, c.Splits[0].Name, all.Judges, err)
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
		rep.merge(r)
	}
	return all, rep, nil
}

// Judgments reads every split of the judge_evaluations config; see
// Dataset.ReadJudgments, whose report this drops.
func (d *Dataset) Judgments() (*pipeline.Judgments, error) {
	j, _, err := d.ReadJudgments()
	return j, err
}

// alignJudges reorders j's judge columns (and r's per-judge reports) into
// the order of all; the two must have the same judges.
func alignJudges(all, j *pipeline.Judgments, r *JudgeReport) error {
	if len(all.Judges) != len(j.Judges) {
		return fmt.Errorf("different judges")
	}
	idx := map[string]int{}
	for k, name := range j.Judges {
		idx[name] = k
	}
	dec := make([][]pipeline.Decision, len(all.Judges))
	reps := make([]DecisionReport, len(all.Judges))
	for k, name := range all.Judges {
		i, ok := idx[name]
		if !ok {
			return fmt.Errorf("different judges")
		}
		dec[k], reps[k] = j.Decisions[i], r.Decisions[i]
	}
	j.Judges, j.Decisions, r.Decisions = all.Judges, dec, reps
	return nil
}

func padStrings(s []string, n int) []string {
	if s == nil {
		return make([]string, n)
	}
	return s
}

// textDecoder reads a column as text whatever its type: strings as they
// are, numbers formatted (a decision or key column written as numbers by
// some tool is then counted as unparsed, not an error). nulls, when not
// nil, marks null cells.
func textDecoder(dst []string, nulls []bool) decodeFunc {
	return func(ref *chunkRef, cc parquet.ColumnChunk) error {
		if ref.kind == parquet.ByteArray {
			return scanStrings(ref, cc, func(i int, v string, ok bool) error {
				dst[ref.row+i] = v
				if !ok && nulls != nil {
					nulls[ref.row+i] = true
				}
				return nil
			})
		}
		if ref.kind == parquet.Boolean {
			return fmt.Errorf("%s: column %s: has type boolean, want text", ref.path, ref.column)
		}
		return scanNumbers(ref, cc, func(i int, x int64, f float64, isFloat, ok bool) error {
			switch {
			case !ok:
				if nulls != nil {
					nulls[ref.row+i] = true
				}
			case isFloat:
				dst[ref.row+i] = strconv.FormatFloat(f, 'g', -1, 64)
			default:
				dst[ref.row+i] = strconv.FormatInt(x, 10)
			}
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
