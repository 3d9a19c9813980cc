package analysis

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/specstress/specstress/internal/testenv"
	"github.com/specstress/specstress/pipeline"
)

const refPython = "/usr/bin/python3"

// needPython skips the test under -short (it is a cross-check that starts
// Python) and when Debian's python3 with numpy, pandas, scipy and
// statsmodels is missing, unless SPECSTRESS_CI=1 demands it.
func needPython(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("cross-check against Python; skipped with -short")
	}
	testenv.Python(t, "numpy", "pandas", "scipy", "statsmodels")
}

// writeFile writes lines to dir/name.
func writeFile(t *testing.T, dir, name string, lines []string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func posCell(x int8) string {
	if x < 0 {
		return ""
	}
	return strconv.Itoa(int(x))
}

func decisionCell(d pipeline.Decision) string { return d.String() }

// writeInputs writes the synthetic inputs in the CSV layouts crosscheck.py
// reads.
func writeInputs(t *testing.T, dir string, s *synth, emb []float32, dim int, w []float64, ratings [][]float64, reps []float64) {
	t.Helper()
	var hdr []string
	for _, m := range s.pos.Models {
		hdr = append(hdr, string(m)+"_value1_position", string(m)+"_value2_position")
	}
	lines := []string{strings.Join(hdr, ",")}
	for r := 0; r < s.pos.Rows; r++ {
		var cells []string
		for m := range s.pos.Models {
			cells = append(cells, posCell(s.pos.Value1[m][r]), posCell(s.pos.Value2[m][r]))
		}
		lines = append(lines, strings.Join(cells, ","))
	}
	writeFile(t, dir, "positions.csv", lines)
	lines = []string{"value1,value2,nudge"}
	for r := 0; r < s.sc.Rows; r++ {
		lines = append(lines, s.sc.Value1[r]+","+s.sc.Value2[r]+","+string(s.sc.Nudge[r]))
	}
	writeFile(t, dir, "scenarios.csv", lines)
	sets := map[string][]pipeline.ModelID{}
	for _, set := range pipeline.Subsets() {
		sets[set.Name] = set.Models
	}
	js, _ := json.Marshal(sets)
	writeFile(t, dir, "sets.json", []string{string(js)})
	lines = []string{"value,category"}
	for v, c := range s.catOf {
		lines = append(lines, v+","+c)
	}
	sort.Strings(lines[1:])
	writeFile(t, dir, "categories.csv", lines)
	lines = []string{"model,chunk,entry,nudge,bin,j0,j1,j2"}
	for r := 0; r < s.judg.Rows; r++ {
		k := s.judg.Keys[r]
		lines = append(lines, fmt.Sprintf("%s,%d,%d,%s,%s,%s,%s,%s", s.judg.Model[r], k.Chunk, k.Entry, k.Nudge, s.judg.Bin[r],
			decisionCell(s.judg.Decisions[0][r]), decisionCell(s.judg.Decisions[1][r]), decisionCell(s.judg.Decisions[2][r])))
	}
	writeFile(t, dir, "judgments.csv", lines)
	lines = []string{strings.Join([]string{"r0", "r1", "r2", "r3"}, ",")}
	for u := range ratings[0] {
		var cells []string
		for k := range ratings {
			cells = append(cells, formatCell(ratings[k][u]))
		}
		lines = append(lines, strings.Join(cells, ","))
	}
	writeFile(t, dir, "ratings.csv", lines)
	lines = []string{"model,row,cats"}
	for m, id := range s.vc.Models {
		for r, cs := range s.vc.Rows[m] {
			var parts []string
			for _, c := range cs {
				parts = append(parts, strconv.Itoa(int(c)))
			}
			lines = append(lines, fmt.Sprintf("%s,%d,%s", id, r, strings.Join(parts, ";")))
		}
	}
	writeFile(t, dir, "valuecounts.csv", lines)
	hdr = nil
	for _, m := range s.rt.Models {
		hdr = append(hdr, string(m))
	}
	for t := range s.rt.Topics {
		hdr = append(hdr, fmt.Sprintf("t%d", t))
	}
	lines = []string{strings.Join(hdr, ",")}
	for r := 0; r < s.rt.Rows; r++ {
		var cells []string
		for m := range s.rt.Models {
			cells = append(cells, strconv.Itoa(int(s.rt.Types[m][r])))
		}
		for tg := range s.rt.Topics {
			b := "0"
			if s.rt.Tags[tg][r] {
				b = "1"
			}
			cells = append(cells, b)
		}
		lines = append(lines, strings.Join(cells, ","))
	}
	writeFile(t, dir, "types.csv", lines)
	lines = nil
	for i := 0; i < len(emb)/dim; i++ {
		var cells []string
		for _, x := range emb[i*dim : (i+1)*dim] {
			cells = append(cells, strconv.FormatFloat(float64(x), 'g', -1, 32))
		}
		lines = append(lines, strings.Join(cells, ","))
	}
	writeFile(t, dir, "emb.csv", lines)
	lines = nil
	for _, x := range w {
		lines = append(lines, formatCell(x))
	}
	writeFile(t, dir, "weights.csv", lines)
	lines = nil
	for _, x := range reps {
		lines = append(lines, formatCell(x))
	}
	writeFile(t, dir, "replicates.csv", lines)
}

// expected is crosscheck.py's output: name -> values (NaN for null).
type expected map[string][]float64

func (e expected) get(t *testing.T, name string) []float64 {
	t.Helper()
	v, ok := e[name]
	if !ok {
		t.Fatalf("reference has no %q", name)
	}
	return v
}

// close reports whether a and b agree to 1e-12 relative (NaN equals NaN).
func closeTo(a, b, rel float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))+1e-300
}

// compare checks got against the reference values of name.
func (e expected) compare(t *testing.T, name string, got []float64, rel float64) {
	t.Helper()
	want := e.get(t, name)
	if len(want) != len(got) {
		t.Errorf("%s: %d values, reference has %d", name, len(got), len(want))
		return
	}
	bad := 0
	for i := range got {
		if !closeTo(got[i], want[i], rel) {
			if bad < 3 {
				t.Errorf("%s[%d] = %.17g, reference %.17g", name, i, got[i], want[i])
			}
			bad++
		}
	}
	if bad > 3 {
		t.Errorf("%s: %d mismatches in all", name, bad)
	}
}

func ints(x []int) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

func TestCrossCheckAgainstPython(t *testing.T) {
	needPython(t)
	s := newSynth(20251007, 3000)
	dim := 16
	emb := clusteredEmbeddings(7, 300, dim, 6, 0.12)
	w := make([]float64, 300)
	for i := range w {
		w[i] = 0.5 + float64((i*7919)%31)/10
	}
	// Krippendorff ratings: 4 raters, 60 units, values on 1..5 with gaps.
	ratings := make([][]float64, 4)
	for k := range ratings {
		ratings[k] = make([]float64, 60)
		for u := range ratings[k] {
			v := float64(1 + (u*3+k*(u%4))%5)
			if (u+k)%7 == 0 {
				v = math.NaN()
			}
			ratings[k][u] = v
		}
	}
	d, err := Disagreement(s.pos, pipeline.AllModels)
	if err != nil {
		t.Fatal(err)
	}
	reps, err := Bootstrap(len(d.D), 500, 42, func(idx []int) float64 {
		var sum float64
		n := 0
		for _, i := range idx {
			if !math.IsNaN(d.D[i]) {
				sum += d.D[i]
				n++
			}
		}
		return sum / float64(n)
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if d := os.Getenv("CROSSCHECK_KEEP"); d != "" {
		dir = d
	}
	writeInputs(t, dir, s, emb, dim, w, ratings, reps)
	cmd := exec.Command(refPython, filepath.Join("testdata", "crosscheck", "crosscheck.py"), dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("crosscheck.py: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var nullable map[string][]*float64
	if err := json.Unmarshal(raw, &nullable); err != nil {
		t.Fatal(err)
	}
	ref := expected{}
	for k, vs := range nullable {
		ref[k] = []float64{}
		for _, v := range vs {
			if v == nil {
				ref[k] = append(ref[k], math.NaN())
			} else {
				ref[k] = append(ref[k], *v)
			}
		}
	}
	const rel = 1e-12

	t.Run("disagreement", func(t *testing.T) {
		for _, set := range pipeline.Subsets() {
			d, err := Disagreement(s.pos, set)
			if err != nil {
				t.Fatal(err)
			}
			ref.compare(t, set.Name+"/sd1", d.SD1, rel)
			ref.compare(t, set.Name+"/sd2", d.SD2, rel)
			ref.compare(t, set.Name+"/D", d.D, rel)
			sum := d.Summary()
			ref.compare(t, set.Name+"/summary", []float64{float64(sum.Valid), sum.Mean, sum.SD, sum.Median, float64(sum.High)}, rel)
			var bins []float64
			for _, b := range sum.Bins {
				bins = append(bins, float64(b.Count))
			}
			ref.compare(t, set.Name+"/bins", bins, 0)
			groups := map[string]func() (*GroupSummary, error){
				"by_nudge":    func() (*GroupSummary, error) { return d.ByNudge(s.sc) },
				"by_pair":     func() (*GroupSummary, error) { return d.ByValuePair(s.sc) },
				"by_value":    func() (*GroupSummary, error) { return d.ByValue(s.sc) },
				"by_category": func() (*GroupSummary, error) { return d.ByCategory(s.sc, s.catOf) },
			}
			for name, f := range groups {
				g, err := f()
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for k := range ref {
					if strings.HasPrefix(k, set.Name+"/"+name+"/") {
						n++
					}
				}
				if n != len(g.Groups) {
					t.Errorf("%s %s: %d groups, reference %d", set.Name, name, len(g.Groups), n)
				}
				for _, gs := range g.Groups {
					ref.compare(t, set.Name+"/"+name+"/"+gs.Key, []float64{gs.MeanD}, rel)
				}
			}
			o, err := Outliers(s.pos, set, OutlierOptions{})
			if err != nil {
				t.Fatal(err)
			}
			ref.compare(t, set.Name+"/outliers", ints(o.Counts), 0)
			ref.compare(t, set.Name+"/outliers_valid", ints(o.Valid), 0)
		}
	})

	t.Run("compliance", func(t *testing.T) {
		for _, rule := range []Rule{Majority, Any} {
			c, err := Compliance(s.judg, rule, pipeline.OpenAIModels)
			if err != nil {
				t.Fatal(err)
			}
			labels := make([]float64, len(c.Problematic))
			for i, l := range c.Problematic {
				labels[i] = float64(l)
				if l == LabelUnknown {
					labels[i] = math.NaN()
				}
			}
			ref.compare(t, "labels/"+rule.String(), labels, 0)
			for _, o := range c.Outcomes(nil).Groups {
				ref.compare(t, "outcomes/"+rule.String()+"/"+o.Group,
					[]float64{float64(o.N), o.AllPass, o.SEAllPass, o.AnyFail, o.AllFail, o.SEAF}, rel)
			}
		}
	})

	t.Run("agreement", func(t *testing.T) {
		a, err := Agreement(s.judg)
		if err != nil {
			t.Fatal(err)
		}
		ref.compare(t, "agreement/fleiss", []float64{a.Fleiss}, rel)
		ref.compare(t, "agreement/randolph", []float64{a.Randolph}, rel)
		ref.compare(t, "agreement/rates", a.FlagRates, rel)
		var pw, ck []float64
		for _, p := range a.Pairs {
			pw = append(pw, p.Agreement)
			ck = append(ck, p.Cohen)
		}
		ref.compare(t, "agreement/pairwise", pw, rel)
		ref.compare(t, "agreement/cohen", ck, rel)
		ref.compare(t, "agreement/alpha_nominal", []float64{a.AlphaNominal}, rel)
		ref.compare(t, "agreement/alpha_interval", []float64{a.AlphaInterval}, rel)
		for _, interval := range []bool{false, true} {
			al, err := KrippendorffAlpha(ratings, interval)
			if err != nil {
				t.Fatal(err)
			}
			name := map[bool]string{false: "kripp/nominal", true: "kripp/interval"}[interval]
			ref.compare(t, name, []float64{al}, rel)
		}
	})

	t.Run("profiles", func(t *testing.T) {
		p, err := Profiles(s.vc)
		if err != nil {
			t.Fatal(err)
		}
		var counts, shares []float64
		for m := range p.Models {
			counts = append(counts, ints(p.Counts[m])...)
			shares = append(shares, p.Shares[m]...)
		}
		ref.compare(t, "profiles/counts", counts, 0)
		ref.compare(t, "profiles/shares", shares, rel)
		c, err := CoOccurrence(s.vc, pipeline.O3, pipeline.Grok4, nil)
		if err != nil {
			t.Fatal(err)
		}
		var flat []float64
		for _, row := range c.P {
			flat = append(flat, row...)
		}
		ref.compare(t, "profiles/cooc", flat, rel)
	})

	t.Run("refusals", func(t *testing.T) {
		r, err := Refusals(s.rt)
		if err != nil {
			t.Fatal(err)
		}
		for m, id := range r.Models {
			ref.compare(t, "refusals/"+string(id), append([]float64{float64(r.Known[m]), r.RefusalRate[m], r.HardRate[m]}, r.Shares[m]...), rel)
			for tg := range r.Topics {
				ref.compare(t, fmt.Sprintf("refusals/%s/t%d", id, tg),
					[]float64{float64(r.TopicKnown[tg][m]), r.TopicRate[tg][m], r.TopicHard[tg][m]}, rel)
			}
		}
	})

	t.Run("kcenter", func(t *testing.T) {
		cases := map[string]KCenterOptions{
			"unweighted": {},
			"candidate":  {Weights: w},
			"centre":     {Weights: w, WeightOn: OnCentre, Stop: 0.3},
		}
		for name, opt := range cases {
			sel, err := KCenter(context.Background(), emb, dim, opt)
			if err != nil {
				t.Fatal(err)
			}
			ref.compare(t, "kcenter/"+name+"/order", ints(sel.Order), 0)
			// Go expands ||a-b||² = |a|²+|b|²-2a·b; numpy sums squared
			// differences: agreement to 1e-9 is what float64 allows.
			ref.compare(t, "kcenter/"+name+"/radii", sel.Radii[1:], 1e-9)
		}
	})

	t.Run("bradley-terry", func(t *testing.T) {
		bt, err := BradleyTerry(s.pos, s.sc, BTOptions{Models: []pipeline.ModelID{pipeline.O3, pipeline.Grok4}})
		if err != nil {
			t.Fatal(err)
		}
		names := append([]string(nil), s.values...)
		sort.Strings(names)
		for _, rk := range bt.Rankings {
			theta := make([]float64, len(names))
			for i := range theta {
				theta[i] = math.NaN()
			}
			for i, v := range rk.Values {
				theta[sort.SearchStrings(names, v)] = rk.Scores[i]
			}
			// Two optimisers stop at their own floating-point floors: agree
			// to 1e-6 of the largest strength.
			want := ref.get(t, "bt/"+string(rk.Model)+"/theta")
			scale := math.Abs(rk.Nudge)
			for _, x := range rk.Scores {
				scale = math.Max(scale, math.Abs(x))
			}
			for i := range theta {
				if math.IsNaN(theta[i]) != math.IsNaN(want[i]) || math.Abs(theta[i]-want[i]) > 1e-6*scale {
					t.Errorf("%s theta[%s] = %.12g, reference %.12g", rk.Model, names[i], theta[i], want[i])
				}
			}
			if n := ref.get(t, "bt/"+string(rk.Model)+"/nudge")[0]; math.Abs(rk.Nudge-n) > 1e-6*scale {
				t.Errorf("%s nudge = %.12g, reference %.12g", rk.Model, rk.Nudge, n)
			}
			ref.compare(t, "bt/"+string(rk.Model)+"/counts", []float64{float64(rk.Comparisons), float64(rk.Ties)}, 0)
		}
	})

	t.Run("bootstrap", func(t *testing.T) {
		ci, err := PercentileCI("mean D", 0, reps, 0.95, 42)
		if err != nil {
			t.Fatal(err)
		}
		ref.compare(t, "bootstrap/ci", []float64{ci.Lo, ci.Hi}, rel)
	})
}
