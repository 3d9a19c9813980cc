package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

// btWorkload draws rows comparisons over nv values for every model: each
// value has a strength, each model a nudge effect, and the model's
// positions prefer value1 with the Bradley-Terry probability.
func btWorkload(seed uint64, rows, nv int) (*pipeline.Positions, *pipeline.Scenarios) {
	rng := rand.New(rand.NewPCG(seed, 7))
	theta := make([]float64, nv)
	names := make([]string, nv)
	for i := range theta {
		theta[i] = rng.NormFloat64()
		names[i] = fmt.Sprintf("value %04d", i)
	}
	ids := pipeline.ModelIDs()
	pos := &pipeline.Positions{Rows: rows, Models: ids}
	sc := &pipeline.Scenarios{Rows: rows, Value1: make([]string, rows), Value2: make([]string, rows),
		Nudge: make([]pipeline.Nudge, rows), Chunk: make([]int64, rows), Entry: make([]int64, rows)}
	a, b, z := make([]int, rows), make([]int, rows), make([]float64, rows)
	for r := range rows {
		a[r] = rng.IntN(nv)
		b[r] = (a[r] + 1 + rng.IntN(nv-1)) % nv
		sc.Value1[r], sc.Value2[r] = names[a[r]], names[b[r]]
		sc.Nudge[r] = pipeline.Nudges()[r%3]
		switch sc.Nudge[r] {
		case pipeline.TowardValue1:
			z[r] = 1
		case pipeline.TowardValue2:
			z[r] = -1
		}
	}
	for m := range ids {
		gamma := 0.2 + 0.1*float64(m%5)
		p1, p2 := make([]int8, rows), make([]int8, rows)
		for r := range rows {
			lo := int8(rng.IntN(6))
			hi := lo + 1 + int8(rng.IntN(int(6-lo)))
			if rng.IntN(10) == 0 {
				hi = lo // a tie
			}
			if rng.Float64() < 1/(1+math.Exp(-(theta[a[r]]-theta[b[r]]+gamma*z[r]))) {
				p1[r], p2[r] = hi, lo
			} else {
				p1[r], p2[r] = lo, hi
			}
		}
		pos.Value1, pos.Value2 = append(pos.Value1, p1), append(pos.Value2, p2)
	}
	return pos, sc
}

// BenchmarkBradleyTerry fits one model: 400K comparisons over 3000 values
// (the paper's scale of value vocabulary) and 100K over 24 values.
func BenchmarkBradleyTerry(b *testing.B) {
	for _, bc := range []struct{ rows, values int }{{400000, 3000}, {100000, 24}} {
		pos, sc := btWorkload(1, bc.rows, bc.values)
		b.Run(fmt.Sprintf("rows=%d/values=%d", bc.rows, bc.values), func(b *testing.B) {
			for b.Loop() {
				if _, err := BradleyTerry(pos, sc, BTOptions{Models: pos.Models[:1]}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
