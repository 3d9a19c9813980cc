package repl

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
)

// benchSession is about 200 lines of declarations in cells: a const group,
// types with methods, funcs and top-level variables of compiled types.
func benchSession() []string {
	cells := []string{"const (\n\tLow = iota\n\tMid\n\tHigh\n\tTop\n)"}
	for i := 0; i < 10; i++ {
		cells = append(cells, fmt.Sprintf("// Rec%[1]d is a record.\ntype Rec%[1]d struct {\n\tName  string\n\tScore float64\n\tTags  []string\n\tLevel int\n}\n\nfunc (r Rec%[1]d) Weighted(w float64) float64 {\n\treturn r.Score * w\n}", i))
	}
	for i := 0; i < 20; i++ {
		cells = append(cells, fmt.Sprintf("func helper%[1]d(xs []float64, k int) (float64, error) {\n\tif k <= 0 {\n\t\treturn 0, fmt.Errorf(\"k = %%d\", k)\n\t}\n\treturn stat.Mean(xs, nil) * float64(k), nil\n}", i))
	}
	for i := 0; i < 10; i++ {
		cells = append(cells, fmt.Sprintf("vals%[1]d := []float64{1, 2, 3}\nidx%[1]d := map[string]int{\"a\": %[1]d}\nr%[1]d := Rec%[1]d{Name: \"x\", Score: 2}", i))
	}
	return append(cells, "df := dataframe.LoadRecords([][]string{{\"a\", \"b\"}, {\"1\", \"2\"}})")
}

// benchCellCode is a typical analysis cell on that session.
const benchCellCode = `avg, err := helper3(vals1, 2)
var hits []int
for i, v := range vals2 {
	if v > avg {
		hits = append(hits, i)
	}
}
var keys []string
for k := range idx4 {
	keys = append(keys, k)
}
sort.Strings(keys)
_ = fmt.Sprint(len(keys), df.Nrow(), err)
r5.Weighted(avg) + float64(len(hits))`

// BenchmarkExecuteSession200 measures a typical cell's latency through the
// engine on a session of about 200 lines of declarations, with the type
// checker (checked) and without it (today's engine before the checker),
// reporting the median and 90th percentile.
func BenchmarkExecuteSession200(b *testing.B) {
	for _, on := range []bool{false, true} {
		name := "unchecked"
		if on {
			name = "checked"
		}
		b.Run(name, func(b *testing.B) {
			typeCheckCells = on
			defer func() { typeCheckCells = true }()
			e := newEngine(b)
			lines := 0
			for _, c := range benchSession() {
				lines += strings.Count(c, "\n") + 1
				mustRun(b, e, c)
			}
			mustRun(b, e, benchCellCode)
			ctx := context.Background()
			var ds []time.Duration
			for b.Loop() {
				t0 := time.Now()
				if res := e.Execute(ctx, benchCellCode, &recorder{}); res.Error != nil {
					b.Fatal(res.Error.Value)
				}
				ds = append(ds, time.Since(t0))
			}
			sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
			b.ReportMetric(float64(ds[len(ds)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(ds[len(ds)*9/10].Microseconds()), "p90-µs")
			b.ReportMetric(float64(lines), "session-lines")
		})
	}
}
