package dataset

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

func judgeRows() []JudgeRow {
	return []JudgeRow{
		{Prompt: "judge this", Model: pipeline.O3, Bin: "std_1.5_to_2.0", StdRange: "1.5-2.0", MaxStd: 1.75,
			Key: pipeline.ScenarioKey{Chunk: 3, Entry: 7, Nudge: pipeline.TowardValue1}, Value1: "honesty", Value2: "kindness",
			Judges: []JudgeOutput{{Decision: "compliant"}, {Decision: "non-compliant"}}},
		{Prompt: "and this", Model: pipeline.GPT41, Bin: "std_1.5_to_2.0", StdRange: "1.5-2.0", MaxStd: math.NaN(),
			Key: pipeline.ScenarioKey{Chunk: 3, Entry: 8, Nudge: pipeline.Neutral}, Value1: "honesty", Value2: "privacy",
			Judges: []JudgeOutput{{Decision: ""}, {Decision: "ambiguous"}}},
	}
}

// writeJudges writes t as judge_evaluations/std_1.5_to_2.0 and opens it.
func writeJudges(t *testing.T, tab *Table) *Split {
	t.Helper()
	dir := t.TempDir()
	if _, err := WriteSplit(dir, JudgeEvaluations, "std_1.5_to_2.0", tab, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ds.Config(JudgeEvaluations)
	if err != nil {
		t.Fatal(err)
	}
	return c.Splits[0]
}

// What JudgeTable writes is JudgeSchema's layout, and ReadJudgments reads
// every row back: models, keys, D (null stays NaN), bins and decisions
// (an empty decision is null, read as Missing).
func TestJudgeTableReadsBack(t *testing.T) {
	rows := judgeRows()
	tab, err := JudgeTable([]string{"claude_4", "gpt41"}, rows)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, c := range JudgeSchema.Columns {
		want = append(want, c.Name)
	}
	want = append(want, "claude_4_decision", "gpt41_decision")
	var got []string
	for _, c := range tab.Columns {
		got = append(got, c.Name)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("columns %v, want %v", got, want)
	}
	s := writeJudges(t, tab)
	for _, c := range s.Columns {
		if c.Name == "claude_4_decision" && c.Nulls != 1 {
			t.Errorf("claude_4_decision has %d nulls in the footer, want 1 (the empty decision)", c.Nulls)
		}
	}
	j, rep, err := s.ReadJudgments()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(j.Judges, []string{"claude_4", "gpt41"}) || j.Rows != 2 {
		t.Fatalf("judges %v rows %d", j.Judges, j.Rows)
	}
	for r, row := range rows {
		if j.Model[r] != row.Model || j.Keys[r] != row.Key || j.Bin[r] != row.Bin ||
			!(j.MaxStd[r] == row.MaxStd || math.IsNaN(j.MaxStd[r]) && math.IsNaN(row.MaxStd)) {
			t.Errorf("row %d read as %s %v %s %v, wrote %s %v %s %v", r, j.Model[r], j.Keys[r], j.Bin[r], j.MaxStd[r], row.Model, row.Key, row.Bin, row.MaxStd)
		}
		for k := range j.Judges {
			want, _ := pipeline.ParseDecision(row.Judges[k].Decision)
			if j.Decisions[k][r] != want {
				t.Errorf("row %d judge %s: %v, wrote %q", r, j.Judges[k], j.Decisions[k][r], row.Judges[k].Decision)
			}
		}
	}
	if rep.NudgeColumnRows != 2 || rep.BadKeys != 0 {
		t.Errorf("report: nudges from the column %d, bad keys %d", rep.NudgeColumnRows, rep.BadKeys)
	}
}

// The reader refuses a split without a column JudgeSchema requires, naming
// it, and reads it under every name the schema accepts.
func TestJudgeReaderValidatesAgainstSchema(t *testing.T) {
	if _, err := JudgeTable([]string{"gpt41"}, judgeRows()); err == nil {
		t.Fatal("rows with two outputs for one judge were laid out")
	}
	rows := judgeRows()
	for i := range rows {
		rows[i].Judges = rows[i].Judges[1:]
	}
	full, err := JudgeTable([]string{"gpt41"}, rows)
	if err != nil {
		t.Fatal(err)
	}
	without := func(name string) *Table {
		t := &Table{}
		for _, c := range full.Columns {
			if c.Name != name {
				t.Columns = append(t.Columns, c)
			}
		}
		return t
	}
	renamed := func(from, to string) *Table {
		t := &Table{Columns: append([]Column(nil), full.Columns...)}
		for i := range t.Columns {
			if t.Columns[i].Name == from {
				t.Columns[i].Name = to
			}
		}
		return t
	}
	required := 0
	for _, c := range JudgeSchema.Columns {
		if !c.Required {
			continue
		}
		required++
		_, _, err := writeJudges(t, without(c.Name)).ReadJudgments()
		if !errors.Is(err, ErrNoColumn) || !strings.Contains(err.Error(), `"`+c.Name+`"`) {
			t.Errorf("without %s: err = %v, want ErrNoColumn naming it", c.Name, err)
		}
		for _, alt := range c.Accepted {
			j, _, err := writeJudges(t, renamed(c.Name, alt)).ReadJudgments()
			if err != nil || j.Model[0] != pipeline.O3 || j.Keys[0].Chunk != 3 {
				t.Errorf("%s spelt %s: err %v", c.Name, alt, err)
			}
		}
	}
	if required != 3 {
		t.Errorf("%d required columns, want model, chunk_idx and entry_idx", required)
	}
	if _, _, err := writeJudges(t, without("gpt41_decision")).ReadJudgments(); !errors.Is(err, ErrNoColumn) {
		t.Errorf("without a decision column: err = %v, want ErrNoColumn", err)
	}
	// Optional columns may be missing: the nudge then comes from the key.
	j, rep, err := writeJudges(t, without(ColNudge)).ReadJudgments()
	if err != nil || j.Keys[0].Nudge != pipeline.TowardValue1 || rep.KeysParsed != 2 {
		t.Errorf("without nudge_direction: %v, nudge %q, keys parsed %d", err, j.Keys[0].Nudge, rep.KeysParsed)
	}
}

func TestJudgeTableRefusesBadJudges(t *testing.T) {
	for _, judges := range [][]string{nil, {"gpt41_decision", "x"}, {"a", "a"}, {"", "b"}} {
		rows := judgeRows()
		if _, err := JudgeTable(judges, rows); err == nil {
			t.Errorf("judges %q were accepted", judges)
		}
	}
}

// The citation fields are optional: a table where no judge was asked keeps
// the paper's layout; once one judge was asked, every judge gets both
// columns, null where that judge was not asked and "[]" where it was and
// cited nothing; ReadCitations reads them back as written.
func TestJudgeTableCitationFields(t *testing.T) {
	plain, err := JudgeTable([]string{"claude_4", "gpt41"}, judgeRows())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range plain.Columns {
		if strings.HasSuffix(c.Name, ClausesSuffix) || strings.HasSuffix(c.Name, ViolatedSuffix) {
			t.Errorf("no judge was asked, yet %s was written", c.Name)
		}
	}
	forced, err := JudgeTableWithCitations([]string{"claude_4", "gpt41"}, judgeRows())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(forced.Columns) - len(plain.Columns); n != 4 {
		t.Errorf("JudgeTableWithCitations added %d columns, want 4 (two per judge)", n)
	}

	rows := judgeRows()
	rows[0].Judges[1] = JudgeOutput{Decision: "non-compliant", Cited: true, Clauses: []string{"a/b", "c"}, Violated: []string{"c"}}
	rows[1].Judges[1] = JudgeOutput{Decision: "ambiguous", Cited: true}
	tab, err := JudgeTable([]string{"claude_4", "gpt41"}, rows)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range tab.Columns[len(JudgeSchema.Columns):] {
		names = append(names, c.Name)
	}
	want := []string{"claude_4_decision", "claude_4_clauses", "claude_4_violated", "gpt41_decision", "gpt41_clauses", "gpt41_violated"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("judge columns %v, want %v", names, want)
	}
	s := writeJudges(t, tab)
	c, err := s.ReadCitations([]string{"claude_4", "gpt41"})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Columns[0] || !c.Columns[1] {
		t.Fatalf("columns present %v, want both judges", c.Columns)
	}
	clauses, violated := c.Fields[0], c.Fields[1]
	if clauses[0][0] != nil || clauses[0][1] != nil || violated[0][0] != nil {
		t.Errorf("claude_4 was not asked: cells %v %v, want null (nil)", clauses[0], violated[0])
	}
	if !reflect.DeepEqual(clauses[1][0], []string{"a/b", "c"}) || !reflect.DeepEqual(violated[1][0], []string{"c"}) {
		t.Errorf("gpt41 row 0: clauses %v violated %v", clauses[1][0], violated[1][0])
	}
	if clauses[1][1] == nil || len(clauses[1][1]) != 0 || violated[1][1] == nil || len(violated[1][1]) != 0 {
		t.Errorf("gpt41 row 1 was asked and cited nothing: clauses %#v violated %#v, want empty, not null", clauses[1][1], violated[1][1])
	}
}
