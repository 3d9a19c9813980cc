package plots

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
)

// hotspotFixture: clause "a" sits on every high scenario (lift 10/1), "b"
// on every scenario (lift 1), "c" on none.
func hotspotFixture(t *testing.T) *analysis.HotspotResult {
	t.Helper()
	in := &analysis.HotspotInput{Clauses: []string{"a", "b", "c"}, Evidence: "retrieved"}
	for r := 0; r < 200; r++ {
		d, s1 := 0.5, []int32{1}
		if r%10 == 0 {
			d = 2
			s1 = []int32{0, 1}
		} else if r%10 == 1 {
			s1 = []int32{0, 1} // a few low ones so the lift is finite
		}
		in.D = append(in.D, d)
		in.Side1 = append(in.Side1, s1)
		in.Side2 = append(in.Side2, nil)
		in.Value1 = append(in.Value1, "v1")
		in.Value2 = append(in.Value2, "")
		in.Keys = append(in.Keys, pipeline.ScenarioKey{Chunk: int64(r)})
	}
	res, err := analysis.Hotspots(in, analysis.HotspotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestHotspotLift(t *testing.T) {
	f, err := HotspotLift(hotspotFixture(t), 0)
	if err != nil {
		t.Fatal(err)
	}
	tab, ok := f.Table("clause lift")
	if !ok {
		t.Fatal("no clause lift table")
	}
	// c is never implicated: left out. a first (lift 20/180 ... = 9), then b (1).
	if len(tab.Cols) != 2 || tab.Cols[0] != "a" || tab.Cols[1] != "b" {
		t.Fatalf("cols %v, want [a b]", tab.Cols)
	}
	if got := tab.Values[0][0]; math.Abs(got-(20.0/20)/(20.0/180)) > 1e-12 {
		t.Errorf("lift of a = %g, want 9", got)
	}
	if tab.Values[0][1] != 1 || !(tab.Values[1][0] > 1) {
		t.Errorf("lift of b %g, lower bound of a %g", tab.Values[0][1], tab.Values[1][0])
	}
	path := filepath.Join(t.TempDir(), "lift.png")
	if err := f.Save(path); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Error("not a PNG")
	}
	if _, err := HotspotLift(nil, 0); err == nil {
		t.Error("nil result accepted")
	}
}
