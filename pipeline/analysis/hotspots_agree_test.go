package analysis

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"
)

// agreementInputs: retrieval sides from the planted scenarios, and cited
// sides that agree with retrieval on most scenarios, swap in another
// clause on some, cite nothing on some, and leave out some D values.
func agreementInputs(t *testing.T) (*HotspotInput, *HotspotInput) {
	in, _ := plantedScenarios(t, 3000, 11)
	rng := rand.New(rand.NewPCG(4, 4))
	cit := *in
	cit.Evidence = "cited"
	cit.Side1, cit.Side2 = make([][]int32, len(in.D)), make([][]int32, len(in.D))
	cit.D = append([]float64(nil), in.D...)
	nc := int32(len(in.Clauses))
	for r := range in.D {
		switch u := rng.Float64(); {
		case u < 0.1:
			continue // cites nothing
		case u < 0.15:
			cit.D[r] = math.NaN()
		case u < 0.35:
			cit.Side1[r] = []int32{rng.Int32N(nc)}
			cit.Side2[r] = []int32{rng.Int32N(nc), rng.Int32N(nc)}
		default:
			cit.Side1[r] = append([]int32(nil), in.Side2[r]...) // camps, not values: sides swap
			cit.Side2[r] = append([]int32(nil), in.Side1[r]...)
		}
	}
	return in, &cit
}

func TestCitationAgreementAgainstPandas(t *testing.T) {
	needPython(t)
	ret, cit := agreementInputs(t)
	a, err := CitationAgreement(ret, cit, 0)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	links := []string{"row,source,clause"}
	rows := []string{"row"}
	for r := range ret.D {
		if !math.IsNaN(ret.D[r]) && !math.IsNaN(cit.D[r]) {
			rows = append(rows, fmt.Sprint(r))
		}
		for name, in := range map[string]*HotspotInput{"retrieved": ret, "cited": cit} {
			for _, side := range [2][]int32{in.Side1[r], in.Side2[r]} {
				for _, c := range side {
					links = append(links, fmt.Sprintf("%d,%s,%s", r, name, in.Clauses[c]))
				}
			}
		}
	}
	writeFile(t, dir, "links.csv", links)
	writeFile(t, dir, "rows.csv", rows)
	cmd := exec.Command(refPython, "testdata/crosscheck/agreement.py", dir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("agreement.py: %v\n%s", err, stderr.String())
	}
	var ref struct {
		Scenarios, Hit int
		Jaccard        float64
		Clauses        map[string]map[string]int
	}
	if err := json.Unmarshal(out, &ref); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if a.Scenarios != ref.Scenarios || a.Hit != ref.Hit || math.Abs(a.Jaccard-ref.Jaccard) > 1e-12 {
		t.Errorf("scenarios %d hit %d jaccard %.15f; pandas %d %d %.15f", a.Scenarios, a.Hit, a.Jaccard, ref.Scenarios, ref.Hit, ref.Jaccard)
	}
	if len(a.Clauses) != len(ref.Clauses) {
		t.Errorf("%d clauses, pandas %d", len(a.Clauses), len(ref.Clauses))
	}
	for _, c := range a.Clauses {
		r := ref.Clauses[c.Clause]
		if c.Cited != r["cited"] || c.Retrieved != r["retrieved"] || c.Both != r["both"] {
			t.Errorf("%s: cited/retrieved/both %d/%d/%d, pandas %v", c.Clause, c.Cited, c.Retrieved, c.Both, r)
		}
		if c.Both > 0 && math.Abs(c.Precision-float64(c.Both)/float64(c.Retrieved)) > 1e-15 {
			t.Errorf("%s precision %v", c.Clause, c.Precision)
		}
	}
	if !(a.Chance < float64(a.Hit)/float64(a.Scenarios)) {
		t.Errorf("chance %.3f not below the hit rate %d/%d of mostly agreeing evidence", a.Chance, a.Hit, a.Scenarios)
	}
}

func TestCitationAgreementBadInput(t *testing.T) {
	ret, cit := agreementInputs(t)
	if _, err := CitationAgreement(cit, ret, 0); err == nil {
		t.Error("evidences swapped accepted")
	}
	short := *cit
	short.Keys = short.Keys[:10]
	if _, err := CitationAgreement(ret, &short, 0); err == nil {
		t.Error("inputs of different lengths accepted")
	}
	none := *cit
	none.Side1, none.Side2 = make([][]int32, len(cit.D)), make([][]int32, len(cit.D))
	if _, err := CitationAgreement(ret, &none, 0); err == nil || !strings.Contains(err.Error(), "no scenario") {
		t.Errorf("no citations: err = %v", err)
	}
}
