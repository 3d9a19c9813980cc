package dataset

import (
	"fmt"
	"strings"
	"testing"
)

// judgeSplit is a judge_evaluations table of n rows with decision columns
// for judges a and b, and, for each judge in cited, citation cells.
func judgeSplit(n int, cited map[string][2][]string, nulls map[string][]bool) *Table {
	t := &Table{}
	model, chunk, entry, key, dec := make([]string, n), make([]int64, n), make([]int64, n), make([]string, n), make([]string, n)
	for i := range model {
		model[i], chunk[i], entry[i], dec[i] = "gpt-4.1", int64(i), 0, "compliant"
		key[i] = fmt.Sprintf("%d/0/neutral", i)
	}
	t.AddStrings(ColModel, model, nil, true)
	t.AddInts(ColJudgeChunk, chunk, nil)
	t.AddInts(ColEntry, entry, nil)
	t.AddStrings(ColQueryKey, key, nil, false)
	t.AddStrings("a_decision", dec, nil, true)
	t.AddStrings("b_decision", dec, nil, true)
	for _, j := range []string{"a", "b"} {
		c, ok := cited[j]
		if !ok {
			continue
		}
		t.AddStrings(j+ClausesSuffix, c[0], nulls[j], false)
		t.AddStrings(j+ViolatedSuffix, c[1], nulls[j], false)
	}
	return t
}

// Citation cells in our JSON spelling and in others' (comma or semicolon
// lists, empty), nulls, and a bin without the columns, read back in the
// row order of ReadJudgments with each row's file and row.
func TestReadCitations(t *testing.T) {
	root := t.TempDir()
	bin1 := judgeSplit(3, map[string][2][]string{
		"a": {{`["x/y", "z"]`, "x/y, z ; w", ""}, {`[]`, `["z"]`, "[]"}},
		"b": {{`["q"]`, "", `[]`}, {`[]`, "", `[]`}},
	}, map[string][]bool{"b": {false, true, false}})
	bin2 := judgeSplit(2, nil, nil)
	for name, tab := range map[string]*Table{"std_0.0_to_1.0": bin1, "std_1.0_to_1.5": bin2} {
		if _, err := WriteSplit(root, JudgeEvaluations, name, tab, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	j, err := ds.Judgments()
	if err != nil {
		t.Fatal(err)
	}
	c, err := ds.ReadCitations(j.Judges)
	if err != nil {
		t.Fatal(err)
	}
	if c.Rows != j.Rows || c.Rows != 5 {
		t.Fatalf("%d citation rows, %d judged rows, want 5", c.Rows, j.Rows)
	}
	if c.Any() || c.Columns[0] || c.Columns[1] {
		t.Errorf("columns %v: a bin without citation columns must make the judge's columns incomplete", c.Columns)
	}
	got := fmt.Sprintf("%q|%q", c.Fields[0][0], c.Fields[1][1])
	want := `[["x/y" "z"] ["x/y" "z" "w"] [] [] []]|[[] [] [] [] []]`
	// Row 1 of judge b is null: nil, printed as []; tell it from [] below.
	if got != want {
		t.Errorf("cells %s, want %s", got, want)
	}
	if c.Fields[1][1][1] != nil || c.Fields[1][1][0] == nil || c.Fields[0][0][3] != nil {
		t.Error("a null cell or a bin without columns must read as nil, an empty list as []")
	}
	if w := c.Where(4); !strings.Contains(w, "judge_evaluations/std_1.0_to_1.5-") || !strings.HasSuffix(w, "row 1") {
		t.Errorf("Where(4) = %q", w)
	}

	// A cell that starts as a list but is not one is an error naming the
	// file, row and column.
	bad := t.TempDir()
	tab := judgeSplit(2, map[string][2][]string{"a": {{`["ok"]`, `["x", 3]`}, {`[]`, `[]`}}}, nil)
	if _, err := WriteSplit(bad, JudgeEvaluations, "std_0.0_to_1.0", tab, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	ds, err = Open(bad)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ds.ReadCitations([]string{"a", "b"})
	if err == nil || !strings.Contains(err.Error(), "row 1, column a_clauses") || !strings.Contains(err.Error(), ".parquet") {
		t.Errorf("malformed cell: err = %v", err)
	}
	// One of the two columns alone is an error.
	half := judgeSplit(1, nil, nil)
	half.AddStrings("a"+ClausesSuffix, []string{"[]"}, nil, false)
	one := t.TempDir()
	if _, err := WriteSplit(one, JudgeEvaluations, "std_0.0_to_1.0", half, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	ds, _ = Open(one)
	if _, err := ds.ReadCitations([]string{"a", "b"}); err == nil || !strings.Contains(err.Error(), "need both") {
		t.Errorf("a_clauses without a_violated: err = %v", err)
	}
}
