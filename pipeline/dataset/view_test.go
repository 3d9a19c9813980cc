package dataset

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

func writeSmall(t *testing.T, n, rowGroup int) (*Split, *pipeline.Positions, []string) {
	t.Helper()
	sc, pos, queries, resp := smallSplit(n)
	tab, err := SplitTable(sc, pos, queries, resp)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if _, err := WriteSplit(root, Default, "all_models", tab, WriteOptions{Shards: 2, RowGroupRows: rowGroup}); err != nil {
		t.Fatal(err)
	}
	ds, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ds.Split("all_models")
	if err != nil {
		t.Fatal(err)
	}
	return sp, pos, queries
}

func TestFrameWindow(t *testing.T) {
	sp, pos, _ := writeSmall(t, 300, 40)
	df, err := sp.Frame(95, 205)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := df.Dims(); r != 110 {
		t.Fatalf("frame has %d rows, want 110", r)
	}
	for _, name := range df.Names() {
		if name == "query" || name == "response_o3" {
			t.Errorf("default frame includes long text column %s", name)
		}
	}
	col := df.Col("o3_value1_position")
	for i := 0; i < 110; i++ {
		want := pos.Value1[0][95+i]
		v := col.Elem(i)
		if want < 0 {
			if !v.IsNA() {
				t.Fatalf("row %d: null position shows as %v, want NaN", 95+i, v)
			}
			continue
		}
		if got, _ := v.Int(); got != int(want) {
			t.Fatalf("row %d: position %d, want %d", 95+i, got, want)
		}
	}
	if rank := df.Col("rank").Float(); rank[0] != 95 || math.IsNaN(rank[109]) || rank[109] != 204 {
		t.Errorf("rank column = %v..%v, want 95..204", rank[0], rank[109])
	}
	if _, err := sp.Frame(0, -1, "no_such_column"); err == nil || !strings.Contains(err.Error(), "no_such_column") {
		t.Errorf("Frame of a missing column: %v", err)
	}
}

func TestEachVisitsRowsInOrder(t *testing.T) {
	sp, pos, queries := writeSmall(t, 250, 33)
	next := 0
	err := sp.Each(true, func(r Row) bool {
		if r.Index != next {
			t.Fatalf("row index %d, want %d", r.Index, next)
		}
		v1, v2, ok := r.Position(pipeline.O3)
		if !ok || v1 != pos.Value1[0][next] || v2 != pos.Value2[0][next] {
			t.Fatalf("row %d: o3 positions %d,%d", next, v1, v2)
		}
		if r.Query != queries[next] || r.Response("future_model") == "" {
			t.Fatalf("row %d: text not read", next)
		}
		next++
		return next < 200
	})
	if err != nil {
		t.Fatal(err)
	}
	if next != 200 {
		t.Errorf("Each stopped after %d rows, want 200 (fn returned false)", next)
	}
	rows, err := sp.Slice(240, -1, false)
	if err != nil {
		t.Fatal(err)
	}
	last := pipeline.ScenarioKey{Chunk: 249 / 30, Entry: 249 / 3 % 10, Nudge: pipeline.Nudges()[249%3]}
	if len(rows) != 10 || rows[0].Query != "" || rows[9].Key != last {
		t.Errorf("Slice(240, -1) = %d rows, last key %v, want 10 rows ending %v", len(rows), rows[len(rows)-1].Key, last)
	}
}

func TestDatasetSummaries(t *testing.T) {
	sp, _, _ := writeSmall(t, 30, 10)
	ds, err := Open(filepath.Dir(filepath.Dir(sp.Shards[0].Path)))
	if err != nil {
		t.Fatal(err)
	}
	h := ds.HTML()
	if !strings.Contains(h, "<td>all_models</td><td>30</td><td>2</td>") {
		t.Errorf("HTML summary lacks the split row:\n%s", h)
	}
	txt := Describe(ds, true)
	for _, want := range []string{"config default", "all_models", "o3_value1_position", "int64", "models (2): o3, future_model"} {
		if !strings.Contains(txt, want) {
			t.Errorf("Describe lacks %q:\n%s", want, txt)
		}
	}
}
