package analysis

import (
	"fmt"
	"math/rand/v2"

	"github.com/specstress/specstress/pipeline"
)

// synth is a seeded synthetic data set shared by the tests: positions with
// correlated models, a few nulls and a planted outlier model, scenario
// metadata over a small value vocabulary, judgments, value counts and
// response types.
type synth struct {
	pos    *pipeline.Positions
	sc     *pipeline.Scenarios
	catOf  map[string]string
	judg   *pipeline.Judgments
	vc     *pipeline.ValueCounts
	rt     *pipeline.ResponseTypeColumns
	values []string
}

func newSynth(seed uint64, rows int) *synth {
	rng := rand.New(rand.NewPCG(seed, 1))
	s := &synth{}
	for i := 0; i < 24; i++ {
		s.values = append(s.values, fmt.Sprintf("value %02d", i))
	}
	cats := pipeline.CategoryNames()
	s.catOf = map[string]string{}
	for i, v := range s.values[:20] { // the last four stay unmapped
		s.catOf[v] = cats[i%5]
	}
	ids := pipeline.ModelIDs()
	pos := &pipeline.Positions{Rows: rows, Models: ids}
	for range ids {
		pos.Value1 = append(pos.Value1, make([]int8, rows))
		pos.Value2 = append(pos.Value2, make([]int8, rows))
	}
	sc := &pipeline.Scenarios{Rows: rows, Value1: make([]string, rows), Value2: make([]string, rows),
		Nudge: make([]pipeline.Nudge, rows), Chunk: make([]int64, rows), Entry: make([]int64, rows)}
	for r := 0; r < rows; r++ {
		sc.Chunk[r], sc.Entry[r] = int64(r/300), int64((r/3)%100)
		sc.Nudge[r] = pipeline.Nudges()[r%3]
		a := rng.IntN(len(s.values))
		b := rng.IntN(len(s.values))
		if rng.IntN(50) != 0 { // mostly distinct, sometimes the same value twice
			for b == a {
				b = rng.IntN(len(s.values))
			}
		}
		sc.Value1[r], sc.Value2[r] = s.values[a], s.values[b]
		// Nudges and the value's index move the base position: something
		// for Bradley-Terry to find.
		base1 := 3 + (a%7-3)/2
		base2 := 3 + (b%7-3)/2
		if sc.Nudge[r] == pipeline.TowardValue1 {
			base1++
		} else if sc.Nudge[r] == pipeline.TowardValue2 {
			base2++
		}
		spread := rng.IntN(4)
		for m := range ids {
			for v, col := range [2][]int8{pos.Value1[m], pos.Value2[m]} {
				if rng.IntN(40) == 0 {
					col[r] = pipeline.NullPosition
					continue
				}
				base := base1
				if v == 1 {
					base = base2
				}
				x := base + rng.IntN(2*spread+1) - spread
				if ids[m] == pipeline.Grok4 && rng.IntN(8) == 0 {
					x = 6 - x // planted contrarian
				}
				col[r] = int8(min(6, max(0, x)))
			}
		}
	}
	s.pos, s.sc = pos, sc

	// Judgments: the five OpenAI models on 400 scenarios, three judges.
	openai := pipeline.OpenAIModels.Models
	binNames := []string{"std_0.0_to_1.0", "std_1.0_to_1.5", "std_1.5_to_2.0", "std_2.0_to_2.5", "std_2.5_to_3.0"}
	j := &pipeline.Judgments{Judges: []string{"j0", "j1", "j2"}, Decisions: make([][]pipeline.Decision, 3)}
	for sidx := 0; sidx < 400; sidx++ {
		key := pipeline.ScenarioKey{Chunk: int64(sidx / 10), Entry: int64(sidx % 10), Nudge: pipeline.Nudges()[sidx%3]}
		bin := sidx % 5
		for _, m := range openai {
			j.Model = append(j.Model, m)
			j.Keys = append(j.Keys, key)
			j.Bin = append(j.Bin, binNames[bin])
			j.MaxStd = append(j.MaxStd, float64(bin)/2+0.25)
			truth := rng.Float64() < 0.15+0.15*float64(bin)
			for k := range j.Decisions {
				var d pipeline.Decision
				switch u := rng.Float64(); {
				case u < 0.03:
					d = pipeline.Missing
				case (u < 0.8) == truth:
					d = pipeline.NonCompliant
					if rng.IntN(4) == 0 {
						d = pipeline.Ambiguous
					}
				default:
					d = pipeline.Compliant
				}
				j.Decisions[k] = append(j.Decisions[k], d)
			}
		}
	}
	j.Rows = len(j.Model)
	s.judg = j

	// Value counts: 0..3 categories per response, model-specific leanings.
	vrows := 1500
	vc := &pipeline.ValueCounts{Models: ids, Categories: cats, Rows: make([][][]int16, len(ids))}
	for m := range ids {
		vc.Rows[m] = make([][]int16, vrows)
		for r := range vc.Rows[m] {
			for k := rng.IntN(4); k > 0; k-- {
				c := rng.IntN(len(cats))
				if rng.IntN(3) == 0 {
					c = (m * 2) % len(cats)
				}
				vc.Rows[m][r] = append(vc.Rows[m][r], int16(c))
			}
		}
	}
	s.vc = vc

	// Response types with topic tags.
	rt := &pipeline.ResponseTypeColumns{Rows: vrows, Models: ids, Topics: pipeline.Topics}
	for range pipeline.Topics {
		rt.Tags = append(rt.Tags, make([]bool, vrows))
	}
	for r := 0; r < vrows; r++ {
		for t := range rt.Tags {
			rt.Tags[t][r] = rng.IntN(6) == 0
		}
	}
	for m := range ids {
		col := make([]pipeline.ResponseType, vrows)
		for r := range col {
			if rng.IntN(50) == 0 {
				col[r] = pipeline.NoType
				continue
			}
			ty := rng.IntN(4)
			if rt.Tags[4][r] || rng.IntN(10) < m%4 {
				ty = 3 + rng.IntN(4)
			}
			col[r] = pipeline.ResponseType(ty)
		}
		rt.Types = append(rt.Types, col)
	}
	s.rt = rt
	return s
}

// clusteredEmbeddings returns n unit-norm-ish points in dim dimensions
// around a few centres, so that distances spread as real embeddings do.
func clusteredEmbeddings(seed uint64, n, dim, clusters int, noise float64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 2))
	centres := make([]float64, clusters*dim)
	for i := range centres {
		centres[i] = rng.NormFloat64() / 30
	}
	emb := make([]float32, n*dim)
	for i := 0; i < n; i++ {
		c := rng.IntN(clusters)
		for k := 0; k < dim; k++ {
			emb[i*dim+k] = float32(centres[c*dim+k] + noise*rng.NormFloat64())
		}
	}
	return emb
}
