package analysis

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/optimize"

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
// model by maximum likelihood (gonum/optimize's L-BFGS).
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
	x, err := minimizeBT(make([]float64, nv+1), fg)
	if err != nil {
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

// minimizeBT minimises the penalised negative log-likelihood fg (which
// returns f(x) and writes ∇f into g) from x0 with gonum's L-BFGS. It stops
// when the largest gradient component is below 1e-9 or when three
// iterations in a row lower f by less than 1e-14 of its value (the
// floating-point floor of a sum over many cells).
func minimizeBT(x0 []float64, fg func(x, g []float64) float64) ([]float64, error) {
	// gonum asks for f and ∇f in separate calls, nearly always at the same
	// point; one pass over the cells computes both, so keep the last one.
	n := len(x0)
	var at, grad []float64
	var f float64
	eval := func(x []float64) {
		if at != nil && slices.Equal(at, x) {
			return
		}
		if at == nil {
			at, grad = make([]float64, n), make([]float64, n)
		}
		copy(at, x)
		f = fg(at, grad)
	}
	p := optimize.Problem{
		Func: func(x []float64) float64 { eval(x); return f },
		Grad: func(g, x []float64) { eval(x); copy(g, grad) },
	}
	settings := &optimize.Settings{
		GradientThreshold: 1e-9,
		MajorIterations:   5000,
		Converger:         &optimize.FunctionConverge{Relative: 1e-14, Iterations: 3},
	}
	res, err := optimize.Minimize(p, x0, settings, &optimize.LBFGS{Store: 10, Linesearcher: &optimize.Backtracking{}})
	if res == nil {
		return nil, fmt.Errorf("L-BFGS: %w", err)
	}
	g := maxAbs(res.Gradient)
	if err != nil {
		// Near the optimum the decrease a step promises (about g²/curvature)
		// falls below what f, a sum over many cells, can resolve, and the
		// line search finds no acceptable step: that is convergence when
		// the gradient is already negligible against f.
		if (errors.Is(err, optimize.ErrLinesearcherFailure) || errors.Is(err, optimize.ErrNoProgress)) &&
			g <= btFloorGrad*math.Max(1, math.Abs(res.F)) {
			return res.X, nil
		}
		return nil, fmt.Errorf("L-BFGS: %w (after %d iterations, objective %g, gradient %g)", err, res.MajorIterations, res.F, g)
	}
	switch res.Status {
	case optimize.GradientThreshold, optimize.FunctionConvergence:
		return res.X, nil
	}
	return nil, fmt.Errorf("L-BFGS stopped (%v) after %d iterations, gradient %g", res.Status, res.MajorIterations, g)
}

// btFloorGrad is the largest gradient, relative to the objective, at which
// a failed line search still counts as convergence.
const btFloorGrad = 1e-8

func maxAbs(x []float64) float64 {
	var m float64
	for _, v := range x {
		m = math.Max(m, math.Abs(v))
	}
	return m
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
