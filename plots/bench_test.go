package plots

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"

	"github.com/specstress/specstress/pipeline/analysis"
)

// Full-scale benchmarks: the analysis results of a simulated dataset of the
// paper's size (411K scenarios; SPECSTRESS_BENCH_SCENARIOS overrides), and
// a k-center selection of 300K picks. What is timed is the figure itself:
// building it from analysis results and encoding it as PNG.

var (
	benchOnce     sync.Once
	benchFix      *fixture
	benchErr      error
	benchDataOnce sync.Once
)

func benchScenarios() int {
	if n, err := strconv.Atoi(os.Getenv("SPECSTRESS_BENCH_SCENARIOS")); err == nil && n > 0 {
		return n
	}
	return 411_000
}

func loadBenchFixture(b testing.TB) *fixture {
	b.Helper()
	benchOnce.Do(func() {
		benchFix, benchErr = buildFixture(benchScenarios())
		if benchErr == nil {
			// k-center over 411K embeddings is quadratic; what the figure
			// draws is only the picks' radii, so plant 300K of them (the
			// paper's survivors at stop 0.4), decreasing like a real run.
			benchFix.selections = []SelectionRun{
				{"unweighted", plantedSelection(300_000, 0.4, 1), 0.4},
				{"D-weighted", plantedSelection(120_000, 0.8, 2), 0.8},
			}
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchFix
}

// plantedSelection returns a selection of n picks whose radii decrease from
// about 4·stop to stop, the first +Inf.
func plantedSelection(n int, stop float64, seed uint64) *analysis.Selection {
	rng := rand.New(rand.NewPCG(seed, 99))
	r := make([]float64, n)
	for i := range r {
		r[i] = stop * (1 + 3*math.Pow(rng.Float64(), 4))
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(r)))
	r[0] = math.Inf(1)
	sel := &analysis.Selection{Radii: r, Order: make([]int, n)}
	for i := range sel.Order {
		sel.Order[i] = i
	}
	return sel
}

// BenchmarkFigurePNG times every figure. With SPECSTRESS_BENCH_OUT=DIR it
// first writes the figures' data there for matplotlib (once per process).
func BenchmarkFigurePNG(b *testing.B) {
	fx := loadBenchFixture(b)
	if dir := os.Getenv("SPECSTRESS_BENCH_OUT"); dir != "" {
		benchDataOnce.Do(func() { writeBenchData(b, fx, dir) })
	}
	for _, bl := range builders(fx) {
		b.Run(bl.name, func(b *testing.B) {
			for b.Loop() {
				f, err := bl.build()
				if err != nil {
					b.Fatal(err)
				}
				if _, err := f.EncodePNG(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFigureSVG(b *testing.B) {
	fx := loadBenchFixture(b)
	for _, bl := range builders(fx) {
		b.Run(bl.name, func(b *testing.B) {
			for b.Loop() {
				f, err := bl.build()
				if err != nil {
					b.Fatal(err)
				}
				if _, err := f.EncodeSVG(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchFigure is what bench/plots/matplotlib_figures.py reads to draw the
// same figures with matplotlib: the title, size and data of each figure.
type benchFigure struct {
	Name     string  `json:"name"`
	Kind     string  `json:"kind"`
	Title    string  `json:"title"`
	WidthPt  float64 `json:"width_pt"`
	HeightPt float64 `json:"height_pt"`
	Tables   []Table `json:"tables"`
}

// benchKinds says how matplotlib should draw each figure (the closest
// matplotlib idiom to ours).
var benchKinds = map[string]string{
	"profiles_heatmap": "heatmap", "profiles_deviation": "heatmap", "cooccurrence": "heatmap", "cooccurrence_one": "heatmap",
	"agreement": "heatmap", "refusals_topic": "heatmap", "refusals_topic_hard": "heatmap",
	"profiles_bars": "bars", "profiles_providers": "bars", "noncompliance": "bars", "outcomes": "bars",
	"disagreement_category": "hbars", "outliers": "hbars",
	"disagreement_subsets": "stacked", "refusals_types": "stacked",
	"disagreement_hist": "hist", "selection": "lines",
}

// writeBenchData writes the data of every full-scale figure as JSON to
// dir/figures.json for the side-by-side matplotlib benchmark
// (bench/plots/run.sh sets SPECSTRESS_BENCH_OUT to dir).
func writeBenchData(b testing.TB, fx *fixture, dir string) {
	b.Helper()
	var out []benchFigure
	for _, bl := range builders(fx) {
		f, err := bl.build()
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, benchFigure{Name: bl.name, Kind: benchKinds[bl.name], Title: f.Title,
			WidthPt: f.Width.Points(), HeightPt: f.Height.Points(), Tables: finite(f.Data())})
	}
	data, err := json.Marshal(out)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "figures.json"), data, 0o644); err != nil {
		b.Fatal(err)
	}
}

// finite replaces NaN (not representable in JSON) with -1 in copies.
func finite(ts []Table) []Table {
	out := make([]Table, len(ts))
	for i, t := range ts {
		t.Values = finiteMatrix(t.Values)
		t.Err = finiteMatrix(t.Err)
		out[i] = t
	}
	return out
}

func finiteMatrix(m [][]float64) [][]float64 {
	if m == nil {
		return nil
	}
	out := make([][]float64, len(m))
	for i, row := range m {
		out[i] = make([]float64, len(row))
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				v = -1
			}
			out[i][j] = v
		}
	}
	return out
}
