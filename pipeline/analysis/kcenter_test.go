package analysis

import (
	"context"
	"math"
	"reflect"
	"testing"
)

func TestKCenterLine(t *testing.T) {
	// Points on a line at 0, 1, 3, 7, 7.1: farthest-first from 0 picks 7.1
	// (distance 7.1), then 3 (3), then 1 (1); 7 is 0.1 from 7.1: below 0.4.
	emb := []float32{0, 1, 3, 7, 7.1}
	sel, err := KCenter(context.Background(), emb, 1, KCenterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{0, 4, 2, 1}; !reflect.DeepEqual(sel.Order, want) {
		t.Fatalf("order = %v, want %v", sel.Order, want)
	}
	if !math.IsInf(sel.Radii[0], 1) || math.Abs(sel.Radii[1]-7.1) > 1e-6 || math.Abs(sel.Radii[3]-1) > 1e-6 {
		t.Errorf("radii = %v", sel.Radii)
	}
	if sel.Rank[3] != -1 || sel.Rank[2] != 2 {
		t.Errorf("rank = %v", sel.Rank)
	}
	// Fixed K.
	sel, err = KCenter(context.Background(), emb, 1, KCenterOptions{K: 2, Stop: -1})
	if err != nil || len(sel.Order) != 2 {
		t.Fatalf("K=2: %v %v", sel, err)
	}
	// Weight on the candidate: 1 has weight 10, so 10*1 beats 7.1 * 1.
	w := []float64{1, 10, 1, 1, 1}
	sel, err = KCenter(context.Background(), emb, 1, KCenterOptions{Weights: w, K: 2, Stop: -1})
	if err != nil || sel.Order[1] != 1 {
		t.Fatalf("weighted on candidate: %v %v", sel, err)
	}
	// Weight on the centre: from centre 0 (weight 1) the farthest wins.
	sel, err = KCenter(context.Background(), emb, 1, KCenterOptions{Weights: w, WeightOn: OnCentre, K: 2, Stop: -1})
	if err != nil || sel.Order[1] != 4 {
		t.Fatalf("weighted on centre: %v %v", sel, err)
	}
}

func TestKCenterTiesGoToLowestIndex(t *testing.T) {
	emb := []float32{0, 2, -2, 2}
	sel, err := KCenter(context.Background(), emb, 1, KCenterOptions{K: 2, Stop: -1})
	if err != nil {
		t.Fatal(err)
	}
	if sel.Order[1] != 1 {
		t.Errorf("tie between 1, 2, 3 went to %d, want 1", sel.Order[1])
	}
}

func TestKCenterSameSelectionForAnyWorkersAndPruning(t *testing.T) {
	const n, dim = 2000, 64
	emb := clusteredEmbeddings(11, n, dim, 20, 0.04)
	w := make([]float64, n)
	for i := range w {
		w[i] = 0.5 + float64(i%13)/6
	}
	for _, base := range []KCenterOptions{{}, {Weights: w}, {Weights: w, WeightOn: OnCentre, Stop: 0.3}} {
		var ref *Selection
		for _, workers := range []int{1, 2, 3, 7} {
			for _, noPrune := range []bool{false, true} {
				opt := base
				opt.Workers, opt.NoPrune = workers, noPrune
				sel, err := KCenter(context.Background(), emb, dim, opt)
				if err != nil {
					t.Fatal(err)
				}
				if ref == nil {
					ref = sel
					if len(sel.Order) < 10 || len(sel.Order) == n {
						t.Fatalf("degenerate test data: %d of %d selected", len(sel.Order), n)
					}
					continue
				}
				if !reflect.DeepEqual(sel.Order, ref.Order) || !reflect.DeepEqual(sel.Radii, ref.Radii) {
					t.Fatalf("workers %d prune %v: selection differs (%d vs %d centres)", workers, !noPrune, len(sel.Order), len(ref.Order))
				}
				if noPrune && sel.Evaluated <= ref.Evaluated {
					t.Errorf("pruning saved nothing: %d vs %d evaluations", ref.Evaluated, sel.Evaluated)
				}
			}
		}
	}
}

func TestKCenterRadiiNeverIncrease(t *testing.T) {
	emb := clusteredEmbeddings(5, 2000, 32, 8, 0.05)
	sel, err := KCenter(context.Background(), emb, 32, KCenterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 2; i < len(sel.Radii); i++ {
		if sel.Radii[i] > sel.Radii[i-1]+1e-9 {
			t.Fatalf("radius %d = %v after %v", i, sel.Radii[i], sel.Radii[i-1])
		}
	}
	calls := 0
	again, err := KCenterProgress(context.Background(), emb, 32, KCenterOptions{ProgressEvery: 10}, func(c int, _ float64) {
		calls++
		if c != 10*calls {
			t.Errorf("progress call %d reports %d centres", calls, c)
		}
	})
	if err != nil || calls != len(again.Order)/10 {
		t.Errorf("progress called %d times for %d centres (%v)", calls, len(again.Order), err)
	}
	if last := sel.Radii[len(sel.Radii)-1]; last < DefaultStop {
		t.Errorf("picked a point at %v, below the stop %v", last, DefaultStop)
	}
}

func TestKCenterBadInput(t *testing.T) {
	good := []float32{0, 1, 2, 3}
	nan := []float32{0, float32(math.NaN()), 2, 3}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cases := map[string]func() error{
		"nan":    func() error { _, err := KCenter(context.Background(), nan, 2, KCenterOptions{}); return err },
		"dim 0":  func() error { _, err := KCenter(context.Background(), good, 0, KCenterOptions{}); return err },
		"ragged": func() error { _, err := KCenter(context.Background(), good, 3, KCenterOptions{}); return err },
		"empty":  func() error { _, err := KCenter(context.Background(), nil, 2, KCenterOptions{}); return err },
		"weights short": func() error {
			_, err := KCenter(context.Background(), good, 2, KCenterOptions{Weights: []float64{1}})
			return err
		},
		"weight nan": func() error {
			_, err := KCenter(context.Background(), good, 2, KCenterOptions{Weights: []float64{1, math.NaN()}})
			return err
		},
		"weight negative": func() error {
			_, err := KCenter(context.Background(), good, 2, KCenterOptions{Weights: []float64{1, -1}})
			return err
		},
		"start outside": func() error { _, err := KCenter(context.Background(), good, 2, KCenterOptions{Start: 2}); return err },
		"cancelled":     func() error { _, err := KCenter(ctx, good, 2, KCenterOptions{}); return err },
	}
	for name, f := range cases {
		if f() == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func BenchmarkKCenterPass(b *testing.B) {
	const n, dim = 20000, 768
	emb := clusteredEmbeddings(1, n, dim, 50, 0.02)
	b.SetBytes(int64(n * dim * 4))
	for i := 0; i < b.N; i++ {
		// K: 2 is one full pass over every point after the start.
		if _, err := KCenter(context.Background(), emb, dim, KCenterOptions{K: 2, Stop: -1}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestKCenterRebalancesEmptiedParts(t *testing.T) {
	// The first half of the points are copies of one point: after the first
	// centre they are all pruned, emptying worker 0's part; the second half
	// is spread out and keeps worker 1 busy until the parts are rebalanced.
	const n, dim = 9000, 32 // n*dim above the single-worker cut-off
	emb := make([]float32, n*dim)
	spread := clusteredEmbeddings(3, n/2, dim, 1, 1)
	copy(emb[n/2*dim:], spread)
	sel1, err := KCenter(context.Background(), emb, dim, KCenterOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	sel2, err := KCenter(context.Background(), emb, dim, KCenterOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sel1.Order, sel2.Order) {
		t.Fatal("two workers with rebalancing select differently from one")
	}
	if sel2.Evaluated >= int64(len(sel2.Order))*n/2 {
		t.Errorf("%d evaluations: the copies were not pruned", sel2.Evaluated)
	}
}
