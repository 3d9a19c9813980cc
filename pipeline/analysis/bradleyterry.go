package analysis

import (
	"fmt"
	"math"
	"sort"

	"github.com/specstress/specstress/pipeline"
)

// BTOptions tunes BradleyTerry.
type BTOptions struct {
	// Models to rank; nil means every model of the positions.
	Models []pipeline.ModelID
	// L2 is the ridge penalty λ/2·Σθ² on value strengths (identifiability
	// and shrinkage of rarely seen values); 0 means 0.01, negative is an
	// error. The nudge term is not penalised.
	L2 float64
}

// BTRanking is one model's Bradley-Terry ranking of values: on a row with
// values a (value1) and b (value2) the model "prefers" a when its value1
// position exceeds its value2 position, and
//
//	logit P(prefers a) = θ_a − θ_b + γ·z,  z = +1 nudged toward value1,
//	                                        −1 toward value2, 0 neutral.
//
// Ties and rows with a null position are not comparisons.
type BTRanking struct {
	Model       pipeline.ModelID
	Values      []string  // values with at least one comparison, strongest first
	Scores      []float64 // θ of Values (ties in θ broken by name)
	Nudge       float64   // γ: how much a nudge moves the model
	Comparisons int
	Ties        int
	NegLogLik   float64 // at the optimum, without the penalty
}

// BTResult holds one ranking per model.
type BTResult struct {
	Rankings []BTRanking
	L2       float64
}

// BradleyTerry fits a penalised Bradley-Terry model with a nudge term per
// model by maximum likelihood (L-BFGS).
func BradleyTerry(pos *pipeline.Positions, sc *pipeline.Scenarios, opt BTOptions) (*BTResult, error) {
	if pos == nil || sc == nil {
		return nil, fmt.Errorf("bradley-terry: nil positions or scenarios")
	}
	if sc.Rows != pos.Rows || len(sc.Value1) != pos.Rows || len(sc.Value2) != pos.Rows || len(sc.Nudge) != pos.Rows {
		return nil, fmt.Errorf("bradley-terry: scenarios need value1, value2 and nudge_direction for all %d rows (have %d/%d/%d)",
			pos.Rows, len(sc.Value1), len(sc.Value2), len(sc.Nudge))
	}
	if opt.L2 < 0 || math.IsNaN(opt.L2) {
		return nil, fmt.Errorf("bradley-terry: L2 %v, want >= 0", opt.L2)
	}
	if opt.L2 == 0 {
		opt.L2 = 0.01
	}
	models := opt.Models
	if models == nil {
		models = pos.Models
	}
	if len(models) == 0 {
		return nil, fmt.Errorf("bradley-terry: no models")
	}
	sub, err := pos.Select(models)
	if err != nil {
		return nil, fmt.Errorf("bradley-terry: %w", err)
	}
	// Dictionary-encode the values once for all models.
	idx := map[string]int32{}
	var names []string
	code := func(v string) int32 {
		c, ok := idx[v]
		if !ok {
			c = int32(len(names))
			idx[v] = c
			names = append(names, v)
		}
		return c
	}
	a, b, z := make([]int32, pos.Rows), make([]int32, pos.Rows), make([]int8, pos.Rows)
	for r := 0; r < pos.Rows; r++ {
		a[r], b[r] = code(sc.Value1[r]), code(sc.Value2[r])
		switch sc.Nudge[r] {
		case pipeline.TowardValue1:
			z[r] = 1
		case pipeline.TowardValue2:
			z[r] = -1
		}
	}
	res := &BTResult{L2: opt.L2, Rankings: make([]BTRanking, len(models))}
	errs := make([]error, len(models))
	parallelBlocks(len(models), 0, func(m int) {
		res.Rankings[m], errs[m] = fitBT(sub.Models[m], sub.Value1[m], sub.Value2[m], a, b, z, names, opt.L2)
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return res, nil
}

// btCell aggregates comparisons of one (a, b, z) with a < b.
type btCell struct {
	a, b int32
	z    float64
	wins float64 // a preferred
	n    float64
}

func fitBT(id pipeline.ModelID, p1, p2 []int8, a, b []int32, z []int8, names []string, l2 float64) (BTRanking, error) {
	out := BTRanking{Model: id}
	type key struct {
		a, b int32
		z    int8
	}
	cells := map[key]*btCell{}
	seen := make([]bool, len(names))
	for r := range p1 {
		x, y := p1[r], p2[r]
		if x < 0 || y < 0 || a[r] == b[r] {
			continue
		}
		if x > 6 || y > 6 {
			return out, fmt.Errorf("bradley-terry: model %s row %d: position outside 0..6", id, r)
		}
		if x == y {
			out.Ties++
			continue
		}
		out.Comparisons++
		k := key{a[r], b[r], z[r]}
		win := x > y
		if k.a > k.b { // canonical order: flip the pair, the nudge and the outcome
			k = key{k.b, k.a, -k.z}
			win = !win
		}
		c := cells[k]
		if c == nil {
			c = &btCell{a: k.a, b: k.b, z: float64(k.z)}
			cells[k] = c
		}
		c.n++
		if win {
			c.wins++
		}
		seen[k.a], seen[k.b] = true, true
	}
	if out.Comparisons == 0 {
		return out, fmt.Errorf("bradley-terry: model %s has no non-tied comparisons", id)
	}
	list := make([]btCell, 0, len(cells))
	for _, c := range cells {
		list = append(list, *c)
	}
	// Map iteration order is random; sum in a fixed order for reproducible
	// floating point.
	sort.Slice(list, func(i, j int) bool {
		if list[i].a != list[j].a {
			return list[i].a < list[j].a
		}
		if list[i].b != list[j].b {
			return list[i].b < list[j].b
		}
		return list[i].z < list[j].z
	})
	nv := len(names)
	nll := func(x []float64) float64 {
		var f float64
		for _, c := range list {
			eta := x[c.a] - x[c.b] + x[nv]*c.z
			// -[w·log σ(η) + (n-w)·log σ(-η)] = n·log(1+e^η) − w·η
			f += c.n*softplus(eta) - c.wins*eta
		}
		return f
	}
	fg := func(x, g []float64) float64 {
		clear(g)
		var f float64
		for _, c := range list {
			eta := x[c.a] - x[c.b] + x[nv]*c.z
			// -[w·log σ(η) + (n-w)·log σ(-η)] = n·log(1+e^η) − w·η
			f += c.n*softplus(eta) - c.wins*eta
			d := c.n*sigmoid(eta) - c.wins
			g[c.a] += d
			g[c.b] -= d
			g[nv] += d * c.z
		}
		for i := 0; i < nv; i++ {
			f += l2 / 2 * x[i] * x[i]
			g[i] += l2 * x[i]
		}
		return f
	}
	x := make([]float64, nv+1)
	if _, err := minimizeLBFGS(x, fg, 1e-9, 5000); err != nil {
		return out, fmt.Errorf("bradley-terry: model %s: %w", id, err)
	}
	out.Nudge = x[nv]
	out.NegLogLik = nll(x)
	var order []int
	for v := 0; v < nv; v++ {
		if seen[v] {
			order = append(order, v)
		}
	}
	sort.Slice(order, func(i, j int) bool {
		if x[order[i]] != x[order[j]] {
			return x[order[i]] > x[order[j]]
		}
		return names[order[i]] < names[order[j]]
	})
	for _, v := range order {
		out.Values = append(out.Values, names[v])
		out.Scores = append(out.Scores, x[v])
	}
	return out, nil
}

// softplus is log(1+e^x) without overflow.
func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// Table renders the top 10 values of each model with the nudge term.
func (r *BTResult) Table() *Table {
	t := &Table{Title: fmt.Sprintf("Bradley-Terry value rankings (L2 %g), top 10 per model", r.L2),
		Columns: []string{"model", "rank", "value", "theta", "nudge", "comparisons", "ties"}}
	for _, k := range r.Rankings {
		for i := 0; i < min(10, len(k.Values)); i++ {
			t.Rows = append(t.Rows, []any{string(k.Model), i + 1, k.Values[i], k.Scores[i], k.Nudge, k.Comparisons, k.Ties})
		}
	}
	return t
}

// String renders the rankings as aligned text.
func (r *BTResult) String() string { return r.Table().String() }

// HTML renders the rankings as an HTML table.
func (r *BTResult) HTML() string { return r.Table().HTML() }
