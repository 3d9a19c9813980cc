package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/pipeline/dataset"
	"github.com/specstress/specstress/pipeline/embed"
	"github.com/specstress/specstress/pipeline/spec"
)

// analyze hotspots needs a spec beside the dataset, so it has its own flag
// set: this file wraps the analyze command registered by analyze.go (files
// initialise in name order) and hands every other subcommand on.
func init() {
	registerSubs("analyze", "hotspots")
	prev, ok := commands["analyze"]
	if !ok {
		panic("analyze_hotspots.go: the analyze command is not registered yet")
	}
	commands["analyze"] = command{summary: prev.summary + "; analyze hotspots DIR --spec SPEC.md: the spec clauses disagreement implicates",
		run: func(args []string, stdout, stderr io.Writer) int {
			if len(args) > 0 && args[0] == "hotspots" {
				return runAnalyzeHotspots(args[1:], stdout, stderr)
			}
			code := prev.run(args, stdout, stderr)
			if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
				fmt.Fprintln(stderr, "\n"+analyzeHotspotsUsage)
			}
			return code
		}}
}

const analyzeHotspotsUsage = `usage: specstress analyze hotspots DIR --spec SPEC.md [--split S] [--models M] [--top K]
         [--min-score X] [--min-count N] [--table hotspots|clauses|pairs|gaps] [--format table|csv|json]

  hotspots      the clauses of a spec that disagreement implicates: per clause its
                implication in high (D >= 1.5) vs low-disagreement scenarios (lift with
                a log interval), judge statistics where judge_evaluations exists;
                clause pairs on opposite sides of high-D scenarios (contradictions),
                values no clause covers (gaps), and the ranked, classified hot spots.
                Evidence: clauses retrieved by the offline embedder for each side's
                value (judge citations are not read yet). Default split complete/train
                (every scenario: the default splits hold only high-D rows, so they
                have no low-disagreement baseline). csv/json write one table (--table).`

func runAnalyzeHotspots(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("analyze hotspots", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, analyzeHotspotsUsage) }
	specPath := fs.String("spec", "", "the spec, Markdown or plain text (required)")
	split := fs.String("split", "", "split name (default complete/train)")
	models := fs.String("models", "", "model subset or comma-separated ids")
	top := fs.Int("top", 1, "clauses retrieved per side of a scenario")
	minScore := fs.Float64("min-score", spec.DefaultMinScore, "least cosine similarity for a retrieved clause")
	minCount := fs.Int("min-count", 5, "fewest high-D scenarios for a hot spot")
	table := fs.String("table", "hotspots", "csv/json: hotspots, clauses, pairs or gaps")
	format := fs.String("format", "table", "table, csv or json")
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	fail := func(code int, f string, a ...any) int {
		fmt.Fprintf(stderr, "specstress analyze hotspots: "+f+"\n", a...)
		return code
	}
	switch {
	case len(pos) != 1:
		return fail(2, "want one dataset directory, got %d arguments\n\n%s", len(pos), analyzeHotspotsUsage)
	case *specPath == "":
		return fail(2, "--spec SPEC.md is required (the spec whose clauses to rank)")
	case !slices.Contains([]string{"table", "csv", "json"}, *format):
		return fail(2, "--format %q: want table, csv or json", *format)
	case *top < 1:
		return fail(2, "--top %d: want at least 1", *top)
	case *minCount < 1:
		return fail(2, "--min-count %d: want at least 1", *minCount)
	}
	tableNames := []string{"hotspots", "clauses", "pairs", "gaps"}
	ti := slices.Index(tableNames, *table)
	if ti < 0 {
		return fail(2, "--table %q: want hotspots, clauses, pairs or gaps", *table)
	}
	sp, err := spec.ReadFile(*specPath)
	if err != nil {
		return fail(1, "%v", err)
	}
	ds, err := dataset.Open(pos[0])
	if err != nil {
		return fail(1, "%v", err)
	}
	tables, err := hotspotTables(ds, sp, *split, *models, *top, float32(*minScore), *minCount, stderr)
	if err != nil {
		return fail(1, "%v", err)
	}
	if *format != "table" {
		tables = tables[ti : ti+1]
	}
	if err := writeTables(stdout, tables, *format); err != nil {
		return fail(1, "%v", err)
	}
	return 0
}

func hotspotTables(ds *dataset.Dataset, sp *spec.Spec, splitFlag, modelsFlag string, top int, minScore float32, minCount int, warn io.Writer) ([]*analysis.Table, error) {
	sel, err := resolveSelection(ds, splitFlag, modelsFlag, defaultExtensionSplit, "analyze hotspots")
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	pos, err := sel.split.PositionsOf(ctx, sel.set.Models)
	if err != nil {
		return nil, err
	}
	sc, err := sel.split.Scenarios()
	if err != nil {
		return nil, err
	}
	if sc.Value1 == nil || sc.Value2 == nil {
		return nil, fmt.Errorf("split %s has no value1/value2 columns to retrieve clauses for", sel.splitName())
	}
	d, err := analysis.Disagreement(pos, sel.set)
	if err != nil {
		return nil, err
	}
	const dim = 512
	ret, err := spec.NewRetriever(ctx, embed.Hashed{Dim: dim}, sp)
	if err != nil {
		return nil, err
	}
	s1, s2, err := ret.Sides(ctx, sc.Value1, sc.Value2, top, minScore)
	if err != nil {
		return nil, err
	}
	in := &analysis.HotspotInput{Clauses: sp.IDs(), Evidence: "retrieved", D: d.D, Value1: sc.Value1, Value2: sc.Value2, Side1: s1, Side2: s2}
	in.Keys = make([]pipeline.ScenarioKey, sc.Rows)
	for r := range in.Keys {
		in.Keys[r] = sc.Key(r)
	}
	judgeNote := "none: the dataset has no " + dataset.JudgeEvaluations + " config"
	if slices.Contains(ds.Configs(), dataset.JudgeEvaluations) {
		j, rep, err := ds.ReadJudgments()
		if err != nil {
			return nil, err
		}
		for _, w := range rep.Warnings() {
			fmt.Fprintln(warn, "warning:", w)
		}
		in.Judged = j
		judgeNote = fmt.Sprintf("%s (every bin: %s), judges %s", dataset.JudgeEvaluations, strings.Join(rep.Splits, ", "), strings.Join(j.Judges, ", "))
	}
	res, err := analysis.Hotspots(in, analysis.HotspotOptions{MinCount: minCount})
	if err != nil {
		return nil, err
	}
	tables := res.Tables()
	// The clause's own words beside its evidence, so a spec author sees what
	// to rewrite without opening the spec.
	hs := tables[0]
	hs.Columns = append(hs.Columns, "clause_text")
	for i, h := range res.Hotspots {
		hs.Rows[i] = append(hs.Rows[i], hotspotText(sp, h))
	}
	sel.annotate(tables, d.Rows)
	for _, t := range tables {
		t.Note("spec", fmt.Sprintf("%s (%s, %d clauses, %d words)", sp.Source, sp.Format, len(sp.Clauses), sp.Words()))
		t.Note("retrieval", fmt.Sprintf("offline hashed embedder (%d dims), top %d clause(s) per side's value name, cosine >= %g", dim, top, minScore))
		t.Note("judge data", judgeNote)
	}
	return tables, nil
}

// hotspotText is the text of a hot spot's clause(s), shortened.
func hotspotText(sp *spec.Spec, h analysis.Hotspot) string {
	if h.Kind == "gap" {
		return "(no clause covers this value)"
	}
	var parts []string
	for _, id := range strings.Split(h.Subject, " <> ") {
		if i := sp.Index(id); i >= 0 {
			parts = append(parts, shorten(strings.Join(strings.Fields(sp.Clauses[i].Text), " "), 160))
		}
	}
	return strings.Join(parts, " <> ")
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
