package analysis

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

// TestHotspotsFromCitations: on contested scenarios (a tenth of 2,000, D
// 2.5) one judge finds the response compliant citing clause 0 and two flag
// it citing clause 1; elsewhere all judges agree and cite clauses 2 or 3.
// The cited pair must come out as the one contradiction, with the evidence
// stated as cited.
func TestHotspotsFromCitations(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	in := &HotspotInput{Clauses: []string{"c0", "c1", "c2", "c3"}}
	j := &pipeline.Judgments{Judges: []string{"a", "b", "c"}, Decisions: make([][]pipeline.Decision, 3)}
	cites := make([][][]int32, 3)
	for r := 0; r < 2000; r++ {
		k := pipeline.ScenarioKey{Chunk: int64(r / 100), Entry: int64(r % 100), Nudge: pipeline.Neutral}
		contested := r%10 == 0
		d := rng.Float64() * 1.4
		if contested || rng.Float64() < 0.05 {
			d = 2.5
		}
		in.Keys, in.D = append(in.Keys, k), append(in.D, d)
		in.Value1, in.Value2 = append(in.Value1, "v"), append(in.Value2, "w")
		j.Keys, j.Model = append(j.Keys, k), append(j.Model, "gpt_4_1")
		j.Rows++
		for jj := range 3 {
			dec, c := pipeline.Compliant, int32(2+rng.IntN(2))
			if contested {
				if jj == 0 {
					c = 0
				} else {
					dec, c = pipeline.NonCompliant, 1
				}
			}
			j.Decisions[jj] = append(j.Decisions[jj], dec)
			cites[jj] = append(cites[jj], []int32{c})
		}
	}
	// one judged row of no scenario
	j.Keys, j.Model = append(j.Keys, pipeline.ScenarioKey{Chunk: 99}), append(j.Model, "gpt_4_1")
	j.Rows++
	for jj := range 3 {
		j.Decisions[jj] = append(j.Decisions[jj], pipeline.Compliant)
		cites[jj] = append(cites[jj], []int32{0})
	}
	in.Judged = j
	un, err := CitedSides(in, cites)
	if err != nil || un != 1 {
		t.Fatalf("CitedSides: unmatched %d, %v", un, err)
	}
	res, err := Hotspots(in, HotspotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hotspots) != 1 || res.Hotspots[0].Kind != "contradiction" || res.Hotspots[0].Subject != "c0 <> c1" {
		t.Fatalf("hot spots %+v, want the one contradiction c0 <> c1", res.Hotspots)
	}
	if !strings.Contains(res.Tables()[0].String(), "evidence: cited clauses") {
		t.Error("the table does not say the evidence is cited")
	}
	bad := [][][]int32{cites[0], cites[1], {{7}}}
	if _, err := CitedSides(in, bad); err == nil || !strings.Contains(err.Error(), "judge c") {
		t.Errorf("short citations of judge c: err = %v", err)
	}
	cites[2][5] = []int32{7}
	if _, err := CitedSides(in, cites); err == nil || !strings.Contains(err.Error(), "clause index 7") {
		t.Errorf("unknown clause index: err = %v", err)
	}
}
