package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"strings"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/pipeline/dataset"
	"github.com/specstress/specstress/pipeline/embed"
)

func init() {
	register("analyze", "the paper's analyses of a dataset (analyze disagreement|outliers|compliance|agreement|profiles|refusals|select DIR)", runAnalyze)
}

// addAnalyzeSub adds `analyze NAME`, a subcommand with its own flags and
// arguments (not a dataset analysis), to the analyze command registered so
// far: NAME goes to run, everything else on to the earlier command, and
// analyze's help ends with usage. Files initialise in name order, so the
// callers' files sort after this one.
func addAnalyzeSub(name, summary, usage string, run func(args []string, stdout, stderr io.Writer) int) {
	registerSubs("analyze", name)
	prev, ok := commands["analyze"]
	if !ok {
		panic("analyze " + name + ": the analyze command is not registered yet")
	}
	commands["analyze"] = command{summary: prev.summary + "; " + summary,
		run: func(args []string, stdout, stderr io.Writer) int {
			if len(args) > 0 && args[0] == name {
				return run(args[1:], stdout, stderr)
			}
			code := prev.run(args, stdout, stderr)
			if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
				fmt.Fprintln(stderr, "\n"+usage)
			}
			return code
		}}
}

const analyzeUsage = `usage: specstress analyze SUBCOMMAND DIR [--split S] [--models M] [--format table|csv|json]

subcommands (default input in brackets; defaults never depend on which folders exist):
  disagreement  D per scenario (csv/json: chunk_index, entry_idx, nudge_direction,
                sd_value1, sd_value2, D; table: summary, bins, by nudge, share D >= 1.5
                with a cluster-bootstrap interval over value-pair triples)   [all_models]
  outliers      outlier counts per model (Figure 6)  [--min-diff 4] [--min-others N]
                [--reading same|either]                                      [all_models]
  compliance    frequent non-compliance by bin (Figure 2) and the outcome shares per
                bin behind it  [--rule majority|any]     [judge_evaluations, openai_models]
  agreement     judge agreement: flag rates, pairwise, Cohen, Fleiss, Randolph,
                Krippendorff  [--sample N --seed S]        [judge_evaluations, every bin]
  profiles      value categories per model (Figure 10) and provider favourites
                                                                          [complete/train]
  refusals      response types and refusal rates per model and topic (Figure 4)
                                                                          [complete/train]
  select        greedy k-center over query embeddings (offline hashed embedder)
                [--weighted] [--weight-on candidate|centre] [--k K] [--stop X] [--dim D]
                                                                              [all_models]

--split: a split name ("all_models", "complete/train"); default: the subcommand's, above.
--models: a subset name (openai_models) or comma-separated ids; default: the subset the
  split is named after, else every model of the split (compliance: openai_models).
--reading: outliers, "same" (default: the others must differ on the same value, the
  larger count of the two values decides) or "either" (an other model counts when it
  differs on either value).
--sample N --seed S: agreement on a seeded uniform random sample of N fully judged
  responses (the paper used 5,000); default 0: every response of every bin, which
  over-represents high-disagreement scenarios (the output says what it pooled).
--format: table (every table, for people) or csv/json (the first table, every digit).
  Every output states the split, model set and rows used: under the table title,
  as leading "# key: value" lines in csv, under "meta" in json.
Flags may come before or after DIR.`

// analyzeOpts are the flags of every analyze subcommand.
type analyzeOpts struct {
	split, models, format, rule, weightOn, reading string
	minDiff, minOthers, k, dim, sample             int
	seed                                           uint64
	stop                                           float64
	weighted                                       bool
	progress                                       io.Writer // long runs and warnings report here (stderr)
}

func runAnalyze(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stderr, analyzeUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	sub := args[0]
	if contains(analyzeSubs, sub) && wantsHelp(args[1:]) {
		fmt.Fprintln(stderr, analyzeSubUsage(sub))
		return 0
	}
	o := analyzeOpts{progress: stderr}
	fs := flag.NewFlagSet("analyze "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, analyzeUsage) }
	fs.StringVar(&o.split, "split", "", "split name")
	fs.StringVar(&o.models, "models", "", "model subset or comma-separated ids")
	fs.StringVar(&o.format, "format", "table", "table, csv or json")
	fs.StringVar(&o.rule, "rule", "majority", "compliance rule: majority or any")
	fs.IntVar(&o.minDiff, "min-diff", 4, "outliers: position difference")
	fs.IntVar(&o.minOthers, "min-others", 0, "outliers: other models that must differ (0: 9 of 11, scaled)")
	fs.IntVar(&o.k, "k", 0, "select: at most K centres (0: until the stop distance)")
	fs.Float64Var(&o.stop, "stop", 0, "select: stop distance (0: 0.4, or 0.8 weighted)")
	fs.IntVar(&o.dim, "dim", 512, "select: embedding dimension of the hashed embedder")
	fs.BoolVar(&o.weighted, "weighted", false, "select: weight by disagreement D")
	fs.StringVar(&o.weightOn, "weight-on", "candidate", "select: candidate or centre")
	fs.StringVar(&o.reading, "reading", "same", "outliers: same or either (value the others must differ on)")
	fs.IntVar(&o.sample, "sample", 0, "agreement: random sample of N fully judged responses (0: all)")
	fs.Uint64Var(&o.seed, "seed", 1, "agreement: seed of the sample")
	pos, code, ok := parseArgs(fs, args[1:])
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "specstress analyze %s: want one dataset directory, got %d arguments\n\n%s\n", sub, len(pos), analyzeUsage)
		return 2
	}
	if o.format != "table" && o.format != "csv" && o.format != "json" {
		fmt.Fprintf(stderr, "specstress analyze: --format %q: want table, csv or json\n", o.format)
		return 2
	}
	run, ok := map[string]func(*dataset.Dataset, analyzeOpts) ([]*analysis.Table, error){
		"disagreement": analyzeDisagreement,
		"outliers":     analyzeOutliers,
		"compliance":   analyzeCompliance,
		"agreement":    analyzeAgreement,
		"profiles":     analyzeProfiles,
		"refusals":     analyzeRefusals,
		"select":       analyzeSelect,
	}[sub]
	if !ok {
		fmt.Fprintf(stderr, "specstress analyze: unknown subcommand %q\n\n%s\n", sub, analyzeUsage)
		return 2
	}
	ds, err := dataset.Open(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "specstress analyze %s: %v\n", sub, err)
		return 1
	}
	tables, err := run(ds, o)
	if err != nil {
		fmt.Fprintf(stderr, "specstress analyze %s: %v\n", sub, err)
		return 1
	}
	if err := writeTables(stdout, tables, o.format); err != nil {
		fmt.Fprintf(stderr, "specstress analyze %s: %v\n", sub, err)
		return 1
	}
	return 0
}

func writeTables(w io.Writer, tables []*analysis.Table, format string) error {
	switch format {
	case "csv":
		return tables[0].WriteCSV(w)
	case "json":
		return tables[0].WriteJSON(w)
	}
	for i, t := range tables {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if err := t.WriteText(w); err != nil {
			return err
		}
	}
	return nil
}

// keyColumn is a scenario key column as a table column; a split without
// the column reads as zeros, as Scenarios.Key gives them.
func keyColumn(v []int64, n int) analysis.IntColumn {
	if v == nil {
		return make(analysis.IntColumn, n)
	}
	return analysis.IntColumn(v[:n])
}

// positions reads the positions of the selection's models and the
// scenario keys.
func positions(ds *dataset.Dataset, o analyzeOpts, cmd string) (*pipeline.Positions, *pipeline.Scenarios, *selection, error) {
	sel, err := resolveSelection(ds, o.split, o.models, defaultPositionSplit, cmd)
	if err != nil {
		return nil, nil, nil, err
	}
	pos, err := sel.split.PositionsOf(context.Background(), sel.set.Models)
	if err != nil {
		return nil, nil, sel, err
	}
	sc, err := sel.split.Scenarios()
	if err != nil {
		return nil, nil, sel, err
	}
	return pos, sc, sel, nil
}

// bootstrapReps and bootstrapSeed fix the cluster bootstrap of analyze
// disagreement (stated in its output).
const (
	bootstrapReps = 1000
	bootstrapSeed = 1
)

func analyzeDisagreement(ds *dataset.Dataset, o analyzeOpts) ([]*analysis.Table, error) {
	pos, sc, sel, err := positions(ds, o, "analyze disagreement")
	if err != nil {
		return nil, err
	}
	set := sel.set
	d, err := analysis.Disagreement(pos, set)
	if err != nil {
		return nil, err
	}
	if o.format != "table" {
		// Stored by column: hundreds of thousands of rows are written
		// without boxing a cell.
		t := &analysis.Table{Title: "Disagreement over " + set.Name,
			Columns: []string{"chunk_index", "entry_idx", "nudge_direction", "sd_value1", "sd_value2", "D"},
			Cols: []analysis.Column{keyColumn(sc.Chunk, d.Rows), keyColumn(sc.Entry, d.Rows),
				analysis.StringColumn{N: d.Rows, At: func(r int) string { return string(sc.Key(r).Nudge) }},
				analysis.FloatColumn(d.SD1[:d.Rows]), analysis.FloatColumn(d.SD2[:d.Rows]), analysis.FloatColumn(d.D[:d.Rows])}}
		sel.annotate([]*analysis.Table{t}, d.Rows)
		return []*analysis.Table{t}, nil
	}
	tables := []*analysis.Table{d.Summary().Table()}
	if ci, err := d.HighShareClusterCI(sc, analysis.HighDisagreement, bootstrapReps, 0.95, bootstrapSeed); err == nil {
		t := &analysis.Table{Title: "Share of scenarios with D >= 1.5, 95 % percentile cluster bootstrap over value-pair triples (chunk_index, entry_idx)",
			Columns: []string{"share", "lo", "hi", "reps", "seed"}, Rows: [][]any{{ci.Estimate, ci.Lo, ci.Hi, ci.Reps, int(ci.Seed)}}}
		tables = append(tables, t)
	}
	if o.models == "" && len(pos.Models) > 2 { // several models loaded: the paper subsets among them side by side
		if sub, err := analysis.SubsetSummary(pos, nil); err == nil {
			tables = append(tables, sub)
		}
	}
	if sc.Nudge != nil {
		g, err := d.ByNudge(sc)
		if err != nil {
			return nil, err
		}
		tables = append(tables, g.Table())
	}
	sel.annotate(tables, d.Rows)
	return tables, nil
}

func analyzeOutliers(ds *dataset.Dataset, o analyzeOpts) ([]*analysis.Table, error) {
	reading, err := analysis.ParseOutlierReading(o.reading)
	if err != nil {
		return nil, fmt.Errorf("--reading: %w", err)
	}
	pos, sc, sel, err := positions(ds, o, "analyze outliers")
	if err != nil {
		return nil, err
	}
	res, err := analysis.Outliers(pos, sel.set, analysis.OutlierOptions{MinDiff: o.minDiff, MinOthers: o.minOthers, Reading: reading})
	if err != nil {
		return nil, err
	}
	t := res.Table()
	// The three rows of a value-pair triple share a value pair: resample
	// triples, not rows, for the share's interval.
	t.Columns = append(t.Columns, "cluster_lo", "cluster_hi")
	for m := range t.Rows {
		ci, err := res.ShareClusterCI(pos, sc, m, bootstrapReps, 0.95, bootstrapSeed)
		if err != nil {
			t.Rows[m] = append(t.Rows[m], math.NaN(), math.NaN())
			continue
		}
		t.Rows[m] = append(t.Rows[m], ci.Lo, ci.Hi)
	}
	t.Note("intervals", fmt.Sprintf("share_lo/hi: Wilson 95 %%; cluster_lo/hi: 95 %% percentile cluster bootstrap over value-pair triples, %d reps, seed %d", bootstrapReps, bootstrapSeed))
	tables := []*analysis.Table{t}
	sel.annotate(tables, pos.Rows)
	return tables, nil
}

func analyzeCompliance(ds *dataset.Dataset, o analyzeOpts) ([]*analysis.Table, error) {
	rule := analysis.Majority
	switch o.rule {
	case "majority":
	case "any":
		rule = analysis.Any
	default:
		return nil, fmt.Errorf("--rule %q: want majority or any", o.rule)
	}
	js, err := resolveJudgments(ds, o.split, o.models, o.progress)
	if err != nil {
		return nil, err
	}
	if err := js.requireModels(); err != nil {
		return nil, err
	}
	f, err := analysis.FrequentNonCompliance(js.j, js.set)
	if err != nil {
		return nil, err
	}
	c, err := analysis.Compliance(js.j, rule, js.set)
	if err != nil {
		return nil, err
	}
	tables := []*analysis.Table{f.Table(), c.Outcomes(nil).Table()}
	js.annotate(tables, true, js.j.Rows)
	return tables, nil
}

func analyzeAgreement(ds *dataset.Dataset, o analyzeOpts) ([]*analysis.Table, error) {
	if o.models != "" {
		return nil, fmt.Errorf("--models %q: agreement compares the judges over every judged response; --models does not apply", o.models)
	}
	js, err := resolveJudgments(ds, o.split, "", o.progress)
	if err != nil {
		return nil, err
	}
	a, err := analysis.AgreementWith(js.j, analysis.AgreementOptions{Sample: o.sample, Seed: o.seed})
	if err != nil {
		return nil, err
	}
	t := a.Table()
	t.Note("pooled", a.Describe())
	tables := []*analysis.Table{t}
	js.annotate(tables, false, a.N)
	return tables, nil
}

func analyzeProfiles(ds *dataset.Dataset, o analyzeOpts) ([]*analysis.Table, error) {
	sel, err := resolveSelection(ds, o.split, o.models, defaultExtensionSplit, "analyze profiles")
	if err != nil {
		return nil, err
	}
	vc, err := sel.split.ValueCounts()
	if err != nil {
		return nil, err
	}
	p, err := analysis.Profiles(vc)
	if err != nil {
		return nil, err
	}
	sel.set = pipeline.ModelSet{Name: "models with distinctive values", Models: vc.Models}
	tables := []*analysis.Table{p.Table(), p.SharesTable(true), p.FavoursTable(3)}
	sel.annotate(tables, sel.split.Rows)
	return tables, nil
}

func analyzeRefusals(ds *dataset.Dataset, o analyzeOpts) ([]*analysis.Table, error) {
	sel, err := resolveSelection(ds, o.split, o.models, defaultExtensionSplit, "analyze refusals")
	if err != nil {
		return nil, err
	}
	rt, err := sel.split.ResponseTypes()
	if err != nil {
		return nil, err
	}
	r, err := analysis.Refusals(rt)
	if err != nil {
		return nil, err
	}
	sel.set = pipeline.ModelSet{Name: "models with response types", Models: rt.Models}
	tables := []*analysis.Table{r.Table()}
	if len(r.Topics) > 0 {
		tables = append(tables, r.TopicTable(false), r.TopicTable(true))
	}
	sel.annotate(tables, rt.Rows)
	return tables, nil
}

func analyzeSelect(ds *dataset.Dataset, o analyzeOpts) ([]*analysis.Table, error) {
	sel, err := resolveSelection(ds, o.split, o.models, defaultPositionSplit, "analyze select")
	if err != nil {
		return nil, err
	}
	sp := sel.split
	sc, err := sp.Scenarios()
	if err != nil {
		return nil, err
	}
	queries, err := sp.Queries()
	if err != nil {
		return nil, err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	vecs, err := embed.Hashed{Dim: o.dim}.Embed(ctx, queries)
	if err != nil {
		return nil, fmt.Errorf("embed %d queries: %w", len(queries), err)
	}
	dim := o.dim
	flat := make([]float32, 0, len(vecs)*dim)
	for i, v := range vecs {
		if len(v) != dim {
			return nil, fmt.Errorf("embedding %d has dimension %d, want %d", i, len(v), dim)
		}
		flat = append(flat, v...)
	}
	opt := analysis.KCenterOptions{K: o.k, Stop: o.stop}
	progress := func(c int, score float64) {
		fmt.Fprintf(o.progress, "select: %d centres, last score %.4f\n", c, score)
	}
	what := "unweighted"
	if o.weighted {
		set := sel.set
		pos, err := sp.PositionsOf(ctx, set.Models)
		if err != nil {
			return nil, err
		}
		d, err := analysis.Disagreement(pos, set)
		if err != nil {
			return nil, err
		}
		// A row without D cannot be weighted: weight 0 leaves it unchosen.
		opt.Weights = make([]float64, len(d.D))
		for i, x := range d.D {
			if !math.IsNaN(x) {
				opt.Weights[i] = x
			}
		}
		switch strings.ToLower(o.weightOn) {
		case "candidate":
		case "centre", "center":
			opt.WeightOn = analysis.OnCentre
		default:
			return nil, fmt.Errorf("--weight-on %q: want candidate or centre", o.weightOn)
		}
		what = "weighted by D over " + set.Name + " on the " + o.weightOn
	}
	res, err := analysis.KCenterProgress(ctx, flat, dim, opt, progress)
	if err != nil {
		return nil, err
	}
	t := &analysis.Table{Title: fmt.Sprintf("k-center selection (%s): %d of %d scenarios", what, len(res.Order), len(queries)),
		Columns: []string{"rank", "chunk_index", "entry_idx", "nudge_direction", "radius"}}
	for rank, i := range res.Order {
		k := sc.Key(i)
		t.Rows = append(t.Rows, []any{rank, k.Chunk, k.Entry, string(k.Nudge), res.Radii[rank]})
	}
	sel.annotate([]*analysis.Table{t}, len(queries))
	return []*analysis.Table{t}, nil
}
