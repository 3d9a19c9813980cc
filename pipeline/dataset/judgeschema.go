package dataset

import (
	"fmt"
	"strings"

	"github.com/specstress/specstress/pipeline"
)

// Columns of the judge_evaluations config (PAPER.md section 8; SCHEMA.md).
// chunk_idx is spelt so in the release; chunk_index is accepted too.
const (
	ColPrompt     = "prompt"
	ColModel      = "model"
	ColBin        = "bin_name"
	ColStdRange   = "std_range"
	ColMaxStd     = "max_pop_std_openai"
	ColJudgeChunk = "chunk_idx"
	ColQueryKey   = "query_key"
	// DecisionSuffix ends every judge's decision column: <judge>_decision.
	DecisionSuffix = "_decision"
)

// JudgeRow is one row of the judge_evaluations config: a judged response
// and the output of every judge on it. Writers fill rows and lay them out
// with JudgeTable; ReadJudgments reads the same columns back.
type JudgeRow struct {
	Prompt   string           // the judge prompt
	Model    pipeline.ModelID // the evaluated model
	Bin      string           // bin_name, e.g. "std_1.5_to_2.0"
	StdRange string           // std_range, e.g. "1.5-2.0"
	MaxStd   float64          // max_pop_std_openai (D over the OpenAI models); NaN is null
	// Key is the scenario: chunk_idx, entry_idx, query_key (its String)
	// and nudge_direction.
	Key            pipeline.ScenarioKey
	Value1, Value2 string
	// Judges holds each judge's output, in the order of JudgeTable's judges.
	Judges []JudgeOutput
}

// JudgeOutput is one judge's output on a row: the cells of its JudgeFields.
type JudgeOutput struct {
	Decision string // as the judge gave it; "" is null (not judged)
	// Cited says the judge was asked which spec clauses its decision
	// rests on (the clause-citation extension, SCHEMA.md). Clauses and
	// Violated are then written as JSON lists (empty is "[]"); a judge
	// not asked gets nulls.
	Cited             bool
	Clauses, Violated []string
}

// JudgeColumn describes one column of judge_evaluations that every row has.
// Exactly the accessor of its Kind is set.
type JudgeColumn struct {
	Name     string
	Kind     Kind     // as our writers write it (readers accept more, SCHEMA.md)
	Required bool     // a split without it, under any accepted name, is an error
	Accepted []string // other names readers accept, in order of preference
	Dict     bool     // dictionary-encoded (low cardinality)
	Text     func(*JudgeRow) string
	Int      func(*JudgeRow) int64
	Float    func(*JudgeRow) float64 // NaN is null
}

// JudgeField describes a string column written once per judge, named
// <judge><Suffix>; an empty cell is written as null.
type JudgeField struct {
	Suffix   string
	Required bool // every judge has it (the decision column names the judge)
	// Optional fields are written only when some output of the table
	// has Cited set: a split judged without a spec keeps the paper's
	// layout.
	Optional bool
	Dict     bool
	Text     func(*JudgeOutput) string
}

// JudgeSchema is the judge_evaluations layout, in write order: Columns,
// then each judge's Fields. It is the one definition the writers (through
// JudgeTable) and the reader (ReadJudgments) share; a new column is a new
// entry here and a field of JudgeRow or JudgeOutput.
var JudgeSchema = struct {
	Columns []JudgeColumn
	Fields  []JudgeField
}{
	Columns: []JudgeColumn{
		{Name: ColPrompt, Kind: String, Text: func(r *JudgeRow) string { return r.Prompt }},
		{Name: ColModel, Kind: String, Required: true, Accepted: []string{"model_id", "model_name", "evaluated_model"}, Dict: true,
			Text: func(r *JudgeRow) string { return string(r.Model) }},
		{Name: ColBin, Kind: String, Dict: true, Text: func(r *JudgeRow) string { return r.Bin }},
		{Name: ColStdRange, Kind: String, Dict: true, Text: func(r *JudgeRow) string { return r.StdRange }},
		{Name: ColMaxStd, Kind: Float64, Float: func(r *JudgeRow) float64 { return r.MaxStd }},
		{Name: ColJudgeChunk, Kind: Int64, Required: true, Accepted: []string{ColChunk}, Int: func(r *JudgeRow) int64 { return r.Key.Chunk }},
		{Name: ColEntry, Kind: Int64, Required: true, Int: func(r *JudgeRow) int64 { return r.Key.Entry }},
		{Name: ColQueryKey, Kind: String, Text: func(r *JudgeRow) string { return r.Key.String() }},
		{Name: ColValue1, Kind: String, Dict: true, Text: func(r *JudgeRow) string { return r.Value1 }},
		{Name: ColValue2, Kind: String, Dict: true, Text: func(r *JudgeRow) string { return r.Value2 }},
		{Name: ColNudge, Kind: String, Dict: true, Text: func(r *JudgeRow) string { return string(r.Key.Nudge) }},
	},
	Fields: []JudgeField{
		{Suffix: DecisionSuffix, Required: true, Dict: true, Text: func(o *JudgeOutput) string { return o.Decision }},
		{Suffix: ClausesSuffix, Optional: true, Text: func(o *JudgeOutput) string { return citedCell(o, o.Clauses) }},
		{Suffix: ViolatedSuffix, Optional: true, Text: func(o *JudgeOutput) string { return citedCell(o, o.Violated) }},
	},
}

// citedCell is a citation list's cell: null when the judge was not asked.
func citedCell(o *JudgeOutput, ids []string) string {
	if !o.Cited {
		return ""
	}
	return CitationCell(ids)
}

// DecisionColumn names a judge's decision column.
func DecisionColumn(judge string) string { return judge + DecisionSuffix }

// JudgeTable lays out rows as one judge_evaluations split (write it with
// WriteSplit): JudgeSchema's columns, then each judge's fields. judges are
// the column stems ("gpt41" for gpt41_decision); every row carries one
// output per judge.
func JudgeTable(judges []string, rows []JudgeRow) (*Table, error) {
	cited := false
	for i := range rows {
		for k := range rows[i].Judges {
			cited = cited || rows[i].Judges[k].Cited
		}
	}
	return judgeTable(judges, rows, cited)
}

// JudgeTableWithCitations is JudgeTable with the optional citation fields
// always written (null where a judge was not asked). A writer that splits
// one run over several tables uses it for all of them once any judge was
// asked anywhere, so that every split has the columns: a reader takes a
// judge's citations only when every split has them.
func JudgeTableWithCitations(judges []string, rows []JudgeRow) (*Table, error) {
	return judgeTable(judges, rows, true)
}

func judgeTable(judges []string, rows []JudgeRow, cited bool) (*Table, error) {
	if len(judges) == 0 {
		return nil, fmt.Errorf("dataset: judge_evaluations without judges")
	}
	seen := map[string]bool{}
	for _, j := range judges {
		if j == "" || strings.HasSuffix(j, DecisionSuffix) || seen[j] {
			return nil, fmt.Errorf("dataset: judge_evaluations judges %q: want distinct column stems (gpt41, not gpt41_decision)", judges)
		}
		seen[j] = true
	}
	for i := range rows {
		if len(rows[i].Judges) != len(judges) {
			return nil, fmt.Errorf("dataset: judge_evaluations row %d has %d judge outputs, want %d (%s)", i, len(rows[i].Judges), len(judges), strings.Join(judges, ", "))
		}
	}
	t := &Table{}
	n := len(rows)
	for _, c := range JudgeSchema.Columns {
		switch c.Kind {
		case String:
			v := make([]string, n)
			for i := range rows {
				v[i] = c.Text(&rows[i])
			}
			t.AddStrings(c.Name, v, nil, c.Dict)
		case Int64:
			v := make([]int64, n)
			for i := range rows {
				v[i] = c.Int(&rows[i])
			}
			t.AddInts(c.Name, v, nil)
		case Float64:
			v := make([]float64, n)
			for i := range rows {
				v[i] = c.Float(&rows[i])
			}
			t.AddFloats(c.Name, v)
		}
	}
	for k, j := range judges {
		for _, f := range JudgeSchema.Fields {
			if f.Optional && !cited {
				continue
			}
			v, null := make([]string, n), make([]bool, n)
			for i := range rows {
				v[i] = f.Text(&rows[i].Judges[k])
				null[i] = v[i] == ""
			}
			t.AddStrings(j+f.Suffix, v, null, f.Dict)
		}
	}
	return t, nil
}

// judgeColumn returns the name under which s holds the schema column name
// (its own or an accepted one), or "" when s lacks it. A required column
// that is absent is an error naming the accepted spellings.
func (s *Split) judgeColumn(name string) (string, error) {
	for _, c := range JudgeSchema.Columns {
		if c.Name != name {
			continue
		}
		for _, n := range append([]string{c.Name}, c.Accepted...) {
			if s.HasColumn(n) {
				return n, nil
			}
		}
		if !c.Required {
			return "", nil
		}
		if len(c.Accepted) > 0 {
			return "", fmt.Errorf("%w (also accepted: %s)", s.errMissing(c.Name), strings.Join(c.Accepted, ", "))
		}
		return "", s.errMissing(c.Name)
	}
	panic("dataset: " + name + " is not a judge_evaluations column")
}
