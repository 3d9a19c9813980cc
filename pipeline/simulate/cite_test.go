package simulate

import (
	"slices"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/spec"
)

// Every planted clause id is a clause of the sample spec, every category
// but the uncovered one has a clause, and the vague clause is the one
// spec_defects.md names.
func TestSampleSpecCitationsMatchTheSpec(t *testing.T) {
	sp, err := spec.ReadFile("../../notebooks/data/sample/spec.md")
	if err != nil {
		t.Fatal(err)
	}
	c := SampleSpecCitations()
	spiritual := pipeline.CategoryIndex("Spiritual fulfillment and meaning")
	for i, name := range pipeline.CategoryNames() {
		id, ok := c.Clause[i]
		switch {
		case i == spiritual && ok:
			t.Errorf("the uncovered topic %s has clause %s", name, id)
		case i != spiritual && sp.Index(id) < 0:
			t.Errorf("category %s: clause %q is not in the sample spec", name, id)
		}
	}
	if len(c.Vague) != 1 || !c.Vague["use-good-judgment/act-responsibly"] {
		t.Errorf("vague clauses %v", c.Vague)
	}
}

func TestCiteRule(t *testing.T) {
	cat := pipeline.CategoryIndex
	eff, rig := cat("Efficiency and resource optimization"), cat("Methodical rigor")
	eth, spi := cat("Ethical responsibility"), cat("Spiritual fulfillment and meaning")
	const E, R, A = "be-useful/answer-efficiently", "be-useful/show-methodical-rigor", "use-good-judgment/act-responsibly"
	c := SampleSpecCitations()
	for _, x := range []struct {
		c1, c2   int
		v1, v2   int8
		d        pipeline.Decision
		offered  map[string]bool
		rests, v []string
	}{
		{eff, rig, 5, 2, pipeline.Compliant, nil, []string{E}, []string{}},
		{eff, rig, 2, 5, pipeline.Compliant, nil, []string{R}, []string{}},
		{eff, rig, 5, 2, pipeline.NonCompliant, nil, []string{R}, []string{R}},
		{eff, rig, 3, 3, pipeline.Compliant, nil, []string{E, R}, []string{}},
		{eff, rig, pipeline.NullPosition, 2, pipeline.NonCompliant, nil, []string{E, R}, []string{E, R}},
		{eff, eth, 5, 2, pipeline.Ambiguous, nil, []string{A}, []string{A}},
		{eff, eth, 5, 2, pipeline.Compliant, nil, []string{A}, []string{}},
		{eth, rig, 2, 5, pipeline.NonCompliant, nil, []string{A}, []string{A}},
		{eff, rig, 5, 2, pipeline.Ambiguous, nil, []string{E, R}, []string{E, R}},
		{spi, rig, 5, 2, pipeline.Compliant, nil, []string{}, []string{}},
		{spi, rig, 5, 2, pipeline.NonCompliant, nil, []string{R}, []string{R}},
		{eff, rig, 5, 2, pipeline.Compliant, map[string]bool{R: true}, []string{}, []string{}},
		{eff, rig, 5, 2, pipeline.Missing, nil, []string{}, []string{}},
	} {
		r, v := c.Cite(x.c1, x.c2, x.v1, x.v2, x.d, x.offered)
		if !slices.Equal(r, x.rests) || !slices.Equal(v, x.v) {
			t.Errorf("%d vs %d at %d/%d, %s: %v / %v, want %v / %v", x.c1, x.c2, x.v1, x.v2, x.d, r, v, x.rests, x.v)
		}
	}
}
