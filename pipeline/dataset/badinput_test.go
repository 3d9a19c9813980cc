package dataset

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

// wantErr fails unless err is non-nil and mentions every fragment.
func wantErr(t *testing.T, err error, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one mentioning %q", fragments)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not mention %q", err, f)
		}
	}
}

// writeTable writes one table as data/<split>-00000-of-00001.parquet.
func writeTable(t *testing.T, root, split string, tab *Table) string {
	t.Helper()
	paths, err := WriteSplit(root, Default, split, tab, WriteOptions{RowGroupRows: 4})
	if err != nil {
		t.Fatal(err)
	}
	return paths[0]
}

func keyTable(n int) *Table {
	tab := &Table{}
	chunk, entry, nudge, v := make([]int64, n), make([]int64, n), make([]string, n), make([]string, n)
	for i := range chunk {
		chunk[i], entry[i], nudge[i], v[i] = int64(i), int64(i), "neutral", "x"
	}
	tab.AddInts(ColChunk, chunk, nil)
	tab.AddInts(ColEntry, entry, nil)
	tab.AddStrings(ColNudge, nudge, nil, false)
	tab.AddStrings(ColValue1, v, nil, false)
	tab.AddStrings(ColValue2, v, nil, false)
	return tab
}

func openSplit1(t *testing.T, root, split string) *Split {
	t.Helper()
	ds, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ds.Split(split)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

func TestOpenBadPaths(t *testing.T) {
	_, err := Open(filepath.Join(t.TempDir(), "nope"))
	wantErr(t, err, "nope")

	empty := t.TempDir()
	_, err = Open(empty)
	wantErr(t, err, empty, "no parquet files")

	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "data"), 0o755)
	bogus := filepath.Join(root, "data", "all_models-00000-of-00001.parquet")
	os.WriteFile(bogus, []byte("rank,value1\n1,x\n"), 0o644)
	_, err = Open(root)
	wantErr(t, err, bogus, "not a readable parquet file")
}

func TestOpenConfigDirectoryOrFile(t *testing.T) {
	root := t.TempDir()
	path := writeTable(t, root, "all_models", keyTable(5))
	ds, err := Open(filepath.Join(root, "data"))
	if err != nil {
		t.Fatal(err)
	}
	if sp, err := ds.Split("all_models"); err != nil || sp.Rows != 5 || sp.Config != Default {
		t.Errorf("config directory: %v %v", sp, err)
	}
	ds, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if sp, err := ds.Split("all_models"); err != nil || sp.Rows != 5 {
		t.Errorf("single file: %v %v", sp, err)
	}
}

func TestTruncatedFile(t *testing.T) {
	root := t.TempDir()
	path := writeTable(t, root, "s", keyTable(20))
	b, _ := os.ReadFile(path)
	for _, cut := range []int{len(b) - 1, len(b) - 9, len(b) / 2, 4, 0} {
		os.WriteFile(path, b[:cut], 0o644)
		_, err := Open(root)
		wantErr(t, err, path)
	}
}

func TestUnknownSplitListsExisting(t *testing.T) {
	root := t.TempDir()
	writeTable(t, root, "all_models", keyTable(3))
	ds, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ds.Split("claude_models")
	wantErr(t, err, `"claude_models"`, "default/all_models")
	_, err = ds.Config("complete")
	wantErr(t, err, `"complete"`, "default")
}

func TestDuplicatedScenarioKeys(t *testing.T) {
	root := t.TempDir()
	tab := keyTable(10)
	tab.Column(ColChunk).Ints[7] = 2
	tab.Column(ColEntry).Ints[7] = 2
	path := writeTable(t, root, "s", tab)
	_, err := openSplit1(t, root, "s").Scenarios()
	wantErr(t, err, "2/2/neutral", "appears twice", path+" row 2", path+" row 7")
	sp := openSplit1(t, root, "s")
	sp.AllowDuplicateKeys = true
	if _, err := sp.Scenarios(); err != nil {
		t.Errorf("with AllowDuplicateKeys: %v", err)
	}
}

// Keys too large to pack take the map path and are still checked.
func TestDuplicatedHugeKeys(t *testing.T) {
	root := t.TempDir()
	tab := keyTable(6)
	for i := range tab.Column(ColChunk).Ints {
		tab.Column(ColChunk).Ints[i] = 1<<40 + int64(i)
	}
	tab.Column(ColChunk).Ints[5] = 1<<40 + 1
	tab.Column(ColEntry).Ints[5] = 1
	path := writeTable(t, root, "s", tab)
	_, err := openSplit1(t, root, "s").Scenarios()
	wantErr(t, err, "appears twice", path+" row 1", path+" row 5")
}

func TestWrongTypeAndRange(t *testing.T) {
	root := t.TempDir()
	tab := keyTable(10)
	tab.AddStrings("o3_value1_position", make([]string, 10), nil, false)
	tab.AddInts("o3_value2_position", make([]int64, 10), nil)
	path := writeTable(t, root, "s", tab)
	_, err := openSplit1(t, root, "s").Positions()
	wantErr(t, err, path, "o3_value1_position", "want a number")

	tab = keyTable(10)
	tab.AddInts("o3_value1_position", []int64{0, 1, 2, 3, 4, 5, 6, 0, 9, 0}, nil)
	tab.AddInts("o3_value2_position", make([]int64, 10), nil)
	path = writeTable(t, root, "s", tab)
	_, err = openSplit1(t, root, "s").Positions()
	wantErr(t, err, path, "o3_value1_position", "row 8", "9 outside 0..6")

	// pandas writes nullable integers as doubles with NaN for missing.
	tab = keyTable(3)
	tab.Columns = append(tab.Columns, Column{Name: "o3_value1_position", Kind: Float64, Floats: []float64{1, math.NaN(), 6}},
		Column{Name: "o3_value2_position", Kind: Float64, Floats: []float64{0, 2, 3}})
	writeTable(t, root, "s", tab)
	if pos, err := openSplit1(t, root, "s").Positions(); err != nil || pos.Value1[0][1] != pipeline.NullPosition || pos.Value1[0][2] != 6 {
		t.Errorf("double positions with NaN: %v, %v", pos, err)
	}

	tab = keyTable(3)
	tab.AddFloats("o3_value1_position", []float64{1, 2.5, 3})
	tab.AddFloats("o3_value2_position", []float64{1, 2, 3})
	path = writeTable(t, root, "s", tab)
	_, err = openSplit1(t, root, "s").Positions()
	wantErr(t, err, path, "row 1", "2.5 is not an integer")

	tab = keyTable(3)
	tab.Column(ColNudge).Strings[2] = "sideways"
	path = writeTable(t, root, "s", tab)
	_, err = openSplit1(t, root, "s").Scenarios()
	wantErr(t, err, path, ColNudge, "row 2", "sideways")
}

func TestMissingColumn(t *testing.T) {
	root := t.TempDir()
	tab := keyTable(3)
	tab.Columns = tab.Columns[1:] // no chunk_index
	tab.AddInts("o3_value1_position", []int64{1, 2, 3}, nil)
	tab.AddInts("o3_value2_position", []int64{1, 2, 3}, nil)
	path := writeTable(t, root, "s", tab)
	sp := openSplit1(t, root, "s")
	_, err := sp.Scenarios()
	wantErr(t, err, path, `"chunk_index"`)
	if !errors.Is(err, ErrNoColumn) {
		t.Errorf("error %v is not ErrNoColumn", err)
	}
	_, err = sp.PositionsOf(t.Context(), []pipeline.ModelID{pipeline.Grok4})
	wantErr(t, err, "grok_4_value1_position", "o3")
	_, err = sp.ResponseTypes()
	wantErr(t, err, "_response_type")
}

func TestNullsEverywhere(t *testing.T) {
	root := t.TempDir()
	n := 7
	all := make([]bool, n)
	for i := range all {
		all[i] = true
	}
	tab := &Table{}
	tab.AddInts(ColChunk, make([]int64, n), all)
	tab.AddInts(ColEntry, make([]int64, n), all)
	tab.AddStrings(ColNudge, make([]string, n), all, true)
	tab.AddStrings(ColValue1, make([]string, n), all, false)
	tab.AddStrings(ColValue2, make([]string, n), all, false)
	tab.AddInts("o3_value1_position", make([]int64, n), all)
	tab.AddInts("o3_value2_position", make([]int64, n), all)
	tab.AddStrings("o3_response_type", make([]string, n), all, false)
	tab.AddStrings("o3_distinctive_values", make([]string, n), all, false)
	tab.AddStrings(ColTopics, make([]string, n), all, false)
	tab.AddStrings("extra_unknown_column", make([]string, n), all, false)
	writeTable(t, root, "s", tab)
	sp := openSplit1(t, root, "s")
	pos, err := sp.Positions()
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range pos.Value1[0] {
		if x != pipeline.NullPosition {
			t.Fatalf("null position read as %d", x)
		}
	}
	sc, err := sp.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	if sc.Chunk[0] != -1 || sc.Nudge[0] != "" || sc.Value1[0] != "" {
		t.Errorf("null scenario cells read as %d %q %q", sc.Chunk[0], sc.Nudge[0], sc.Value1[0])
	}
	rt, err := sp.ResponseTypes()
	if err != nil {
		t.Fatal(err)
	}
	if rt.Types[0][0] != pipeline.NoType || rt.Tags[0][0] {
		t.Errorf("null type/topics read as %v %v", rt.Types[0][0], rt.Tags[0][0])
	}
	vc, err := sp.ValueCounts()
	if err != nil {
		t.Fatal(err)
	}
	if vc.Rows[0][0] != nil {
		t.Errorf("null distinctive values read as %v", vc.Rows[0][0])
	}
	if info, _ := sp.Column("o3_value1_position"); info.Nulls != int64(n) {
		t.Errorf("footer null count %d, want %d", info.Nulls, n)
	}
}

func TestEmptySplit(t *testing.T) {
	root := t.TempDir()
	tab := keyTable(0)
	tab.AddPositions("o3_value1_position", nil)
	tab.AddPositions("o3_value2_position", nil)
	writeTable(t, root, "s", tab)
	sp := openSplit1(t, root, "s")
	pos, err := sp.Positions()
	if err != nil || pos.Rows != 0 || len(pos.Models) != 1 {
		t.Errorf("empty split positions: %+v, %v", pos, err)
	}
	if _, err := sp.Scenarios(); err != nil {
		t.Errorf("empty split scenarios: %v", err)
	}
	if rows, err := sp.Slice(0, -1, true); err != nil || len(rows) != 0 {
		t.Errorf("empty split rows: %v, %v", rows, err)
	}
}

func TestShardsMustAgree(t *testing.T) {
	root := t.TempDir()
	if _, err := WriteSplit(root, Default, "s", keyTable(4), WriteOptions{Shards: 2}); err != nil {
		t.Fatal(err)
	}
	other := keyTable(2)
	other.AddInts("surprise", []int64{1, 2}, nil)
	if err := WriteFile(ShardPath(root, Default, "s", 1, 2), other, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	_, err := Open(root)
	wantErr(t, err, "s-00001-of-00002.parquet", "surprise")
}

func TestColumnOrderAndExtrasDoNotMatter(t *testing.T) {
	root := t.TempDir()
	a := keyTable(3)
	a.AddInts("o3_value1_position", []int64{1, 2, 3}, nil)
	a.AddInts("o3_value2_position", []int64{4, 5, 6}, nil)
	a.AddStrings("notes", []string{"a", "b", "c"}, nil, false)
	b := &Table{Columns: append([]Column(nil), a.Columns...)}
	for i, j := 0, len(b.Columns)-1; i < j; i, j = i+1, j-1 {
		b.Columns[i], b.Columns[j] = b.Columns[j], b.Columns[i]
	}
	WriteFile(ShardPath(root, Default, "s", 0, 2), a, WriteOptions{})
	WriteFile(ShardPath(root, Default, "s", 1, 2), b, WriteOptions{})
	pos, err := openSplit1(t, root, "s").Positions()
	if err != nil {
		t.Fatal(err)
	}
	if pos.Rows != 6 || pos.Value2[0][5] != 6 || pos.Value1[0][3] != 1 {
		t.Errorf("positions across reordered shards: %+v", pos)
	}
}

// Random corruption of a file's bytes gives errors, never a panic.
func TestCorruptionNeverPanics(t *testing.T) {
	sc, pos, queries, resp := smallSplit(200)
	tab, err := SplitTable(sc, pos, queries, resp)
	if err != nil {
		t.Fatal(err)
	}
	tab.Columns[2].Dict = true
	root := t.TempDir()
	paths, err := WriteSplit(root, Default, "s", tab, WriteOptions{RowGroupRows: 50})
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := os.ReadFile(paths[0])
	rng := rand.New(rand.NewPCG(7, 7))
	readErrors := 0
	for trial := 0; trial < 150; trial++ {
		b := append([]byte(nil), orig...)
		for k := 0; k < 1+rng.IntN(8); k++ {
			b[rng.IntN(len(b))] = byte(rng.IntN(256))
		}
		os.WriteFile(paths[0], b, 0o644)
		ds, err := Open(root)
		if err != nil {
			continue
		}
		sp, err := ds.Split("s")
		if err != nil {
			continue
		}
		if _, err := sp.Positions(); err != nil {
			readErrors++
		}
		sp.Scenarios()
		sp.Queries()
		sp.Frame(0, -1)
	}
	if readErrors == 0 {
		t.Errorf("no corruption reached the position reader; the test exercises nothing")
	}
}
