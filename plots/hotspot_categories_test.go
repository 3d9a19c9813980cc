package plots

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
)

// Clause "a" is implicated on scenarios valued x-vs-y, high-D 30 times and
// low-D 10 times, and on x-vs-z scenarios 5 low-D times; "b" on 3 high-D
// x-vs-y ones (too few to colour). 100 high and 100 low scenarios in all.
func TestHotspotCategories(t *testing.T) {
	in := &analysis.HotspotInput{Clauses: []string{"a", "b"}, Evidence: "retrieved"}
	add := func(n int, d float64, v2 string, sides []int32) {
		for i := 0; i < n; i++ {
			in.Keys = append(in.Keys, pipeline.ScenarioKey{Chunk: int64(len(in.D))})
			in.D = append(in.D, d)
			in.Value1, in.Value2 = append(in.Value1, "x"), append(in.Value2, v2)
			in.Side1, in.Side2 = append(in.Side1, sides), append(in.Side2, nil)
		}
	}
	add(27, 2, "y", []int32{0})
	add(3, 2, "y", []int32{0, 1})
	add(10, 0.5, "y", []int32{0})
	add(5, 0.5, "z", []int32{0})
	add(70, 2, "w", nil)
	add(85, 0.5, "w", nil)
	res, err := analysis.Hotspots(in, analysis.HotspotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cats := []string{"X", "Y", "Z", "W"}
	cc, err := res.CategoryLift(in, cats, func(v string) int {
		return map[string]int{"x": 0, "y": 1, "z": 2, "w": -1}[v]
	})
	if err != nil {
		t.Fatal(err)
	}
	if cc.HighN[0][0] != 30 || cc.LowN[0][0] != 15 || cc.HighN[0][1] != 30 || cc.LowN[0][1] != 10 || cc.LowN[0][2] != 5 || cc.HighN[1][1] != 3 {
		t.Fatalf("counts high %v low %v", cc.HighN, cc.LowN)
	}
	if got := cc.Lift[0][1]; math.Abs(got-3) > 1e-12 { // (30/100)/(10/100)
		t.Errorf("lift of a under Y = %g, want 3", got)
	}
	f, err := HotspotCategories(cc, 0)
	if err != nil {
		t.Fatal(err)
	}
	tab, ok := f.Table(f.Title)
	if !ok {
		t.Fatal("no data table")
	}
	// b has no cell with 5 high-D scenarios: not drawn; W meets no drawn clause.
	if len(tab.Rows) != 1 || tab.Rows[0] != "a" || len(tab.Cols) != 3 {
		t.Fatalf("rows %v cols %v", tab.Rows, tab.Cols)
	}
	if v := tab.Values[0][1]; math.Abs(v-math.Log2(3)) > 1e-12 || !math.IsNaN(tab.Values[0][2]) {
		t.Errorf("cells %v: want log2 3 under Y and grey (too few high-D) under Z", tab.Values[0])
	}
	if err := f.Save(filepath.Join(t.TempDir(), "c.png")); err != nil {
		t.Fatal(err)
	}
	if _, err := res.CategoryLift(in, cats[:1], func(string) int { return 3 }); err == nil {
		t.Error("a category index outside the list accepted")
	}
}
