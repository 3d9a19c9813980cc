package dataset

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// citationsDir holds judge files with citation cells DuckDB wrote
// (testdata/citations/make.sql); SPECSTRESS_CITATIONS_DIR points the test
// at a fresh copy (.ci/checks/25-dataset-duckdb.sh).
func citationsDir() string {
	if d := os.Getenv("SPECSTRESS_CITATIONS_DIR"); d != "" {
		return d
	}
	return filepath.Join("testdata", "citations")
}

func openCitationSplit(t *testing.T, dir string) *Split {
	t.Helper()
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

// Citation cells as another tool spells them read as the ids they list:
// JSON lists with or without spaces, comma- or semicolon-separated ids, an
// empty string as no id; a null stays nil (the judge was not asked).
func TestCitationsWrittenByDuckDB(t *testing.T) {
	s := openCitationSplit(t, filepath.Join(citationsDir(), "good"))
	c, err := s.ReadCitations([]string{"claude_4"})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Columns[0] {
		t.Fatal("claude_4's citation columns not found")
	}
	wantClauses := [][]string{{"a/b", "c"}, {"a/b", "c"}, {"a/b", "c"}, nil, {"x"}}
	wantViolated := [][]string{{"c"}, {"c"}, {}, nil, {}}
	for r := range wantClauses {
		if got := c.Fields[0][0][r]; !reflect.DeepEqual(got, wantClauses[r]) {
			t.Errorf("row %d clauses %#v, want %#v", r, got, wantClauses[r])
		}
		if got := c.Fields[1][0][r]; !reflect.DeepEqual(got, wantViolated[r]) {
			t.Errorf("row %d violated %#v, want %#v", r, got, wantViolated[r])
		}
	}
}

// A cell that starts as a JSON list but is not a list of strings is an
// error naming the file, row and column, never "cited nothing".
func TestCitationsBadCellNamesFileRowColumn(t *testing.T) {
	s := openCitationSplit(t, filepath.Join(citationsDir(), "bad"))
	_, err := s.ReadCitations([]string{"claude_4"})
	if err == nil {
		t.Fatal(`a cell ["a/b", 3] was accepted`)
	}
	for _, want := range []string{"std_2.5_to_3.0-00000-of-00001.parquet", "row 1", "claude_4_clauses"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}
