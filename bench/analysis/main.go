// Command analysis benchmarks pipeline/analysis at full scale. It is run by
// bench/analysis/run.sh, which times the equivalent pandas/numpy scripts in
// the same run and prints the ratios.
//
//	go run ./bench/analysis tables  --out DIR [--scenarios 411000] [--reps 3]
//	go run ./bench/analysis kcenter [--n 400000] [--dim 768] [--passes 8]
//	go run ./bench/analysis weighted [--n 70000] [--dim 768] [--passes 0]
//
// Each prints one JSON object of timings on stdout.
package main

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"time"

	"gonum.org/v1/gonum/blas/blas32"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/pipeline/simulate"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: analysis tables|kcenter|weighted [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "tables":
		err = tables(os.Args[2:])
	case "kcenter":
		err = kcenterPass(os.Args[2:])
	case "weighted":
		err = weighted(os.Args[2:])
	default:
		err = fmt.Errorf("unknown benchmark %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/analysis:", err)
		os.Exit(1)
	}
}

func emit(v any) error {
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// tables times all six subsets' disagreement + outliers, plus profiles,
// on simulated full-scale data, and writes the same data for the pandas
// script: positions.bin (24 int8 columns, model-major, value1 then value2,
// -1 null) and values.bin (long format: int8 model, int32 row, int16 cat).
func tables(args []string) error {
	fs := flag.NewFlagSet("tables", flag.ExitOnError)
	out := fs.String("out", "", "directory for the data the pandas script reads")
	n := fs.Int("scenarios", 411000, "rows")
	reps := fs.Int("reps", 3, "repetitions (the minimum is reported)")
	seed := fs.Uint64("seed", 1, "simulation seed")
	fs.Parse(args)
	if *out == "" {
		return fmt.Errorf("--out is required")
	}
	cfg := simulate.DefaultConfig()
	cfg.Seed, cfg.Scenarios = *seed, *n
	t0 := time.Now()
	d, err := simulate.Generate(cfg)
	if err != nil {
		return err
	}
	gen := time.Since(t0)
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	if err := writeData(*out, d); err != nil {
		return err
	}
	run := func() (time.Duration, error) {
		cpu0 := cpuTime()
		defer func() { lastCPU = cpuTime() - cpu0 }()
		start := time.Now()
		for _, set := range pipeline.Subsets() {
			if _, err := analysis.Disagreement(d.Positions, set); err != nil {
				return 0, err
			}
			if _, err := analysis.Outliers(d.Positions, set, analysis.OutlierOptions{}); err != nil {
				return 0, err
			}
		}
		if _, err := analysis.Profiles(d.Values); err != nil {
			return 0, err
		}
		return time.Since(start), nil
	}
	best := map[int]time.Duration{}
	bestCPU := map[int]time.Duration{}
	for _, procs := range []int{1, runtime.NumCPU()} {
		old := runtime.GOMAXPROCS(procs)
		for r := 0; r < *reps; r++ {
			el, err := run()
			if err != nil {
				return err
			}
			if b, ok := best[procs]; !ok || el < b {
				best[procs] = el
			}
			if b, ok := bestCPU[procs]; !ok || lastCPU < b {
				bestCPU[procs] = lastCPU
			}
		}
		runtime.GOMAXPROCS(old)
	}
	dAll, err := analysis.Disagreement(d.Positions, pipeline.AllModels)
	if err != nil {
		return err
	}
	oAll, err := analysis.Outliers(d.Positions, pipeline.AllModels, analysis.OutlierOptions{})
	if err != nil {
		return err
	}
	occ := 0
	for _, rows := range d.Values.Rows {
		for _, cs := range rows {
			occ += len(cs)
		}
	}
	return emit(map[string]any{
		"rows": d.Positions.Rows, "models": len(d.Positions.Models), "value_occurrences": occ,
		"generate_s": gen.Seconds(), "go_1cpu_s": best[1].Seconds(),
		"go_allcpu_s": best[runtime.NumCPU()].Seconds(), "cpus": runtime.NumCPU(),
		"go_1cpu_cpu_s": bestCPU[1].Seconds(), "go_allcpu_cpu_s": bestCPU[runtime.NumCPU()].Seconds(),
		"high_all_models": dAll.Summary().High, "outliers_all_models": oAll.Counts,
	})
}

// lastCPU is the process CPU time of the last timed run (bench main only).
var lastCPU time.Duration

// cpuTime is the CPU time (user + system) the process has used: robust to
// other processes sharing the machine, unlike wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func writeData(dir string, d *simulate.Data) error {
	p := d.Positions
	buf := make([]byte, 0, p.Rows*2*len(p.Models))
	for m := range p.Models {
		for _, col := range [2][]int8{p.Value1[m], p.Value2[m]} {
			for _, x := range col {
				buf = append(buf, byte(x))
			}
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "positions.bin"), buf, 0o644); err != nil {
		return err
	}
	models, _ := json.Marshal(p.Models)
	sets := map[string][]pipeline.ModelID{}
	for _, s := range pipeline.Subsets() {
		sets[s.Name] = s.Models
	}
	setsJSON, _ := json.Marshal(sets)
	meta := fmt.Sprintf(`{"rows": %d, "models": %s, "sets": %s}`, p.Rows, models, setsJSON)
	if err := os.WriteFile(filepath.Join(dir, "meta.json"), []byte(meta), 0o644); err != nil {
		return err
	}
	var long []byte
	for m, rows := range d.Values.Rows {
		for r, cs := range rows {
			for _, c := range cs {
				long = append(long, byte(m))
				long = binary.LittleEndian.AppendUint32(long, uint32(r))
				long = binary.LittleEndian.AppendUint16(long, uint16(c))
			}
		}
	}
	return os.WriteFile(filepath.Join(dir, "values.bin"), long, 0o644)
}

// clustered returns n points in dim dimensions: Gaussian clusters whose
// spread sets the typical nearest-neighbour distance.
func clustered(seed uint64, n, dim, clusters int, spread, noise float64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 3))
	centres := make([]float32, clusters*dim)
	for i := range centres {
		centres[i] = float32(spread * rng.NormFloat64())
	}
	emb := make([]float32, n*dim)
	var wg sync.WaitGroup
	workers := runtime.NumCPU()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, uint64(100+w)))
			for i := w; i < n; i += workers {
				c := r.IntN(clusters)
				row := emb[i*dim : (i+1)*dim]
				for k := range row {
					row[k] = centres[c*dim+k] + float32(noise*r.NormFloat64())
				}
			}
		}()
	}
	wg.Wait()
	return emb
}

// kcenterPass times unweighted passes (no pruning, so each pass reads the
// whole matrix) with 1 and all workers, and a streaming read of the matrix
// (blas32 DDot of every row with one row) as the bandwidth reference.
func kcenterPass(args []string) error {
	fs := flag.NewFlagSet("kcenter", flag.ExitOnError)
	n := fs.Int("n", 400000, "points")
	dim := fs.Int("dim", 768, "dimension")
	passes := fs.Int("passes", 8, "passes to time")
	fs.Parse(args)
	emb := clustered(1, *n, *dim, 1000, 0.05, 0.02)
	bytes := float64(len(emb)) * 4
	res := map[string]any{"n": *n, "dim": *dim, "gb_per_pass": bytes / 1e9, "passes": *passes, "cpus": runtime.NumCPU()}
	for _, workers := range []int{1, runtime.NumCPU()} {
		// Streaming reference: the same dot products, no k-center logic.
		start, cpu0 := time.Now(), cpuTime()
		streamDots(emb, *dim, workers)
		res[fmt.Sprintf("stream_gbps_w%d", workers)] = bytes / time.Since(start).Seconds() / 1e9
		res[fmt.Sprintf("stream_gb_per_cpu_s_w%d", workers)] = bytes / (cpuTime() - cpu0).Seconds() / 1e9
		// K = passes+1 centres, Stop -1: exactly `passes` full passes, plus
		// setup (norms, NaN check) timed separately with K = 1.
		start, cpu0 = time.Now(), cpuTime()
		if _, err := analysis.KCenter(context.Background(), emb, *dim, analysis.KCenterOptions{K: 1, Stop: -1, Workers: workers, NoPrune: true}); err != nil {
			return err
		}
		setup, setupCPU := time.Since(start), cpuTime()-cpu0
		start, cpu0 = time.Now(), cpuTime()
		if _, err := analysis.KCenter(context.Background(), emb, *dim, analysis.KCenterOptions{K: *passes + 1, Stop: -1, Workers: workers, NoPrune: true}); err != nil {
			return err
		}
		per := (time.Since(start) - setup).Seconds() / float64(*passes)
		perCPU := (cpuTime() - cpu0 - setupCPU).Seconds() / float64(*passes)
		res[fmt.Sprintf("pass_s_w%d", workers)] = per
		res[fmt.Sprintf("pass_gbps_w%d", workers)] = bytes / per / 1e9
		res[fmt.Sprintf("pass_cpu_s_w%d", workers)] = perCPU
		res[fmt.Sprintf("pass_gb_per_cpu_s_w%d", workers)] = bytes / perCPU / 1e9
		res[fmt.Sprintf("setup_s_w%d", workers)] = setup.Seconds()
	}
	return emit(res)
}

var sink float64

func streamDots(emb []float32, dim, workers int) {
	n := len(emb) / dim
	c := blas32.Vector{N: dim, Inc: 1, Data: emb[:dim]}
	sums := make([]float64, workers)
	var wg sync.WaitGroup
	per := (n + workers - 1) / workers
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w * per; i < min(n, (w+1)*per); i++ {
				sums[w] += blas32.DDot(blas32.Vector{N: dim, Inc: 1, Data: emb[i*dim : (i+1)*dim]}, c)
			}
		}()
	}
	wg.Wait()
	for _, s := range sums {
		sink += s
	}
}

// weighted runs the disagreement-weighted selection (weight on the
// candidate, stop 0.8) over n points with weights D in 1.5..3 (as on the
// all_models split), with pruning, to the end. A full run without pruning
// would evaluate Σ_{t<k} (n - t) distances; its time is extrapolated from
// --unpruned-passes measured unpruned passes, and a short run checks that
// both give the same selection.
func weighted(args []string) error {
	fs := flag.NewFlagSet("weighted", flag.ExitOnError)
	n := fs.Int("n", 70000, "points")
	dim := fs.Int("dim", 768, "dimension")
	noise := fs.Float64("noise", 0.0120, "per-coordinate noise around cluster centres (0.0120 selects about 63%)")
	unpruned := fs.Int("unpruned-passes", 300, "unpruned passes to time (0: the whole selection)")
	fs.Parse(args)
	emb := clustered(2, *n, *dim, 2000, 0.02, *noise)
	rng := rand.New(rand.NewPCG(4, 4))
	w := make([]float64, *n)
	for i := range w {
		w[i] = 1.5 + 1.5*math.Pow(rng.Float64(), 2)
	}
	res := map[string]any{"n": *n, "dim": *dim, "cpus": runtime.NumCPU()}
	start, cpu0 := time.Now(), cpuTime()
	sel, err := analysis.KCenter(context.Background(), emb, *dim, analysis.KCenterOptions{Weights: w})
	if err != nil {
		return err
	}
	k := len(sel.Order)
	res["selected"] = k
	res["pruned_s"] = time.Since(start).Seconds()
	res["pruned_cpu_s"] = (cpuTime() - cpu0).Seconds()
	res["pruned_evaluations"] = sel.Evaluated
	p := k
	if *unpruned > 0 {
		p = min(*unpruned, k)
	}
	start, cpu0 = time.Now(), cpuTime()
	part, err := analysis.KCenter(context.Background(), emb, *dim, analysis.KCenterOptions{Weights: w, K: p, NoPrune: true})
	if err != nil {
		return err
	}
	el := time.Since(start).Seconds()
	res["unpruned_timed_s"] = el
	res["unpruned_timed_cpu_s"] = (cpuTime() - cpu0).Seconds()
	res["unpruned_timed_evaluations"] = part.Evaluated
	perEval := el / float64(part.Evaluated)
	// Pass t (t = 0..k-1 centres before it) scans the n - t points not yet
	// chosen, the newest centre included.
	var total float64
	for t := 0; t < k; t++ {
		total += float64(*n - t)
	}
	res["unpruned_passes_timed"] = p
	res["unpruned_evaluations_full"] = total
	res["unpruned_s_extrapolated"] = total * perEval
	same := true
	for i := 0; i < len(part.Order); i++ {
		same = same && part.Order[i] == sel.Order[i]
	}
	res["same_selection_prefix"] = same
	return emit(res)
}
