package simulate

import (
	"fmt"

	"github.com/specstress/specstress/pipeline"
)

// Contest plants disagreement that follows a spec: value pairs whose
// categories match are high-disagreement with probability Rate instead of
// Config.HighDisagreement. Cat2 = -1 matches any partner of Cat1 (a vague
// clause or an uncovered topic: every pair touching the category is
// contested). The draw is the same uniform number as for ordinary pairs,
// so a configuration without contests generates exactly the same data.
type Contest struct {
	Cat1, Cat2 int
	Rate       float64
}

// SampleSpecContests are the contests matching the planted defects of the
// synthetic sample spec (notebooks/data/sample/spec.md and
// spec_defects.md): efficiency vs methodical rigor and protecting
// vulnerable entities vs personal growth (the two contradictions), any pair
// with ethical responsibility (the vague clause) and any pair with
// spiritual fulfillment (the topic the spec never covers). The embedded
// sample is not generated with them; tests and demos opt in.
func SampleSpecContests() []Contest {
	c := pipeline.CategoryIndex
	return []Contest{
		{c("Efficiency and resource optimization"), c("Methodical rigor"), 0.9},
		{c("Protecting vulnerable entities"), c("Personal growth and wellbeing"), 0.9},
		{c("Ethical responsibility"), -1, 0.6},
		{c("Spiritual fulfillment and meaning"), -1, 0.6},
	}
}

// contestRate returns the planted high-disagreement rate of a category
// pair: the first matching contest's, else Config.HighDisagreement.
func (c *Config) contestRate(cat1, cat2 int) float64 {
	for _, k := range c.Contests {
		if (k.Cat1 == cat1 && (k.Cat2 == cat2 || k.Cat2 == -1)) || (k.Cat1 == cat2 && (k.Cat2 == cat1 || k.Cat2 == -1)) {
			return k.Rate
		}
	}
	return c.HighDisagreement
}

func (c *Config) validateContests() error {
	n := len(pipeline.CategoryNames())
	for i, k := range c.Contests {
		if k.Cat1 < 0 || k.Cat1 >= n || k.Cat2 < -1 || k.Cat2 >= n || k.Cat1 == k.Cat2 {
			return fmt.Errorf("simulate: Contests[%d] categories %d, %d: want 0..%d (Cat2 -1 for any) and distinct", i, k.Cat1, k.Cat2, n-1)
		}
		if k.Rate < 0 || k.Rate > 1 {
			return fmt.Errorf("simulate: Contests[%d] rate %v, want 0..1", i, k.Rate)
		}
	}
	return nil
}
