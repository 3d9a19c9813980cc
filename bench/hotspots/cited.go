package main

import (
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/pipeline/spec"
)

// benchCited times the evidence paths added beside retrieval on the same
// input: resolving stored citation ids against a spec (spec.ResolveCited),
// CitedSides plus Hotspots on the cited input, the retrieval-vs-citation
// agreement, and the cluster bootstrap of the clause lifts. The judges'
// citations are synthetic: a compliant judge cites the clauses covering
// value 1, a flagging one those of value 2, with one id in 200 misspelt.
func benchCited(in *analysis.HotspotInput, bootReps int) {
	var md strings.Builder
	for c := range in.Clauses {
		fmt.Fprintf(&md, "# Clause %d\ntext of clause %d\n", c, c)
	}
	sp, err := spec.Parse("bench.md", strings.NewReader(md.String()))
	if err != nil {
		log.Fatal(err)
	}
	if len(sp.Clauses) != len(in.Clauses) {
		log.Fatalf("bench spec has %d clauses, want %d", len(sp.Clauses), len(in.Clauses))
	}
	j := in.Judged
	row := map[pipeline.ScenarioKey]int{}
	for r, k := range in.Keys {
		row[k] = r
	}
	var fields [2][][][]string
	for f := range fields {
		fields[f] = make([][][]string, len(j.Judges))
	}
	n := 0
	for k := range j.Judges {
		for f := range fields {
			fields[f][k] = make([][]string, j.Rows)
		}
		for i := 0; i < j.Rows; i++ {
			r := row[j.Keys[i]]
			side := in.Side1[r]
			if j.Decisions[k][i].Problematic() {
				side = in.Side2[r]
			}
			ids := []string{}
			for _, c := range side {
				id := sp.Clauses[c].ID
				if n++; n%200 == 0 {
					id += "x"
				}
				ids = append(ids, id)
			}
			fields[0][k][i], fields[1][k][i] = ids, []string{}
		}
	}
	t0 := time.Now()
	cites, rep, err := sp.ResolveCited(j.Judges, fields, func(r int) string { return fmt.Sprint("row ", r) })
	if err != nil {
		log.Fatal(err)
	}
	tResolve := time.Since(t0)
	t0 = time.Now()
	cin := *in
	if _, err := analysis.CitedSides(&cin, cites); err != nil {
		log.Fatal(err)
	}
	res, err := analysis.Hotspots(&cin, analysis.HotspotOptions{})
	if err != nil {
		log.Fatal(err)
	}
	tCited := time.Since(t0)
	t0 = time.Now()
	a, err := analysis.CitationAgreement(in, &cin, 0)
	if err != nil {
		log.Fatal(err)
	}
	tAgree := time.Since(t0)
	ret, err := analysis.Hotspots(in, analysis.HotspotOptions{})
	if err != nil {
		log.Fatal(err)
	}
	t0 = time.Now()
	c0 := cpuTime()
	if _, err := ret.LiftClusterCIs(in, bootReps, 0.95, 1); err != nil {
		log.Fatal(err)
	}
	tBoot, cBoot := time.Since(t0), cpuTime()-c0
	fmt.Printf("go cited: %d judged rows x %d judges, %d ids (%d unknown): resolve %.3f s; CitedSides+Hotspots %.3f s (%d of %d scenarios judged, %d hot spots); agreement %.3f s (hit %d of %d, chance %.3f); cluster bootstrap of %d clause lifts, %d reps %.3f s wall, %.3f s CPU\n",
		j.Rows, len(j.Judges), rep.Resolved[0]+rep.Resolved[1]+rep.Resolved[2]+rep.TotalUnknown(), rep.TotalUnknown(), tResolve.Seconds(),
		tCited.Seconds(), res.Scenarios, len(in.D), len(res.Hotspots), tAgree.Seconds(), a.Hit, a.Scenarios, a.Chance,
		len(in.Clauses), bootReps, tBoot.Seconds(), cBoot.Seconds())
}
