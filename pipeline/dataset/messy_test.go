package dataset

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

// messyDir is the release-shaped dataset DuckDB wrote from
// testdata/messy/make.sql (other model spellings, five query_key formats,
// unknown decision strings, nulls, int64/double drift between shards).
// SPECSTRESS_MESSY_DIR points the tests at a freshly generated copy
// (.ci/checks/25-dataset-duckdb.sh does).
func messyDir() string {
	if d := os.Getenv("SPECSTRESS_MESSY_DIR"); d != "" {
		return d
	}
	return filepath.Join("testdata", "messy", "release")
}

// canonRow is one row of the canonical CSV DuckDB wrote beside the files.
type canonRow struct {
	key      pipeline.ScenarioKey
	model    string // canonical id
	modelRaw string
	raw      map[string]string // judge -> raw cell ("<null>" for null)
	canon    map[string]string // judge -> canonical label ("" = missing)
}

func readCanon(t *testing.T, dir string) []canonRow {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "judged.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	var out []canonRow
	for _, r := range recs[1:] {
		chunk, _ := strconv.ParseInt(r[col["chunk"]], 10, 64)
		entry, _ := strconv.ParseInt(r[col["entry"]], 10, 64)
		c := canonRow{key: pipeline.ScenarioKey{Chunk: chunk, Entry: entry, Nudge: pipeline.Nudge(r[col["nudge"]])},
			model: r[col["model"]], modelRaw: r[col["model_raw"]], raw: map[string]string{}, canon: map[string]string{}}
		for _, j := range []string{"claude_4", "gpt41", "gemini_2_5"} {
			c.raw[j], c.canon[j] = r[col[j+"_raw"]], r[col[j]]
		}
		out = append(out, c)
	}
	return out
}

// Every row of the DuckDB-written judge files reads back to its canonical
// model, scenario key and decisions, whatever the spelling, key format,
// column order or shard type; what could not be read is counted per judge
// and spelling, exactly as the canonical CSV says.
func TestMessyJudgeFilesReadAsTheCanonicalTable(t *testing.T) {
	dir := messyDir()
	canon := readCanon(t, dir)
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	j, rep, err := ds.ReadJudgments()
	if err != nil {
		t.Fatal(err)
	}
	if j.Rows != len(canon) {
		t.Fatalf("%d rows, the canonical table has %d", j.Rows, len(canon))
	}
	type rk struct {
		k pipeline.ScenarioKey
		m string
	}
	want := map[rk]canonRow{}
	unknownRows := map[string]int{}
	unparsed := map[string]map[string]int{}
	for _, c := range canon {
		id := c.model
		if !pipeline.Known(pipeline.ModelID(id)) {
			id = c.modelRaw // unknown ids are kept as written
			unknownRows[c.modelRaw]++
		}
		want[rk{c.key, id}] = c
		for jn, raw := range c.raw {
			if c.canon[jn] == "" && raw != "<null>" {
				if unparsed[jn] == nil {
					unparsed[jn] = map[string]int{}
				}
				unparsed[jn][raw]++
			}
		}
	}
	for r := 0; r < j.Rows; r++ {
		c, ok := want[rk{j.Keys[r], string(j.Model[r])}]
		if !ok {
			t.Fatalf("row %d: key %s model %q is not in the canonical table", r, j.Keys[r], j.Model[r])
		}
		for k, jn := range j.Judges {
			if got := j.Decisions[k][r].String(); got != c.canon[jn] {
				t.Errorf("row %d (%s %s) judge %s: read %q from %q, want %q", r, j.Keys[r], j.Model[r], jn, got, c.raw[jn], c.canon[jn])
			}
		}
	}
	for m, n := range unknownRows {
		if rep.Unknown[m] != n {
			t.Errorf("unknown model %q: reported %d rows, want %d", m, rep.Unknown[m], n)
		}
	}
	for _, d := range rep.Decisions {
		for s, n := range unparsed[d.Judge] {
			if d.Unparsed[s] != n {
				t.Errorf("judge %s: %q reported unparsed %d times, want %d", d.Judge, s, d.Unparsed[s], n)
			}
		}
		if len(d.Unparsed) != len(unparsed[d.Judge]) {
			t.Errorf("judge %s: unparsed spellings %v, want %v", d.Judge, d.Unparsed, unparsed[d.Judge])
		}
	}
	// Bin std_2.0_to_2.5 names no nudge in its keys but has a
	// nudge_direction column (180 rows); every other key parses.
	if rep.BadKeys != 0 || rep.NudgeColumnRows != 180 || rep.KeysParsed != j.Rows-180 {
		t.Errorf("nudges: %d from the column, %d from keys, %d unreadable of %d", rep.NudgeColumnRows, rep.KeysParsed, rep.BadKeys, j.Rows)
	}
	if len(rep.Drift) != 2 {
		t.Errorf("drift reported: %v, want chunk_idx and entry_idx of std_0.0_to_1.0", rep.Drift)
	}
}

// A split whose shards store positions as int64 in one file and double in
// another opens, reports the drift, and reads the same positions as the
// canonical CSV.
func TestMessyPositionsAcrossTypeDrift(t *testing.T) {
	dir := messyDir()
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ds.Split("all_models")
	if err != nil {
		t.Fatal(err)
	}
	if len(sp.Drift) != 6 || !sp.Drift[0].Numeric() {
		t.Fatalf("drift %v, want 6 numeric columns", sp.Drift)
	}
	pos, err := sp.Positions()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "positions.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	for m, id := range pos.Models {
		v1, v2 := PositionColumns(id)
		for r, rec := range recs[1:] {
			for _, p := range []struct {
				got  int8
				cell string
			}{{pos.Value1[m][r], rec[col[v1]]}, {pos.Value2[m][r], rec[col[v2]]}} {
				want := int64(pipeline.NullPosition)
				if p.cell != "" {
					want, _ = strconv.ParseInt(p.cell, 10, 64)
				}
				if int64(p.got) != want {
					t.Fatalf("%s row %d: read %d, the CSV says %q", id, r, p.got, p.cell)
				}
			}
		}
	}
}

// A decision column that one tool wrote as text and another as integers
// (0/1) reads without error: the numbers are unparsed decisions, counted
// per judge, and the drift is reported.
func TestDecisionColumnTextInOneShardNumbersInAnother(t *testing.T) {
	root := t.TempDir()
	base := func(dec Column) *Table {
		return &Table{Columns: []Column{
			{Name: "model", Kind: String, Strings: []string{"o3", "O4-mini"}},
			{Name: "chunk_idx", Kind: Int64, Ints: []int64{1, 1}},
			{Name: "entry_idx", Kind: Int64, Ints: []int64{2, 2}},
			{Name: "query_key", Kind: String, Strings: []string{"1_2_neutral", "1_2_neutral"}},
			dec,
		}}
	}
	shards := []*Table{
		base(Column{Name: "x_decision", Kind: String, Strings: []string{"Compliant", "NON_COMPLIANT"}}),
		base(Column{Name: "x_decision", Kind: Int64, Ints: []int64{1, 0}}),
	}
	for i, tb := range shards {
		if err := WriteFile(ShardPath(root, JudgeEvaluations, "std_0.0_to_1.0", i, 2), tb, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	j, rep, err := ds.ReadJudgments()
	if err != nil {
		t.Fatal(err)
	}
	want := []pipeline.Decision{pipeline.Compliant, pipeline.NonCompliant, pipeline.Missing, pipeline.Missing}
	for r, d := range want {
		if j.Decisions[0][r] != d {
			t.Errorf("row %d: %v, want %v", r, j.Decisions[0][r], d)
		}
	}
	if u := rep.Decisions[0].Unparsed; u["1"] != 1 || u["0"] != 1 {
		t.Errorf("unparsed %v, want the numbers 1 and 0 once each", u)
	}
	if len(rep.Drift) != 1 || j.Model[1] != pipeline.O4Mini {
		t.Errorf("drift %v, models %v", rep.Drift, j.Model)
	}
}
