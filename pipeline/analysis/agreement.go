package analysis

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/specstress/specstress/pipeline"
)

// PairAgreement compares two judges on the binary problematic label.
type PairAgreement struct {
	A, B      string
	Agreement float64 // raw share of responses where both give the same label
	Cohen     float64 // Cohen's kappa of the 2x2 table
}

// AgreementResult is judge agreement on the binary problematic label
// (non-compliant or ambiguous = 1, compliant = 0). Everything but
// Krippendorff's alpha uses the responses every judge decided (N of them);
// alpha uses every response with at least two decisions.
type AgreementResult struct {
	Judges        []string
	N             int
	Labels        [][]int8  // Labels[j][i]: judge j on complete response i (1 = problematic)
	FlagRates     []float64 // per judge, over the N complete responses
	Pairs         []PairAgreement
	MeanPairwise  float64 // mean raw pairwise agreement (Fleiss' observed agreement)
	PooledRate    float64 // share of problematic labels over all judges
	Chance        float64 // Fleiss' chance agreement p² + (1-p)²
	Fleiss        float64
	Randolph      float64
	AlphaNominal  float64
	AlphaInterval float64
	// Pooled says what the statistics were computed over: rows per bin
	// (bin_name) of the responses used, and the sample drawn if any.
	Pooled   []BinCountOf
	Complete int    // responses with a decision from every judge, before sampling
	Sample   int    // requested sample size (0: every complete response)
	Seed     uint64 // seed of the sample
}

// BinCountOf is the number of responses used from one bin.
type BinCountOf struct {
	Bin string
	N   int
}

// AgreementOptions tunes AgreementWith.
type AgreementOptions struct {
	// Sample, when > 0, draws that many responses uniformly at random
	// without replacement (seeded by Seed) from those every judge decided,
	// as the paper measured agreement on a random sample of 5,000
	// responses. Pooling every judge bin instead over-represents
	// high-disagreement scenarios, since the bins are of equal size.
	Sample int
	Seed   uint64
}

// Agreement measures agreement between the judges of j over every
// response every judge decided (all bins pooled).
func Agreement(j *pipeline.Judgments) (*AgreementResult, error) {
	return AgreementWith(j, AgreementOptions{})
}

// AgreementWith measures agreement between the judges of j, on a seeded
// random sample when opt.Sample > 0.
func AgreementWith(j *pipeline.Judgments, opt AgreementOptions) (*AgreementResult, error) {
	if err := checkJudgments(j); err != nil {
		return nil, fmt.Errorf("agreement: %w", err)
	}
	if opt.Sample < 0 {
		return nil, fmt.Errorf("agreement: sample size %d", opt.Sample)
	}
	var complete []int
	for r := 0; r < j.Rows; r++ {
		ok := true
		for k := range j.Decisions {
			ok = ok && j.Decisions[k][r] != pipeline.Missing
		}
		if ok {
			complete = append(complete, r)
		}
	}
	keep := make([]bool, j.Rows)
	for r := range keep {
		keep[r] = true
	}
	if opt.Sample > 0 {
		if opt.Sample > len(complete) {
			return nil, fmt.Errorf("agreement: sample of %d responses asked, but only %d have a decision from every judge", opt.Sample, len(complete))
		}
		for r := range keep {
			keep[r] = false
		}
		for _, i := range SampleRows(len(complete), opt.Sample, opt.Seed) {
			keep[complete[i]] = true
		}
	}
	res, err := agreementRows(j, keep)
	if err != nil {
		return nil, err
	}
	res.Complete, res.Sample, res.Seed = len(complete), opt.Sample, opt.Seed
	counts := map[string]int{}
	var order []string
	for r := 0; r < j.Rows; r++ {
		if !keep[r] {
			continue
		}
		complete := true
		for k := range j.Decisions {
			complete = complete && j.Decisions[k][r] != pipeline.Missing
		}
		if !complete {
			continue
		}
		b := "(no bin_name)"
		if j.Bin != nil {
			b = j.Bin[r]
		}
		if _, ok := counts[b]; !ok {
			order = append(order, b)
		}
		counts[b]++
	}
	sort.Strings(order)
	for _, b := range order {
		res.Pooled = append(res.Pooled, BinCountOf{b, counts[b]})
	}
	return res, nil
}

// Describe says what the statistics pooled: "N responses: bin a n1, bin b
// n2 (random sample of N of M, seed S)".
func (a *AgreementResult) Describe() string {
	var parts []string
	for _, p := range a.Pooled {
		parts = append(parts, fmt.Sprintf("%s %d", p.Bin, p.N))
	}
	s := fmt.Sprintf("%d responses pooled from %d bins (%s)", a.N, len(a.Pooled), strings.Join(parts, ", "))
	if a.Sample > 0 {
		s += fmt.Sprintf("; uniform random sample of %d of %d fully judged responses, seed %d", a.Sample, a.Complete, a.Seed)
	} else if len(a.Pooled) > 1 {
		s += "; every bin pooled: high-disagreement scenarios are over-represented (use a random sample, as the paper's 5,000)"
	}
	return s
}

// agreementRows measures agreement over the rows with keep[r].
func agreementRows(j *pipeline.Judgments, keep []bool) (*AgreementResult, error) {
	nj := len(j.Judges)
	if nj < 2 {
		return nil, fmt.Errorf("agreement: %d judge, need at least 2", nj)
	}
	res := &AgreementResult{Judges: j.Judges, Labels: make([][]int8, nj)}
	data := make([][]float64, nj) // for Krippendorff, NaN = missing
	for k := range data {
		data[k] = make([]float64, j.Rows)
	}
	for r := 0; r < j.Rows; r++ {
		if !keep[r] {
			for k := 0; k < nj; k++ {
				data[k][r] = math.NaN()
			}
			continue
		}
		complete := true
		for k := 0; k < nj; k++ {
			d := j.Decisions[k][r]
			switch {
			case d == pipeline.Missing:
				data[k][r] = math.NaN()
				complete = false
			case d.Problematic():
				data[k][r] = 1
			default:
				data[k][r] = 0
			}
		}
		if complete {
			for k := 0; k < nj; k++ {
				res.Labels[k] = append(res.Labels[k], int8(data[k][r]))
			}
		}
	}
	res.N = len(res.Labels[0])
	if res.N == 0 {
		return nil, fmt.Errorf("agreement: no response has a decision from all %d judges", nj)
	}
	if err := res.fromLabels(); err != nil {
		return nil, fmt.Errorf("agreement: %w", err)
	}
	var err error
	if res.AlphaNominal, err = KrippendorffAlpha(data, false); err != nil {
		res.AlphaNominal = math.NaN()
	}
	if res.AlphaInterval, err = KrippendorffAlpha(data, true); err != nil {
		res.AlphaInterval = math.NaN()
	}
	return res, nil
}

// fromLabels fills the statistics that depend only on complete labels.
// Degenerate cases (one label everywhere) give NaN kappas, not errors.
func (a *AgreementResult) fromLabels() error {
	nj, n := len(a.Labels), a.N
	a.FlagRates = make([]float64, nj)
	a.Pairs = a.Pairs[:0]
	table := make([][]float64, n)
	var flagged int
	for i := 0; i < n; i++ {
		ones := 0.0
		for k := 0; k < nj; k++ {
			ones += float64(a.Labels[k][i])
		}
		table[i] = []float64{float64(nj) - ones, ones}
		flagged += int(ones)
	}
	for k := 0; k < nj; k++ {
		c := 0
		for _, l := range a.Labels[k] {
			c += int(l)
		}
		a.FlagRates[k] = ratio(c, n)
	}
	var sumAgree float64
	for x := 0; x < nj; x++ {
		for y := x + 1; y < nj; y++ {
			var conf [2][2]float64
			for i := 0; i < n; i++ {
				conf[a.Labels[x][i]][a.Labels[y][i]]++
			}
			agree := (conf[0][0] + conf[1][1]) / float64(n)
			ck, err := CohenKappa([][]float64{conf[0][:], conf[1][:]})
			if err != nil {
				ck = math.NaN()
			}
			a.Pairs = append(a.Pairs, PairAgreement{a.Judges[x], a.Judges[y], agree, ck})
			sumAgree += agree
		}
	}
	a.MeanPairwise = sumAgree / float64(len(a.Pairs))
	a.PooledRate = float64(flagged) / float64(n*nj)
	a.Chance = a.PooledRate*a.PooledRate + (1-a.PooledRate)*(1-a.PooledRate)
	var err error
	if a.Fleiss, err = FleissKappa(table); err != nil {
		a.Fleiss = math.NaN()
	}
	if a.Randolph, err = RandolphKappa(table); err != nil {
		a.Randolph = math.NaN()
	}
	return nil
}

// Table renders the agreement statistics, one row each.
func (a *AgreementResult) Table() *Table {
	t := &Table{Title: "Judge agreement on the problematic label: " + a.Describe(), Columns: []string{"statistic", "value", "lo", "hi"}}
	for k, j := range a.Judges {
		flagged := int(math.Round(a.FlagRates[k] * float64(a.N)))
		ci := Wilson(flagged, a.N, 0.95)
		t.Rows = append(t.Rows, []any{"flag rate " + j, a.FlagRates[k], ci.Lo, ci.Hi})
	}
	for _, p := range a.Pairs {
		t.Rows = append(t.Rows, []any{"agreement " + p.A + " / " + p.B, p.Agreement})
	}
	for _, p := range a.Pairs {
		t.Rows = append(t.Rows, []any{"cohen kappa " + p.A + " / " + p.B, p.Cohen})
	}
	t.Rows = append(t.Rows,
		[]any{"mean pairwise agreement", a.MeanPairwise},
		[]any{"pooled rate", a.PooledRate},
		[]any{"chance agreement", a.Chance},
		[]any{"fleiss kappa", a.Fleiss},
		[]any{"randolph kappa", a.Randolph},
		[]any{"krippendorff alpha (nominal)", a.AlphaNominal},
		[]any{"krippendorff alpha (interval)", a.AlphaInterval})
	return t
}

// String renders the statistics as aligned text.
func (a *AgreementResult) String() string { return a.Table().String() }

// HTML renders the statistics as an HTML table.
func (a *AgreementResult) HTML() string { return a.Table().HTML() }
