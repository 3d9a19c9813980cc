package analysis

import (
	"math"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

// The cluster bootstrap counts a value pair once however many scenarios it
// has: with every scenario tripled into one pair's three nudges, the log
// interval (which takes the copies for independent evidence) narrows by
// about sqrt(3), while the cluster-bootstrap interval stays exactly that of
// the scenarios alone, each its own cluster.
func TestLiftClusterBootstrapCountsPairsOnce(t *testing.T) {
	base, _ := plantedScenarios(t, 2000, 21)
	single := *base
	single.Keys = make([]pipeline.ScenarioKey, len(base.D))
	for r := range single.Keys {
		single.Keys[r] = pipeline.ScenarioKey{Chunk: int64(r), Entry: 0, Nudge: pipeline.Neutral}
	}
	single.Judged = nil
	var tri HotspotInput
	tri.Clauses, tri.Evidence = base.Clauses, base.Evidence
	for r := range base.D {
		for _, nd := range pipeline.Nudges() {
			tri.Keys = append(tri.Keys, pipeline.ScenarioKey{Chunk: int64(r), Entry: 0, Nudge: nd})
			tri.D = append(tri.D, base.D[r])
			tri.Value1, tri.Value2 = append(tri.Value1, base.Value1[r]), append(tri.Value2, base.Value2[r])
			tri.Side1, tri.Side2 = append(tri.Side1, base.Side1[r]), append(tri.Side2, base.Side2[r])
		}
	}
	opt := HotspotOptions{BootstrapReps: 400, BootstrapSeed: 7}
	a, err := Hotspots(&single, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Hotspots(&tri, opt)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for c := range a.ClauseStats {
		x, y := a.ClauseStats[c], b.ClauseStats[c]
		if x.HighN < 20 || x.LowN < 20 {
			continue
		}
		checked++
		if x.Lift != y.Lift || x.LiftBoot.Lo != y.LiftBoot.Lo || x.LiftBoot.Hi != y.LiftBoot.Hi {
			t.Errorf("%s: cluster bootstrap %v vs tripled %v: want the same interval", x.Clause, x.LiftBoot, y.LiftBoot)
		}
		wa := math.Log(x.LiftCI.Hi) - math.Log(x.LiftCI.Lo)
		wb := math.Log(y.LiftCI.Hi) - math.Log(y.LiftCI.Lo)
		if r := wa / wb; math.Abs(r-math.Sqrt(3)) > 0.1 {
			t.Errorf("%s: log interval width ratio %.3f, want about sqrt(3)", x.Clause, r)
		}
		// Independent scenarios: the bootstrap agrees with the log interval
		// to within a fifth of its width on the log scale.
		wc := math.Log(x.LiftBoot.Hi) - math.Log(x.LiftBoot.Lo)
		if math.Abs(wc-wa) > 0.2*wa || !(x.LiftBoot.Lo < x.Lift && x.Lift < x.LiftBoot.Hi) {
			t.Errorf("%s: bootstrap %v vs log %v on independent scenarios", x.Clause, x.LiftBoot, x.LiftCI)
		}
	}
	if checked < 5 {
		t.Fatalf("only %d clauses with enough counts", checked)
	}
	tab := b.Tables()[1]
	if tab.Columns[len(tab.Columns)-1] != "lift_cb_hi" {
		t.Errorf("clause table columns %v lack the bootstrap bounds", tab.Columns)
	}
	none, _ := Hotspots(&single, HotspotOptions{})
	if cols := none.Tables()[1].Columns; cols[len(cols)-1] == "lift_cb_hi" || none.ClauseStats[0].LiftBoot.Reps != 0 {
		t.Error("bootstrap columns without BootstrapReps")
	}
}
