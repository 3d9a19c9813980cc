package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/pipeline/stages"
)

// analyze table2 reads a run's table2.json (written by judge --table2)
// rather than a dataset, so it is added to the analyze command as a
// subcommand of its own.
func init() {
	addAnalyzeSub("table2", "analyze table2 RUN: the paper's Table 2 from judge --table2", analyzeTable2Usage, runAnalyzeTable2)
}

const analyzeTable2Usage = `usage: specstress analyze table2 RUN [--rule majority|any|both] [--level 0.95] [--format table|csv|json]

  table2        Table 2 of the paper from RUN/table2.json (written by: specstress judge
                --table2): per sample (random in S, S_high-dis, S_OpenAI) the share of
                scenarios whose judged responses all pass, at least one fails, all fail,
                with Wilson intervals and the all-fail fold ratio over the random sample.
                Default --rule both (the paper reports majority).`

func runAnalyzeTable2(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("analyze table2", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, analyzeTable2Usage) }
	rule := fs.String("rule", "both", "majority, any or both")
	level := fs.Float64("level", 0.95, "confidence level of the intervals")
	format := fs.String("format", "table", "table, csv or json")
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "specstress analyze table2: want one run directory or table2.json, got %d arguments\n\n%s\n", len(pos), analyzeTable2Usage)
		return 2
	}
	var rules []analysis.Rule
	switch *rule {
	case "majority":
		rules = []analysis.Rule{analysis.Majority}
	case "any":
		rules = []analysis.Rule{analysis.Any}
	case "both":
		rules = []analysis.Rule{analysis.Majority, analysis.Any}
	default:
		fmt.Fprintf(stderr, "specstress analyze table2: --rule %q: want majority, any or both\n", *rule)
		return 2
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		fmt.Fprintf(stderr, "specstress analyze table2: --format %q: want table, csv or json\n", *format)
		return 2
	}
	f, err := stages.ReadTable2(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "specstress analyze table2: %v\n", err)
		return 1
	}
	for _, w := range f.Warnings {
		fmt.Fprintln(stderr, "WARNING:", w)
	}
	set := pipeline.ModelSet{Name: "judged", Models: f.Judged}
	var names []string
	for i, c := range f.Columns {
		if c.N > 0 {
			names = append(names, c.Name)
			continue
		}
		if i == 0 {
			fmt.Fprintf(stderr, "specstress analyze table2: the baseline sample %s is empty (%d eligible scenarios): no fold ratio can be computed\n", c.Name, c.Pool)
			return 1
		}
		fmt.Fprintf(stderr, "specstress analyze table2: warning: sample %s is empty (0 eligible scenarios with D >= %g): left out of the table\n", c.Name, f.Options.MinStd)
	}
	var long *analysis.Table
	var tables []*analysis.Table
	for _, r := range rules {
		res, err := analysis.Table2(f.Judgments(), set, names, r, *level)
		if err != nil {
			fmt.Fprintf(stderr, "specstress analyze table2: %v\n", err)
			return 1
		}
		tables = append(tables, res.Table())
		l := res.Long()
		if long == nil {
			long = l
		} else {
			long.Rows = append(long.Rows, l.Rows...)
		}
	}
	if *format != "table" {
		long.Title = "Table 2"
		if err := writeTables(stdout, []*analysis.Table{long}, *format); err != nil {
			fmt.Fprintf(stderr, "specstress analyze table2: %v\n", err)
			return 1
		}
		return 0
	}
	fmt.Fprintf(stdout, "samples drawn with seed %d, D >= %g, judges %v:", f.Options.Seed, f.Options.MinStd, f.Judges)
	for _, c := range f.Columns {
		fmt.Fprintf(stdout, " %s %d of %d eligible;", c.Name, c.N, c.Pool)
	}
	fmt.Fprintln(stdout)
	for _, w := range f.Warnings {
		fmt.Fprintln(stdout, "WARNING:", w)
	}
	if err := writeTables(stdout, tables, "table"); err != nil {
		fmt.Fprintf(stderr, "specstress analyze table2: %v\n", err)
		return 1
	}
	return 0
}
