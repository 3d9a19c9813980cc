// Command hotspots times analysis.Hotspots at the paper's scale (411,000
// scenarios) against a spec of 200 clauses, and writes the same inputs as
// CSV for pandas_hotspots.py, which run.sh times in the same run.
//
// The input is synthetic: 3,307 values (the taxonomy's size), each covered
// by one or two of the clauses or (5 %) by none; pairs of values drawn at
// random, with 20 planted contradicting clause pairs whose scenarios are
// mostly high-D. Judged responses: one per 8 scenarios, three judges.
package main

import (
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
)

func main() {
	n := flag.Int("n", 411000, "scenarios")
	nc := flag.Int("clauses", 200, "spec clauses")
	reps := flag.Int("reps", 3, "repetitions (best is reported)")
	out := flag.String("out", "", "directory for the CSV inputs of pandas_hotspots.py (empty: none)")
	cited := flag.Int("boot", 1000, "cluster-bootstrap replicates for the cited-evidence timings (0: skip them)")
	dump := flag.String("dump", "", "directory for the citations and the cited and bootstrap results, for pandas_cited.py (empty: none)")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	onlyCited := flag.Bool("only-cited", false, "time only the cited-evidence paths (skip the retrieved timing)")
	flag.Parse()
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	in := build(*n, *nc)
	if *out != "" {
		if err := writeCSV(*out, in); err != nil {
			log.Fatal(err)
		}
	}
	if *onlyCited {
		benchCited(in, *cited, *dump)
		return
	}
	runtime.GC()
	var best time.Duration
	var res *analysis.HotspotResult
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	cpu0 := cpuTime()
	for i := 0; i < *reps; i++ {
		t0 := time.Now()
		var err error
		res, err = analysis.Hotspots(in, analysis.HotspotOptions{})
		if err != nil {
			log.Fatal(err)
		}
		if d := time.Since(t0); i == 0 || d < best {
			best = d
		}
	}
	cpu := (cpuTime() - cpu0) / time.Duration(*reps)
	runtime.ReadMemStats(&m1)
	alloc := (m1.TotalAlloc - m0.TotalAlloc) / uint64(*reps)
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	high := 0
	for _, c := range res.ClauseStats {
		high += c.HighN
	}
	kinds := map[string]int{}
	for _, h := range res.Hotspots {
		kinds[h.Kind]++
	}
	fmt.Printf("go: scenarios %d clauses %d GOMAXPROCS %d: best of %d %.3f s wall, %.3f s CPU per run; %d MiB allocated per run; max RSS %d MiB (inputs and CSV writing included)\n",
		*n, *nc, runtime.GOMAXPROCS(0), *reps, best.Seconds(), cpu.Seconds(), alloc>>20, ru.Maxrss/1024)
	fmt.Printf("go: high %d, sum of clause high_n %d, pairs %d, gaps %d, hot spots %v\n", res.High, high, len(res.Pairs), len(res.Gaps), kinds)
	if *cited > 0 {
		benchCited(in, *cited, *dump)
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func build(n, nc int) *analysis.HotspotInput {
	rng := rand.New(rand.NewPCG(1, 2))
	const nv = 3307
	in := &analysis.HotspotInput{Evidence: "retrieved"}
	for c := 0; c < nc; c++ {
		in.Clauses = append(in.Clauses, fmt.Sprintf("section-%d/clause-%d", c/10, c))
	}
	cover := make([][]int32, nv)
	for v := range cover {
		switch u := rng.Float64(); {
		case u < 0.05:
		case u < 0.6:
			cover[v] = []int32{int32(rng.IntN(nc))}
		default:
			cover[v] = []int32{int32(rng.IntN(nc)), int32(rng.IntN(nc))}
		}
	}
	// planted contradictions: value pairs (2k, 2k+1) for k < 20 are
	// contested, and their values cover distinct clauses
	for r := 0; r < n; r++ {
		a, b := rng.IntN(nv), rng.IntN(nv)
		p := 0.1
		if rng.Float64() < 0.05 {
			k := rng.IntN(20)
			a, b, p = 2*k, 2*k+1, 0.8
		}
		d := rng.Float64() * 1.49
		if rng.Float64() < p {
			d = 1.5 + rng.Float64()*1.5
		}
		in.D = append(in.D, d)
		in.Keys = append(in.Keys, pipeline.ScenarioKey{Chunk: int64(r / 100), Entry: int64(r % 100), Nudge: pipeline.Neutral})
		in.Value1 = append(in.Value1, "value "+strconv.Itoa(a))
		in.Value2 = append(in.Value2, "value "+strconv.Itoa(b))
		in.Side1 = append(in.Side1, cover[a])
		in.Side2 = append(in.Side2, cover[b])
	}
	j := &pipeline.Judgments{Judges: []string{"j1", "j2", "j3"}, Decisions: make([][]pipeline.Decision, 3)}
	for r := 0; r < n; r += 8 {
		for k := range 3 {
			j.Decisions[k] = append(j.Decisions[k], pipeline.Decision(rng.IntN(4)))
		}
		j.Keys = append(j.Keys, in.Keys[r])
		j.Model = append(j.Model, "gpt_4_1")
		j.Rows++
	}
	in.Judged = j
	return in
}

func writeCSV(dir string, in *analysis.HotspotInput) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var sc, im, jd strings.Builder
	sc.WriteString("row,D,value1,value2\n")
	im.WriteString("row,side,clause\n")
	for r := range in.D {
		fmt.Fprintf(&sc, "%d,%s,%s,%s\n", r, strconv.FormatFloat(in.D[r], 'g', -1, 64), in.Value1[r], in.Value2[r])
		for s, side := range [2][]int32{in.Side1[r], in.Side2[r]} {
			for _, c := range side {
				fmt.Fprintf(&im, "%d,%d,%s\n", r, s+1, in.Clauses[c])
			}
		}
	}
	jd.WriteString("row,j1,j2,j3\n")
	for i := 0; i < in.Judged.Rows; i++ {
		fmt.Fprintf(&jd, "%d", 8*i)
		for k := range 3 {
			s := in.Judged.Decisions[k][i].String()
			if in.Judged.Decisions[k][i] == pipeline.Missing {
				s = ""
			}
			jd.WriteString("," + s)
		}
		jd.WriteString("\n")
	}
	cl := `["` + strings.Join(in.Clauses, `","`) + `"]`
	for name, s := range map[string]string{"scenarios.csv": sc.String(), "implicated.csv": im.String(), "judged.csv": jd.String(), "clauses.json": cl} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			return err
		}
	}
	return nil
}
