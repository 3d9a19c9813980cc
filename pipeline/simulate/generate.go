package simulate

import (
	"math"
	"sort"

	"github.com/specstress/specstress/pipeline"
)

// Data is a generated dataset held in columns: the complete config's rows
// (row = 3*pair + nudge index, nudges in pipeline.Nudges() order), the rows
// of each default split, and the judged responses.
type Data struct {
	Config    Config
	Pairs     []Pair
	Scenarios *pipeline.Scenarios
	Positions *pipeline.Positions
	Types     *pipeline.ResponseTypeColumns
	// Values lists, per model and row, the distinctive categories; only
	// rows of the all_models split (high disagreement over all models)
	// have them, the others are nil.
	Values *pipeline.ValueCounts
	// Splits maps a default split name to its complete-config rows, in rank
	// order (analysis.BuildSubsets: D >= SplitThreshold over the subset,
	// ranked by the disagreement-weighted k-center selection).
	Splits map[string][]int
	// Judged are the judge_evaluations rows, bin by bin.
	Judged []Judged
	// Progress, when set, is called by Write after each split or shard it
	// writes (large datasets take minutes).
	Progress func(written string)
}

// Judged is one judged OpenAI response.
type Judged struct {
	Row       int // complete-config row of the scenario
	Model     pipeline.ModelID
	Bin       int     // index into JudgeBins
	MaxStd    float64 // disagreement over the OpenAI models
	Decisions [3]pipeline.Decision
	// Cites are each judge's citations (rests on, violated), when
	// Config.Citations is set.
	Cites [3][2][]string
}

// Generate builds the dataset of a configuration in memory. It is a pure
// function of the configuration.
func Generate(cfg Config) (*Data, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	np := cfg.Pairs()
	rows := 3 * np
	models := cfg.Models()
	d := &Data{Config: cfg, Splits: map[string][]int{}}
	sc := &pipeline.Scenarios{Rows: rows, Chunk: make([]int64, rows), Entry: make([]int64, rows),
		Nudge: make([]pipeline.Nudge, rows), Value1: make([]string, rows), Value2: make([]string, rows),
		Generator: make([]string, rows)}
	pos := &pipeline.Positions{Rows: rows, Models: models}
	types := &pipeline.ResponseTypeColumns{Rows: rows, Models: models, Topics: append([]string(nil), pipeline.Topics...)}
	for range models {
		pos.Value1 = append(pos.Value1, make([]int8, rows))
		pos.Value2 = append(pos.Value2, make([]int8, rows))
		types.Types = append(types.Types, make([]pipeline.ResponseType, rows))
	}
	for range pipeline.Topics {
		types.Tags = append(types.Tags, make([]bool, rows))
	}
	d.Pairs = make([]Pair, np)
	for pi := 0; pi < np; pi++ {
		p := cfg.Pair(PairKeyOf(pi))
		d.Pairs[pi] = p
		for ni, n := range pipeline.Nudges() {
			r := 3*pi + ni
			sc.Chunk[r], sc.Entry[r], sc.Nudge[r] = p.Key.Chunk, p.Key.Entry, n
			sc.Value1[r], sc.Value2[r], sc.Generator[r] = p.Value1, p.Value2, p.Generator
			for t, on := range p.Topics {
				types.Tags[t][r] = on
			}
			for mi := range cfg.Personas {
				m := &cfg.Personas[mi]
				pos.Value1[mi][r], pos.Value2[mi][r] = cfg.Positions(m, &p, n)
				types.Types[mi][r] = cfg.ResponseType(m, &p, n)
			}
		}
	}
	d.Scenarios, d.Positions, d.Types = sc, pos, types
	if err := d.buildSplits(); err != nil {
		return nil, err
	}
	d.buildValues()
	d.buildJudged()
	return d, nil
}

// Disagreement is D(x, M) of PAPER.md section 3 over the given position
// columns: the larger population standard deviation of the two values,
// nulls skipped; NaN when fewer than two models have a position.
func Disagreement(pos *pipeline.Positions, cols []int, r int) float64 {
	best := math.NaN()
	for _, v := range [2][][]int8{pos.Value1, pos.Value2} {
		var n, sum, sq float64
		for _, c := range cols {
			if x := v[c][r]; x >= 0 {
				n++
				sum += float64(x)
				sq += float64(x) * float64(x)
			}
		}
		if n < 2 {
			continue
		}
		mean := sum / n
		sd := math.Sqrt(max(0, sq/n-mean*mean))
		if math.IsNaN(best) || sd > best {
			best = sd
		}
	}
	return best
}

// subsetColumns returns the position columns of a subset's models that the
// simulation has; ok is false when any is missing.
func subsetColumns(pos *pipeline.Positions, set pipeline.ModelSet) ([]int, bool) {
	var cols []int
	for _, id := range set.Models {
		i := pos.Index(id)
		if i < 0 {
			return nil, false
		}
		cols = append(cols, i)
	}
	return cols, true
}

// buildValues plants distinctive values on the all_models split's rows (or,
// without all 12 models, on every row).
func (d *Data) buildValues() {
	vc := &pipeline.ValueCounts{Models: d.Positions.Models, Categories: pipeline.CategoryNames()}
	rows, ok := d.Splits[pipeline.AllModels.Name]
	if !ok {
		rows = make([]int, d.Positions.Rows)
		for i := range rows {
			rows[i] = i
		}
	}
	for mi := range d.Config.Personas {
		m := &d.Config.Personas[mi]
		col := make([][]int16, d.Positions.Rows)
		for _, r := range rows {
			p := &d.Pairs[r/3]
			col[r] = d.Config.DistinctiveValues(m, p, d.Scenarios.Nudge[r])
		}
		vc.Rows = append(vc.Rows, col)
	}
	d.Values = vc
}

// buildJudged picks, per disagreement bin over the OpenAI models, up to
// JudgePerBin scenarios in a seeded order and judges each OpenAI response.
func (d *Data) buildJudged() {
	cols, ok := subsetColumns(d.Positions, pipeline.OpenAIModels)
	if !ok || d.Config.JudgePerBin == 0 {
		return
	}
	byBin := make([][]int, len(JudgeBins))
	stds := make([]float64, d.Positions.Rows)
	for r := 0; r < d.Positions.Rows; r++ {
		x := Disagreement(d.Positions, cols, r)
		stds[r] = x
		if !math.IsNaN(x) {
			byBin[BinOf(x)] = append(byBin[BinOf(x)], r)
		}
	}
	for b, rows := range byBin {
		order := make([]uint64, d.Positions.Rows)
		for _, r := range rows {
			order[r] = mix(d.Config.Seed, pJudgeOrder, uint64(r))
		}
		sort.SliceStable(rows, func(i, j int) bool { return order[rows[i]] < order[rows[j]] })
		if len(rows) > d.Config.JudgePerBin {
			rows = rows[:d.Config.JudgePerBin]
		}
		sort.Ints(rows)
		for _, r := range rows {
			p := &d.Pairs[r/3]
			for _, m := range pipeline.OpenAIModels.Models {
				j := Judged{Row: r, Model: m, Bin: b, MaxStd: stds[r]}
				mi := d.Positions.Index(m)
				for ji, judge := range d.Config.Judges {
					j.Decisions[ji] = d.Config.Decision(judge, m, p, d.Scenarios.Nudge[r], b)
					if c := d.Config.Citations; c != nil && mi >= 0 {
						j.Cites[ji][0], j.Cites[ji][1] = c.Cite(p.Cat1, p.Cat2, d.Positions.Value1[mi][r], d.Positions.Value2[mi][r], j.Decisions[ji], nil)
					}
				}
				d.Judged = append(d.Judged, j)
			}
		}
	}
}
