package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/specstress/specstress/kernel/notebook"
	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/pipeline/dataset"
	"github.com/specstress/specstress/pipeline/spec"
)

// analyze hotspots needs a spec beside the dataset, so it has its own flag
// set and is added to the analyze command as a subcommand of its own.
func init() {
	addAnalyzeSub("hotspots", "analyze hotspots DIR --spec SPEC.md: the spec clauses disagreement implicates", analyzeHotspotsUsage, runAnalyzeHotspots)
}

const analyzeHotspotsUsage = `usage: specstress analyze hotspots DIR --spec SPEC.md [--split S] [--models M] [--top K]
         [--min-score X] [--min-count N] [--evidence auto|retrieved|cited|both] [--bootstrap B]
         [--table hotspots|clauses|pairs|gaps|agreement] [--format table|csv|json] [--html FILE]

  hotspots      the clauses of a spec that disagreement implicates: per clause its
                implication in high (D >= 1.5) vs low-disagreement scenarios (lift with
                a log interval), judge statistics where judge_evaluations exists;
                clause pairs on opposite sides of high-D scenarios (contradictions),
                values no clause covers (gaps), and the ranked, classified hot spots.
                Evidence: clauses retrieved by the offline embedder for each side's
                value, and the clauses judges cite (<judge>_clauses/_violated in
                judge_evaluations, written by specstress judge with a spec); auto uses
                both when the judge files carry citations (each table then has an
                evidence column, and an agreement table compares the two), else
                retrieval. Cited ids the spec lacks are left out, counted and named
                (file, row) in a warning and the notes. Default split complete/train
                (every scenario: the default splits hold only high-D rows, so they
                have no low-disagreement baseline). csv/json write one table (--table);
                --html writes a page with each hot spot's clause text beside its evidence.`

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
	table := fs.String("table", "hotspots", "csv/json: hotspots, clauses, pairs, gaps or agreement")
	evidence := fs.String("evidence", evidenceAuto, "auto, retrieved, cited or both")
	boot := fs.Int("bootstrap", 1000, "replicates of the clause lifts' cluster bootstrap over value pairs (0: none)")
	htmlOut := fs.String("html", "", "also write an HTML page of the hot spots with each clause's text to `FILE`")
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
	case *boot < 0:
		return fail(2, "--bootstrap %d: want 0 (none) or more replicates", *boot)
	case *minCount < 1:
		return fail(2, "--min-count %d: want at least 1", *minCount)
	}
	ti := slices.Index(hotspotTableNames, *table)
	if ti < 0 {
		return fail(2, "--table %q: want hotspots, clauses, pairs, gaps or agreement", *table)
	}
	if !slices.Contains([]string{evidenceAuto, evidenceRetrieved, evidenceCited, evidenceBoth}, *evidence) {
		return fail(2, "--evidence %q: want auto, retrieved, cited or both", *evidence)
	}
	sp, err := spec.ReadFile(*specPath)
	if err != nil {
		return fail(1, "%v", err)
	}
	ds, err := dataset.Open(pos[0])
	if err != nil {
		return fail(1, "%v", err)
	}
	run, err := runHotspots(ds, sp, hotspotOpts{split: *split, models: *models, top: *top, minScore: float32(*minScore),
		minCount: *minCount, evidence: *evidence, bootstrap: *boot}, stderr)
	if err != nil {
		return fail(1, "%v", err)
	}
	all := run.tables()
	if *htmlOut != "" {
		if err := os.WriteFile(*htmlOut, []byte(notebook.Page("Spec hot spots", run.html())), 0o644); err != nil {
			return fail(1, "%v", err)
		}
	}
	var tables []*analysis.Table
	if *format != "table" {
		if all[ti] == nil {
			return fail(1, "--table agreement: needs both evidences (judge files with clause citations and --evidence auto or both)")
		}
		tables = all[ti : ti+1]
	} else {
		for _, t := range all {
			if t != nil {
				tables = append(tables, t)
			}
		}
	}
	if err := writeTables(stdout, tables, *format); err != nil {
		return fail(1, "%v", err)
	}
	return 0
}
