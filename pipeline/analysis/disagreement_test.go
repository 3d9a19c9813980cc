package analysis

import (
	"math"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

// twoRowPositions builds positions for the given models from value1/value2
// rows (one string of digits per model, '.' for null).
func positionsOf(models []pipeline.ModelID, v1, v2 []string) *pipeline.Positions {
	p := &pipeline.Positions{Rows: len(v1[0]), Models: models}
	conv := func(s string) []int8 {
		out := make([]int8, len(s))
		for i, c := range s {
			out[i] = pipeline.NullPosition
			if c != '.' {
				out[i] = int8(c - '0')
			}
		}
		return out
	}
	for i := range models {
		p.Value1 = append(p.Value1, conv(v1[i]))
		p.Value2 = append(p.Value2, conv(v2[i]))
	}
	return p
}

func TestDisagreementIsMaxOfPopulationSDs(t *testing.T) {
	ms := []pipeline.ModelID{"a", "b", "c"}
	set := pipeline.ModelSet{Name: "abc", Models: ms}
	// Row 0: value1 {0,3,6} (SD sqrt(6)), value2 all 3 (SD 0).
	// Row 1: value1 {1,1,.} (SD 0, two valid), value2 {0,6,.} (SD 3).
	// Row 2: value1 {2,.,.} (one valid: NaN), value2 {.,.,.}: D NaN.
	pos := positionsOf(ms, []string{"012", "31.", "6.."}, []string{"30.", "36.", "3.."})
	d, err := Disagreement(pos, set)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{math.Sqrt(6), 3, math.NaN()}
	for r, w := range want {
		if !closeTo(d.D[r], w, 1e-15) {
			t.Errorf("D[%d] = %v, want %v", r, d.D[r], w)
		}
	}
	if d.SD2[0] != 0 || d.Valid1[1] != 2 || d.Valid2[2] != 0 || !math.IsNaN(d.SD1[2]) {
		t.Errorf("per-value SDs/valid counts wrong: %+v", d)
	}
	s := d.Summary()
	if s.Valid != 2 || s.High != 2 || s.Bins[4].Count != 1 || s.Bins[3].Count != 1 {
		t.Errorf("summary = %+v", s)
	}
	// The paper's claim: D >= 1.5 implies some pair differs by >= 3.
	if !strings.Contains(s.String(), "D >= 1.5") || !strings.Contains(s.HTML(), "<table") {
		t.Errorf("summary does not render:\n%s", s)
	}
}

func TestMaximumDisagreementOfTwelveModelsIsThree(t *testing.T) {
	s := newSynth(1, 10)
	for m := range s.pos.Models {
		x := int8(0)
		if m%2 == 1 {
			x = 6
		}
		for r := range s.pos.Value1[m] {
			s.pos.Value1[m][r], s.pos.Value2[m][r] = x, 3
		}
	}
	d, err := Disagreement(s.pos, pipeline.AllModels)
	if err != nil {
		t.Fatal(err)
	}
	for r, v := range d.D {
		if v != 3 {
			t.Fatalf("D[%d] = %v, want 3", r, v)
		}
	}
}

func TestDisagreementBadInput(t *testing.T) {
	s := newSynth(1, 50)
	allNull := positionsOf([]pipeline.ModelID{"a", "b"}, []string{"..", ".."}, []string{"..", ".."})
	short := newSynth(1, 50).pos
	short.Value2[3] = short.Value2[3][:10]
	outOfRange := newSynth(1, 50).pos
	outOfRange.Value1[0][7] = 9
	cases := map[string]struct {
		pos *pipeline.Positions
		set pipeline.ModelSet
	}{
		"nil positions":    {nil, pipeline.AllModels},
		"empty set":        {s.pos, pipeline.ModelSet{Name: "none"}},
		"one model":        {s.pos, pipeline.ModelSet{Name: "one", Models: []pipeline.ModelID{pipeline.O3}}},
		"duplicate model":  {s.pos, pipeline.ModelSet{Name: "dup", Models: []pipeline.ModelID{pipeline.O3, pipeline.O3}}},
		"unknown model":    {s.pos, pipeline.ModelSet{Name: "x", Models: []pipeline.ModelID{pipeline.O3, "nope"}}},
		"all null":         {allNull, pipeline.ModelSet{Name: "ab", Models: []pipeline.ModelID{"a", "b"}}},
		"mismatched rows":  {short, pipeline.AllModels},
		"position outside": {outOfRange, pipeline.AllModels},
		"no rows":          {&pipeline.Positions{Models: []pipeline.ModelID{"a", "b"}, Value1: [][]int8{nil, nil}, Value2: [][]int8{nil, nil}}, pipeline.ModelSet{Models: []pipeline.ModelID{"a", "b"}}},
	}
	for name, c := range cases {
		if _, err := Disagreement(c.pos, c.set); err == nil {
			t.Errorf("%s: Disagreement gave no error", name)
		}
		if _, err := Outliers(c.pos, c.set, OutlierOptions{}); err == nil {
			t.Errorf("%s: Outliers gave no error", name)
		}
	}
	if _, err := Disagreement(s.pos, pipeline.AllModels); err != nil {
		t.Errorf("good input: %v", err)
	}
	if _, err := DisagreementWith(s.pos, pipeline.O3VsO4Mini, DisagreementOptions{MinValid: 3}); err == nil {
		t.Error("MinValid above the set size: no error")
	}
}

func TestGroupSummariesNeedMatchingScenarios(t *testing.T) {
	s := newSynth(2, 60)
	d, err := Disagreement(s.pos, pipeline.AllModels)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ByNudge(nil); err == nil {
		t.Error("nil scenarios: no error")
	}
	short := *s.sc
	short.Rows = 10
	if _, err := d.ByValuePair(&short); err == nil {
		t.Error("short scenarios: no error")
	}
	if _, err := d.ByCategory(s.sc, nil); err == nil {
		t.Error("empty category map: no error")
	}
	g, err := d.ByNudge(s.sc)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, x := range g.Groups {
		total += x.Rows
	}
	if len(g.Groups) != 3 || total != 60 {
		t.Errorf("by nudge: %d groups over %d rows, want 3 over 60", len(g.Groups), total)
	}
}

func TestOutliersFindThePlantedContrarian(t *testing.T) {
	// Row 0: eleven models at 0 and one at 6 on value1: only the twelfth is
	// an outlier. Row 1: two more at 6: each of the three still differs
	// by 6 from exactly 9 others, so all three are outliers.
	ms := pipeline.ModelIDs()
	v1 := make([]string, 12)
	v2 := make([]string, 12)
	for i := range ms {
		v1[i], v2[i] = "00", "33"
	}
	v1[11] = "66"
	v1[0], v1[1] = "06", "06"
	o, err := Outliers(positionsOf(ms, v1, v2), pipeline.AllModels, OutlierOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if o.Counts[11] != 2 || o.OutRows[11][0] != 0 {
		t.Errorf("grok outliers = %v, want rows 0 and 1", o.OutRows[11])
	}
	for m := 0; m < 11; m++ {
		want := 0
		if m < 2 {
			want = 1
		}
		if o.Counts[m] != want {
			t.Errorf("model %s: %d outliers, want %d", ms[m], o.Counts[m], want)
		}
	}
	// Demanding 10 of 11 leaves only row 0.
	o, err = Outliers(positionsOf(ms, v1, v2), pipeline.AllModels, OutlierOptions{MinOthers: 10})
	if err != nil {
		t.Fatal(err)
	}
	if o.Counts[11] != 1 {
		t.Errorf("with MinOthers 10: %d outliers, want 1", o.Counts[11])
	}
	if !strings.Contains(o.String(), "Grok 4") {
		t.Errorf("table lacks display names:\n%s", o)
	}
}

func TestSubsetSummaryHasOneRowPerSubset(t *testing.T) {
	s := newSynth(6, 300)
	tb, err := SubsetSummary(s.pos, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tb.Len() != 6 {
		t.Fatalf("%d rows, want 6", tb.Len())
	}
	high, _ := tb.Floats("high")
	d, _ := Disagreement(s.pos, pipeline.GPT41VsMini)
	if int(high[3]) != d.Summary().High {
		t.Errorf("gpt41_vs_mini high = %v, want %d", high[3], d.Summary().High)
	}
	if _, err := SubsetSummary(s.pos, []pipeline.ModelSet{{Name: "x", Models: []pipeline.ModelID{"nope", "o3"}}}); err == nil {
		t.Error("unknown model: no error")
	}
}
