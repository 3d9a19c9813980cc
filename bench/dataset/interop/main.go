// Command interop checks that pipeline/dataset and DuckDB agree on the
// layout's files in both directions:
//
//  1. files written by dataset.WriteSplit (the embedded sample, plus a table
//     with nulls, NaN, empty and non-ASCII strings over several shards and
//     row groups) read in DuckDB with the same row counts, null counts, sums
//     and string lengths as in Go;
//  2. a file written by DuckDB (BIGINT, INTEGER and DOUBLE positions with
//     nulls, dictionary-encoded strings, NaN doubles, several row groups) reads in Go with
//     the values DuckDB was asked to write.
//
// Run from the repository root after `npm install` in bench/dataset:
//
//	go run ./bench/dataset/interop
//
// It exits non-zero on any disagreement.
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"unicode/utf8"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/dataset"
)

var failures int

func failf(format string, args ...any) {
	failures++
	fmt.Printf("FAIL "+format+"\n", args...)
}

func duck(args ...string) map[string]any {
	cmd := exec.Command("node", append([]string{"bench/dataset/duck.mjs"}, args...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		fmt.Println("interop: node duck.mjs", args, "failed:", err)
		os.Exit(1)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		fmt.Println("interop: bad JSON from duck.mjs:", err)
		os.Exit(1)
	}
	return m
}

// compareSplit reads every column of a split in Go and compares its
// summary with DuckDB's.
func compareSplit(sp *dataset.Split) {
	glob := filepath.Join(filepath.Dir(sp.Shards[0].Path), sp.Name+"-*.parquet")
	d := duck("summary", glob)
	if int(d["n"].(float64)) != sp.Rows {
		failf("%s: DuckDB counts %v rows, Go %d", glob, d["n"], sp.Rows)
	}
	t, err := sp.Table(0, -1)
	if err != nil {
		failf("%s: %v", glob, err)
		return
	}
	for _, c := range t.Columns {
		nonNull, sum := 0, 0.0
		for r := 0; r < c.Len(); r++ {
			if c.IsNull(r) {
				continue
			}
			nonNull++
			switch c.Kind {
			case dataset.Int64:
				sum += float64(c.Ints[r])
			case dataset.Float64:
				sum += c.Floats[r]
			default:
				sum += float64(utf8.RuneCountInString(c.Strings[r]))
			}
		}
		if got := d["nn:"+c.Name]; got != float64(nonNull) {
			failf("%s: column %s: DuckDB sees %v non-null cells, Go %d", glob, c.Name, got, nonNull)
		}
		key := "sum:" + c.Name
		if c.Kind == dataset.String {
			key = "len:" + c.Name
		}
		got, _ := d[key].(float64)
		if nonNull > 0 && math.Abs(got-sum) > 1e-6*math.Max(1, math.Abs(sum)) {
			failf("%s: column %s: DuckDB %s = %v, Go %v", glob, c.Name, key, got, sum)
		}
	}
	fmt.Printf("ok   %s: %d rows, %d columns agree\n", glob, sp.Rows, len(t.Columns))
}

func tricky(dir string) {
	n := 2500
	tab := &dataset.Table{}
	ints, f, s, ds := make([]int64, n), make([]float64, n), make([]string, n), make([]string, n)
	inull, snull := make([]bool, n), make([]bool, n)
	pos := make([]int8, n)
	for i := 0; i < n; i++ {
		ints[i], inull[i] = int64(i*i-1000), i%7 == 0
		f[i] = float64(i) / 8
		if i%9 == 0 {
			f[i] = math.NaN()
		}
		s[i], snull[i] = fmt.Sprintf("naïve – %d – 日本", i), i%5 == 0
		if i%4 == 0 {
			s[i] = ""
		}
		ds[i] = []string{"alpha", "beta", "", "γ"}[i%4]
		pos[i] = int8(i%8) - 1
	}
	tab.AddInts("ints", ints, inull)
	tab.AddFloats("floats", f)
	tab.AddStrings("text", s, snull, false)
	tab.AddStrings("dict", ds, nil, true)
	tab.AddPositions("m_value1_position", pos)
	if _, err := dataset.WriteSplit(dir, dataset.Default, "tricky", tab, dataset.WriteOptions{Shards: 3, RowGroupRows: 300}); err != nil {
		fmt.Println("interop:", err)
		os.Exit(1)
	}
}

func fromDuck(dir string) {
	path := filepath.Join(dir, "duck.parquet")
	const n = 5000
	duck("write", path, fmt.Sprint(n))
	ds, err := dataset.Open(path)
	if err != nil {
		failf("open DuckDB file: %v", err)
		return
	}
	sp, err := ds.Split("duck")
	if err != nil {
		failf("%v", err)
		return
	}
	pos, err := sp.Positions()
	if err != nil {
		failf("DuckDB file positions: %v", err)
		return
	}
	sc, err := sp.Scenarios()
	if err != nil {
		failf("DuckDB file scenarios: %v", err)
		return
	}
	q, err := sp.Queries()
	if err != nil {
		failf("DuckDB file queries: %v", err)
		return
	}
	want := func(i int, null bool, v int) int8 {
		if null {
			return pipeline.NullPosition
		}
		return int8(v)
	}
	for i := 0; i < n; i++ {
		exp := [3][2]int8{
			{want(i, i%11 == 0, i%7), want(i, false, i*3%7)},
			{want(i, i%13 == 0, i%7), want(i, false, (i+1)%7)},
			{want(i, i%5 == 0, (i+2)%7), want(i, i%17 == 0, (i+3)%7)}, // NaN reads as null
		}
		for m := 0; m < 3; m++ {
			if pos.Value1[m][i] != exp[m][0] || pos.Value2[m][i] != exp[m][1] {
				failf("DuckDB file row %d model %s: positions %d,%d, want %v", i, pos.Models[m], pos.Value1[m][i], pos.Value2[m][i], exp[m])
				return
			}
		}
		wantQ := fmt.Sprintf("query %d ünïcode", i)
		if i%10 == 0 {
			wantQ = ""
		}
		if q[i] != wantQ || sc.Rank[i] != int64(i) || sc.Chunk[i] != int64(i/3) || sc.Nudge[i] != pipeline.Nudges()[i%3] {
			failf("DuckDB file row %d: query %q rank %d chunk %d nudge %s", i, q[i], sc.Rank[i], sc.Chunk[i], sc.Nudge[i])
			return
		}
	}
	fmt.Printf("ok   %s: %d DuckDB-written rows read back in Go (int64, int32, double positions)\n", path, n)
}

func main() {
	dir, err := os.MkdirTemp("", "specstress-interop-")
	if err != nil {
		fmt.Println("interop:", err)
		os.Exit(1)
	}
	defer os.RemoveAll(dir)
	tricky(dir)
	for _, root := range []string{"notebooks/data/sample", dir} {
		ds, err := dataset.Open(root)
		if err != nil {
			fmt.Println("interop:", err)
			os.Exit(1)
		}
		for _, sp := range ds.Splits() {
			compareSplit(sp)
		}
	}
	fromDuck(dir)
	if failures > 0 {
		fmt.Printf("interop: %d disagreements\n", failures)
		os.Exit(1)
	}
	fmt.Println("interop: Go and DuckDB agree")
}
