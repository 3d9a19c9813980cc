package typecheck

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
)

// session200 returns cells holding about 200 lines of declarations: types
// with methods, funcs, a const group and top-level variables of compiled
// types (gota, gonum, slices, maps), as an exploratory notebook grows.
func session200() []string {
	var cells []string
	cells = append(cells, "const (\n\tLow = iota\n\tMid\n\tHigh\n\tTop\n)")
	for i := 0; i < 10; i++ {
		cells = append(cells, fmt.Sprintf(`// Rec%[1]d is a record.
type Rec%[1]d struct {
	Name  string
	Score float64
	Tags  []string
	Level int
}

func (r Rec%[1]d) Weighted(w float64) float64 {
	return r.Score * w
}`, i))
	}
	for i := 0; i < 20; i++ {
		cells = append(cells, fmt.Sprintf(`func helper%[1]d(xs []float64, k int) (float64, error) {
	if k <= 0 {
		return 0, fmt.Errorf("k = %%d", k)
	}
	return stat.Mean(xs, nil) * float64(k), nil
}`, i))
	}
	for i := 0; i < 10; i++ {
		cells = append(cells, fmt.Sprintf("vals%[1]d := []float64{1, 2, 3}\nidx%[1]d := map[string]int{\"a\": %[1]d}\nr%[1]d := Rec%[1]d{Name: \"x\", Score: 2}", i))
	}
	cells = append(cells, "df := dataframe.LoadRecords([][]string{{\"a\", \"b\"}, {\"1\", \"2\"}})\nm := mat.NewDense(2, 2, nil)\np := plot.New()")
	return cells
}

// benchCell is a typical analysis cell: a loop, a session func, a method of
// a session type, gota and a generic call.
const benchCell = `avg, err := helper3(vals1, 2)
var hits []int
for i, v := range vals2 {
	if v > avg {
		hits = append(hits, i)
	}
}
keys := slices.Sorted(maps.Keys(idx4))
fmt.Println(len(keys), df.Nrow(), err)
r5.Weighted(avg) + float64(len(hits))`

// BenchmarkCheck measures checking a typical cell on a session of about
// 200 lines of declarations (the cell is checked, not committed, so the
// session stays the same). It reports the median and 90th percentile.
func BenchmarkCheck(b *testing.B) {
	s := newSession()
	cells := session200()
	lines := 0
	for _, c := range cells {
		lines += strings.Count(c, "\n") + 1
		r := s.Check(c)
		if len(r.Errors) > 0 || r.Unsure != "" {
			b.Fatalf("%q: %v %s", c, r.Errors, r.Unsure)
		}
		s.Commit(r, true)
	}
	if r := s.Check(benchCell); len(r.Errors) > 0 || r.Unsure != "" {
		b.Fatalf("bench cell: %v %s", r.Errors, r.Unsure)
	}
	var ds []time.Duration
	for b.Loop() {
		t0 := time.Now()
		s.Check(benchCell)
		ds = append(ds, time.Since(t0))
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(ds[len(ds)*9/10].Microseconds()), "p90-µs")
	b.ReportMetric(float64(lines), "session-lines")
}

// BenchmarkFirstCheck measures a fresh session's first cell, which
// decodes the preloaded packages it uses (once per process: later
// sessions share them).
func BenchmarkFirstCheck(b *testing.B) {
	for b.Loop() {
		s := newSession()
		if r := s.Check("df := dataframe.New()\np := plot.New()\nfmt.Println(df, p)"); r.Err() != nil {
			b.Fatal(r.Err())
		}
	}
}
