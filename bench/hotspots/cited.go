package main

import (
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"strconv"
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
//
// With dump set it also writes, into that directory, the citations as the
// judges stored them (citations.csv: judged row, judge, id), the spec's
// clause ids (spec_ids.txt) and what it computed (go_cited.csv: the cited
// per-clause statistics; go_boot.csv: the retrieved lifts' cluster-bootstrap
// intervals), for pandas_cited.py to recompute and compare.
func benchCited(in *analysis.HotspotInput, bootReps int, dump string) {
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
	if dump != "" {
		if err := dumpCitations(dump, sp, fields); err != nil {
			log.Fatal(err)
		}
	}
	t0 := time.Now()
	c0 := cpuTime()
	cites, rep, err := sp.ResolveCited(j.Judges, fields, func(r int) string { return fmt.Sprint("row ", r) })
	if err != nil {
		log.Fatal(err)
	}
	tResolve := time.Since(t0)
	cin := *in
	if _, err := analysis.CitedSides(&cin, cites); err != nil {
		log.Fatal(err)
	}
	res, err := analysis.Hotspots(&cin, analysis.HotspotOptions{})
	if err != nil {
		log.Fatal(err)
	}
	tCited, cCited := time.Since(t0), cpuTime()-c0
	// The same steps with classification reduced to nothing (no candidate
	// reaches MinCount): the statistics alone, what pandas_cited.py computes.
	t0, c0 = time.Now(), cpuTime()
	cites2, _, err := sp.ResolveCited(j.Judges, fields, func(r int) string { return fmt.Sprint("row ", r) })
	if err != nil {
		log.Fatal(err)
	}
	sin := *in
	if _, err := analysis.CitedSides(&sin, cites2); err != nil {
		log.Fatal(err)
	}
	if _, err := analysis.Hotspots(&sin, analysis.HotspotOptions{MinCount: math.MaxInt}); err != nil {
		log.Fatal(err)
	}
	tStats, cStats := time.Since(t0), cpuTime()-c0
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
	c0 = cpuTime()
	boot, err := ret.LiftClusterCIs(in, bootReps, 0.95, 1)
	if err != nil {
		log.Fatal(err)
	}
	tBoot, cBoot := time.Since(t0), cpuTime()-c0
	fmt.Printf("go cited: %d judged rows x %d judges, %d ids (%d unknown): resolve %.3f s; CitedSides+Hotspots %.3f s (resolve included: %.3f s wall, %.3f s CPU; statistics only, no classification: %.3f s wall, %.3f s CPU; %d of %d scenarios judged, %d clause pairs, %d hot spots); agreement %.3f s (hit %d of %d, chance %.3f); cluster bootstrap of %d clause lifts, %d reps %.3f s wall, %.3f s CPU\n",
		j.Rows, len(j.Judges), rep.Resolved[0]+rep.Resolved[1]+rep.Resolved[2]+rep.TotalUnknown(), rep.TotalUnknown(), tResolve.Seconds(),
		(tCited - tResolve).Seconds(), tCited.Seconds(), cCited.Seconds(), tStats.Seconds(), cStats.Seconds(), res.Scenarios, len(in.D), len(res.Pairs), len(res.Hotspots), tAgree.Seconds(), a.Hit, a.Scenarios, a.Chance,
		len(in.Clauses), bootReps, tBoot.Seconds(), cBoot.Seconds())
	if dump != "" {
		if err := dumpResults(dump, res, ret, boot); err != nil {
			log.Fatal(err)
		}
	}
}

// dumpCitations writes the stored citation ids, long form, and the spec's
// clause ids in document order.
func dumpCitations(dir string, sp *spec.Spec, fields [2][][][]string) error {
	var b strings.Builder
	b.WriteString("jrow,judge,id\n")
	for f := range fields {
		for k, rows := range fields[f] {
			for i, ids := range rows {
				for _, id := range ids {
					fmt.Fprintf(&b, "%d,%d,%s\n", i, k, id)
				}
			}
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "citations.csv"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "spec_ids.txt"), []byte(strings.Join(sp.IDs(), "\n")+"\n"), 0o644)
}

// dumpResults writes the cited per-clause statistics and the retrieved
// lifts with their cluster-bootstrap intervals, one row per clause index.
func dumpResults(dir string, cited, ret *analysis.HotspotResult, boot []analysis.CI) error {
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	var b strings.Builder
	b.WriteString("clause,high_n,low_n,mean_D,high_lo,high_hi,lift,lift_lo,lift_hi,judged,noncompliant,judge_split,ambiguous_share\n")
	for c, s := range cited.ClauseStats {
		fmt.Fprintf(&b, "%d,%d,%d,%s,%s,%s,%s,%s,%s,%d,%s,%s,%s\n", c, s.HighN, s.LowN, g(s.MeanD), g(s.HighRate.Lo), g(s.HighRate.Hi),
			g(s.Lift), g(s.LiftCI.Lo), g(s.LiftCI.Hi), s.Judged, g(s.NonCompliant), g(s.JudgeSplit), g(s.AmbiguousShare))
	}
	fmt.Fprintf(&b, "# pairs %d high %d low %d\n", len(cited.Pairs), cited.High, cited.Low)
	if err := os.WriteFile(filepath.Join(dir, "go_cited.csv"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	b.Reset()
	b.WriteString("clause,lift,lo,hi,reps\n")
	for c, ci := range boot {
		fmt.Fprintf(&b, "%d,%s,%s,%s,%d\n", c, g(ret.ClauseStats[c].Lift), g(ci.Lo), g(ci.Hi), ci.Reps)
	}
	return os.WriteFile(filepath.Join(dir, "go_boot.csv"), []byte(b.String()), 0o644)
}
