// Command load is the Go side of the dataset benchmark: it opens a dataset,
// loads one split in one of three ways and prints one JSON line with the
// wall time, the peak resident memory of the process, the Go heap retained
// by the result and the raw size of what was loaded. Run one load per
// process so that the peak is the load's own.
//
//	load DIR SPLIT positions   the int8 position columns only
//	load DIR SPLIT scenarios   positions + scenario metadata
//	load DIR SPLIT disagreement positions, then D per row over every model
//	                           (count, sum and D >= 1.5 count in "result"),
//	                           the computation duck.mjs does in SQL
//	load DIR SPLIT all         every column (responses included) as a Table
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"runtime"
	"syscall"
	"time"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/pipeline/dataset"
)

func maxRSSMB() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Maxrss) / 1024 // Linux reports KiB
}

func heapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: load DIR SPLIT positions|scenarios|all")
		os.Exit(2)
	}
	dir, split, mode := os.Args[1], os.Args[2], os.Args[3]
	baseRSS, baseHeap := maxRSSMB(), heapMB()
	start := time.Now()
	ds, err := dataset.Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sp, err := ds.Split(split)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var keep any
	var result map[string]any // the disagreement summary, compared with DuckDB's
	var raw float64           // bytes of the loaded values in their in-memory form
	switch mode {
	case "positions", "scenarios":
		p, err := sp.Positions()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		raw = float64(2 * len(p.Models) * p.Rows)
		keep = p
		if mode == "scenarios" {
			sc, err := sp.Scenarios()
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			raw += float64(sc.Rows * (3*8 + 4*16)) // 3 int64 + 4 string headers
			keep = []any{p, sc}
		}
	case "disagreement":
		// The computation the DuckDB side does in SQL (duck.mjs): D per row
		// over every model of the split, summarised.
		p, err := sp.Positions()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		d, err := analysis.Disagreement(p, pipeline.ModelSet{Name: "all", Models: p.Models})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var sum float64
		var n, high int
		for _, v := range d.D {
			if !math.IsNaN(v) {
				n++
				sum += v
				if v >= 1.5-1e-9 { // as duck.mjs: rounding of an exact 1.5 in DuckDB
					high++
				}
			}
		}
		result = map[string]any{"defined": n, "sum_d": sum, "high": high}
		raw = float64(2 * len(p.Models) * p.Rows)
		keep = d
	case "all":
		t, err := sp.Table(0, -1)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for _, c := range t.Columns {
			raw += float64(len(c.Ints)*8 + len(c.Floats)*8)
			for _, s := range c.Strings {
				raw += float64(len(s))
			}
		}
		keep = t
	default:
		fmt.Fprintln(os.Stderr, "mode must be positions, scenarios, disagreement or all")
		os.Exit(2)
	}
	secs := time.Since(start).Seconds()
	heap := heapMB() - baseHeap
	out := map[string]any{
		"tool": "go", "mode": mode, "rows": sp.Rows, "seconds": secs,
		"peak_rss_mb": maxRSSMB(), "base_rss_mb": baseRSS, "retained_heap_mb": heap,
		"raw_mb": raw / (1 << 20), "gomaxprocs": runtime.GOMAXPROCS(0),
	}
	if result != nil {
		out["result"] = result
	}
	runtime.KeepAlive(keep)
	json.NewEncoder(os.Stdout).Encode(out)
}
