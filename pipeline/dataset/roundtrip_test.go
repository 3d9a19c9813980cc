package dataset

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

// smallSplit builds a default-config table of n rows for two models with
// nulls sprinkled in, from a fixed seed.
func smallSplit(n int) (*pipeline.Scenarios, *pipeline.Positions, []string, map[pipeline.ModelID][]string) {
	rng := rand.New(rand.NewPCG(1, 2))
	sc := &pipeline.Scenarios{Rows: n}
	models := []pipeline.ModelID{pipeline.O3, "future_model"}
	pos := &pipeline.Positions{Rows: n, Models: models}
	queries := make([]string, n)
	resp := map[pipeline.ModelID][]string{}
	for range models {
		pos.Value1 = append(pos.Value1, make([]int8, n))
		pos.Value2 = append(pos.Value2, make([]int8, n))
	}
	for _, m := range models {
		resp[m] = make([]string, n)
	}
	for r := 0; r < n; r++ {
		sc.Rank = append(sc.Rank, int64(r))
		sc.Generator = append(sc.Generator, []string{"o3", "claude"}[r%2])
		sc.Value1 = append(sc.Value1, fmt.Sprintf("value %d", r%7))
		sc.Value2 = append(sc.Value2, fmt.Sprintf("other %d", r%5))
		sc.Nudge = append(sc.Nudge, pipeline.Nudges()[r%3])
		sc.Chunk = append(sc.Chunk, int64(r/3/10))
		sc.Entry = append(sc.Entry, int64(r/3%10))
		queries[r] = fmt.Sprintf("[synthetic] query %d", r)
		for m := range models {
			pos.Value1[m][r] = int8(rng.IntN(8)) - 1
			pos.Value2[m][r] = int8(rng.IntN(8)) - 1
			resp[models[m]][r] = fmt.Sprintf("[synthetic] answer %d of %s", r, models[m])
		}
	}
	return sc, pos, queries, resp
}

func TestWriteReadRoundTrip(t *testing.T) {
	const n = 1000
	sc, pos, queries, resp := smallSplit(n)
	tab, err := SplitTable(sc, pos, queries, resp)
	if err != nil {
		t.Fatal(err)
	}
	tab.AddFloats("max_pop_std_openai", []float64{})
	tab.Columns = tab.Columns[:len(tab.Columns)-1]
	root := t.TempDir()
	paths, err := WriteSplit(root, Default, "all_models", tab, WriteOptions{Shards: 3, RowGroupRows: 97})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 3 {
		t.Fatalf("wrote %d shards, want 3", len(paths))
	}
	ds, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ds.Split("all_models")
	if err != nil {
		t.Fatal(err)
	}
	if sp.Rows != n || len(sp.Shards) != 3 {
		t.Fatalf("split has %d rows in %d shards, want %d in 3", sp.Rows, len(sp.Shards), n)
	}
	if !reflect.DeepEqual(sp.Models, []pipeline.ModelID{pipeline.O3, "future_model"}) {
		t.Errorf("models = %v", sp.Models)
	}
	got, err := sp.Positions()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, pos) {
		t.Errorf("positions differ after round trip")
	}
	gsc, err := sp.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gsc, sc) {
		t.Errorf("scenarios differ after round trip")
	}
	q, err := sp.Queries()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(q, queries) {
		t.Errorf("queries differ")
	}
	r, err := sp.Responses("future_model")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r, resp["future_model"]) {
		t.Errorf("responses differ")
	}
	info, _ := sp.Column("o3_value1_position")
	var nulls int64
	for _, x := range pos.Value1[0] {
		if x < 0 {
			nulls++
		}
	}
	if info.Nulls != nulls || info.Type != "int64" {
		t.Errorf("footer info %+v, want %d nulls of int64", info, nulls)
	}
}

func TestFloatsNullIsNaN(t *testing.T) {
	tab := &Table{}
	tab.AddFloats("x", []float64{1.5, math.NaN(), 3})
	root := t.TempDir()
	if _, err := WriteSplit(root, JudgeEvaluations, "bin", tab, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	ds, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ds.Split("judge_evaluations/bin")
	if err != nil {
		t.Fatal(err)
	}
	f, err := sp.Floats("x")
	if err != nil {
		t.Fatal(err)
	}
	if f[0] != 1.5 || !math.IsNaN(f[1]) || f[2] != 3 {
		t.Errorf("floats = %v", f)
	}
}
