package simulate

import (
	"math"
	"sync"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

func generate(t *testing.T, cfg Config) *Data {
	t.Helper()
	d, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// defaultData is DefaultConfig's data and data30K the same configuration
// with 30,000 scenarios, each generated once per test binary: several tests
// read them, and none changes them.
func defaultData(t *testing.T) *Data {
	t.Helper()
	return shared(t, "default", DefaultConfig)
}

func data30K(t *testing.T) *Data {
	t.Helper()
	return shared(t, "30K", func() Config {
		cfg := DefaultConfig()
		cfg.Scenarios = 30000
		return cfg
	})
}

func shared(t *testing.T, name string, cfg func() Config) *Data {
	t.Helper()
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if d, ok := sharedData[name]; ok {
		return d
	}
	d := generate(t, cfg())
	sharedData[name] = d
	return d
}

var (
	sharedMu   sync.Mutex
	sharedData = map[string]*Data{}
)

// share returns, per model, the fraction of its distinctive-value mentions
// that fall on category name.
func share(d *Data, name string) map[pipeline.ModelID]float64 {
	c := pipeline.CategoryIndex(name)
	out := map[pipeline.ModelID]float64{}
	for m, id := range d.Values.Models {
		var hit, all float64
		for _, cats := range d.Values.Rows[m] {
			for _, x := range cats {
				all++
				if int(x) == c {
					hit++
				}
			}
		}
		out[id] = hit / all
	}
	return out
}

func providerMean(s map[pipeline.ModelID]float64, p pipeline.Provider) float64 {
	var sum, n float64
	for id, x := range s {
		if id.Provider() == p {
			sum += x
			n++
		}
	}
	return sum / n
}

func TestPlantedValueProfiles(t *testing.T) {
	d := defaultData(t)
	eth := share(d, "Ethical responsibility")
	if c, o := providerMean(eth, pipeline.Anthropic), providerMean(eth, pipeline.OpenAI); c <= o {
		t.Errorf("ethical responsibility: Claude share %.3f <= OpenAI %.3f", c, o)
	}
	eff := share(d, "Efficiency and resource optimization")
	if c, o := providerMean(eff, pipeline.Anthropic), providerMean(eff, pipeline.OpenAI); o <= c {
		t.Errorf("efficiency: OpenAI share %.3f <= Claude %.3f", o, c)
	}
	emo := share(d, "Emotional depth and authentic connection")
	for _, id := range []pipeline.ModelID{pipeline.Gemini25Pro, pipeline.Grok4} {
		for _, other := range []pipeline.ModelID{pipeline.O3, pipeline.ClaudeSonnet4, pipeline.GPT4o} {
			if emo[id] <= emo[other] {
				t.Errorf("emotional depth: %s share %.3f <= %s %.3f", id, emo[id], other, emo[other])
			}
		}
	}
}

// outliers counts, per model, rows where it differs by >= 4 points from at
// least 9 of the other 11 models on some value (PAPER.md section 7).
func outliers(d *Data) []int {
	p := d.Positions
	out := make([]int, len(p.Models))
	for r := 0; r < p.Rows; r++ {
		for m := range p.Models {
			for _, v := range [2][][]int8{p.Value1, p.Value2} {
				x := v[m][r]
				if x < 0 {
					continue
				}
				far := 0
				for o := range p.Models {
					if o != m && v[o][r] >= 0 && math.Abs(float64(x-v[o][r])) >= 4 {
						far++
					}
				}
				if far >= 9 {
					out[m]++
					break
				}
			}
		}
	}
	return out
}

func TestPlantedOutliers(t *testing.T) {
	d := data30K(t)
	n := outliers(d)
	count := map[pipeline.ModelID]int{}
	for m, id := range d.Positions.Models {
		count[id] = n[m]
	}
	t.Logf("outliers: %v", count)
	for id, c := range count {
		if id == pipeline.Grok4 || id == pipeline.Claude35Sonnet {
			continue
		}
		if c >= count[pipeline.Grok4] || c >= count[pipeline.Claude35Sonnet] {
			t.Errorf("%s has %d outliers, not fewer than Grok 4 (%d) and Claude 3.5 Sonnet (%d)", id, c, count[pipeline.Grok4], count[pipeline.Claude35Sonnet])
		}
	}
	if count[pipeline.Claude37Sonnet] >= count[pipeline.O3] {
		t.Errorf("Claude 3.7 Sonnet (%d) should have fewer outliers than o3 (%d)", count[pipeline.Claude37Sonnet], count[pipeline.O3])
	}
}

func TestPlantedNudgeEffect(t *testing.T) {
	d := defaultData(t)
	var sum, n [3]float64
	for r := 0; r < d.Positions.Rows; r++ {
		k := nudgeIndex(d.Scenarios.Nudge[r])
		for m := range d.Positions.Models {
			if x := d.Positions.Value1[m][r]; x >= 0 {
				sum[k] += float64(x)
				n[k]++
			}
		}
	}
	neutral, toward1, toward2 := sum[0]/n[0], sum[1]/n[1], sum[2]/n[2]
	if !(toward1 > neutral+0.5 && neutral > toward2+0.5) {
		t.Errorf("mean value-1 position: toward value1 %.2f, neutral %.2f, toward value2 %.2f; want clearly ordered", toward1, neutral, toward2)
	}
}

func TestHighDisagreementShareIsControllable(t *testing.T) {
	frac := func(h float64) float64 {
		cfg := DefaultConfig()
		cfg.Scenarios = 3000
		cfg.HighDisagreement = h
		d := generate(t, cfg)
		return float64(len(d.Splits["all_models"])) / float64(d.Positions.Rows)
	}
	low, def, high := frac(0), frac(0.12), frac(0.4)
	if !(low < 0.03 && def > 0.07 && def < 0.16 && high > 0.3) {
		t.Errorf("share of all_models rows at HighDisagreement 0 / 0.12 / 0.4 = %.3f / %.3f / %.3f", low, def, high)
	}
}

func TestPlantedJudges(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Scenarios = 30000
	cfg.JudgePerBin = 2000
	cfg.ProblemRate = [5]float64{0.35, 0.35, 0.35, 0.35, 0.35}
	d := generate(t, cfg)
	flags := make([]float64, 3)
	agree := make([]float64, 3) // pairs 01, 02, 12
	var pbar float64            // Fleiss: mean per-item agreement
	for _, j := range d.Judged {
		yes := 0.0
		for _, x := range j.Decisions {
			if x.Problematic() {
				yes++
			}
		}
		pbar += (yes*yes + (3-yes)*(3-yes) - 3) / 6
		var f [3]bool
		for k, x := range j.Decisions {
			f[k] = x.Problematic()
			if f[k] {
				flags[k]++
			}
		}
		for i, pr := range [3][2]int{{0, 1}, {0, 2}, {1, 2}} {
			if f[pr[0]] == f[pr[1]] {
				agree[i]++
			}
		}
	}
	n := float64(len(d.Judged))
	want := []float64{0.481, 0.355, 0.365}
	for k := range flags {
		if got := flags[k] / n; math.Abs(got-want[k]) > 0.025 {
			t.Errorf("judge %s flag rate %.3f, want %.3f", cfg.Judges[k].Name, got, want[k])
		}
	}
	for i := range agree {
		if a := agree[i] / n; a < 0.62 || a > 0.82 {
			t.Errorf("pairwise agreement %d = %.3f, want within 0.62..0.82", i, a)
		}
	}
	pooled := (flags[0] + flags[1] + flags[2]) / (3 * n)
	pe := pooled*pooled + (1-pooled)*(1-pooled)
	kappa := (pbar/n - pe) / (1 - pe)
	t.Logf("flag rates %.3f %.3f %.3f, agreement %.3f %.3f %.3f, Fleiss kappa %.3f",
		flags[0]/n, flags[1]/n, flags[2]/n, agree[0]/n, agree[1]/n, agree[2]/n, kappa)
	if kappa < 0.3 || kappa > 0.55 {
		t.Errorf("Fleiss kappa %.3f, want near the paper's 0.42 (0.3..0.55)", kappa)
	}
}

func TestPlantedRefusals(t *testing.T) {
	d := data30K(t)
	ty := d.Types
	grooming, chem := 4, 2
	for m, id := range ty.Models {
		var full, rows float64
		var refTopic, nTopic [8]float64
		var refNone, nNone float64
		for r := 0; r < ty.Rows; r++ {
			rows++
			x := ty.Types[m][r]
			if x == pipeline.FullCompliance {
				full++
			}
			tagged := false
			for t := range ty.Topics {
				if ty.Tags[t][r] {
					tagged = true
					nTopic[t]++
					if x.Refusal() {
						refTopic[t]++
					}
				}
			}
			if !tagged {
				nNone++
				if x.Refusal() {
					refNone++
				}
			}
		}
		if id == pipeline.Claude35Sonnet && full/rows >= 0.10 {
			t.Errorf("Claude 3.5 Sonnet full compliance %.3f, want < 0.10", full/rows)
		}
		for tp := range ty.Topics {
			if tp != grooming && refTopic[tp]/nTopic[tp] >= refTopic[grooming]/nTopic[grooming] {
				t.Errorf("%s refuses %q (%.2f) at least as often as child grooming (%.2f)", id, ty.Topics[tp], refTopic[tp]/nTopic[tp], refTopic[grooming]/nTopic[grooming])
			}
		}
		if refTopic[grooming]/nTopic[grooming] <= refNone/nNone {
			t.Errorf("%s: child grooming refusals not above untagged", id)
		}
		hardChem, hardOther := 0.0, 0.0
		var nOther float64
		for r := 0; r < ty.Rows; r++ {
			if ty.Types[m][r] != pipeline.CompleteRejection {
				continue
			}
			if ty.Tags[chem][r] {
				hardChem++
			} else {
				hardOther++
			}
		}
		nOther = rows - nTopic[chem]
		if id.Provider() == pipeline.OpenAI && hardChem/nTopic[chem] < 0.4 {
			t.Errorf("%s hard-refuses chemical weapons %.2f of the time, want >= 0.4", id, hardChem/nTopic[chem])
		}
		if hardChem/nTopic[chem] <= hardOther/nOther {
			t.Errorf("%s: complete rejections not more frequent on chemical weapons", id)
		}
	}
	// Claude models refuse most often (but mostly with explanations and
	// alternatives); Claude 4 Opus hard-refuses biology.
	refusal := map[pipeline.Provider][]float64{}
	for m, id := range ty.Models {
		var ref, soft float64
		for _, x := range ty.Types[m] {
			if x.Refusal() {
				ref++
				if x != pipeline.CompleteRejection {
					soft++
				}
			}
		}
		refusal[id.Provider()] = append(refusal[id.Provider()], ref/float64(ty.Rows))
		if id.Provider() == pipeline.Anthropic && soft/ref < 0.8 {
			t.Errorf("%s: only %.2f of refusals explain or offer alternatives", id, soft/ref)
		}
	}
	minClaude := 1.0
	for _, r := range refusal[pipeline.Anthropic] {
		minClaude = math.Min(minClaude, r)
	}
	for _, p := range []pipeline.Provider{pipeline.OpenAI, pipeline.Google, pipeline.XAI} {
		for _, r := range refusal[p] {
			if r >= minClaude {
				t.Errorf("a %s model refuses %.3f of the time, not less than every Claude model (min %.3f)", p, r, minClaude)
			}
		}
	}
	bio := 1
	opus := ty.Models[0]
	for m, id := range ty.Models {
		if id != pipeline.ClaudeOpus4 {
			continue
		}
		opus = id
		var hard, n float64
		for r := 0; r < ty.Rows; r++ {
			if ty.Tags[bio][r] {
				n++
				if ty.Types[m][r] == pipeline.CompleteRejection {
					hard++
				}
			}
		}
		if hard/n < 0.4 {
			t.Errorf("%s hard-refuses biological weapons %.2f of the time, want >= 0.4", opus, hard/n)
		}
	}
	// o3 gives the largest share of bare refusals among its refusals.
	bare := map[pipeline.ModelID]float64{}
	for m, id := range ty.Models {
		var hard, ref float64
		for _, x := range ty.Types[m] {
			if x.Refusal() {
				ref++
			}
			if x.HardRefusal() {
				hard++
			}
		}
		bare[id] = hard / ref
	}
	for id, b := range bare {
		if id != pipeline.O3 && b >= bare[pipeline.O3] {
			t.Errorf("%s bare-refusal share %.2f >= o3's %.2f", id, b, bare[pipeline.O3])
		}
	}
}
