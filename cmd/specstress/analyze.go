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

const analyzeUsage = `usage: specstress analyze SUBCOMMAND DIR [--split S] [--models M] [--format table|csv|json]

subcommands:
  disagreement  D per scenario (csv/json: chunk_index, entry_idx, nudge_direction,
                sd_value1, sd_value2, D; table: summary, bins, by nudge)
  outliers      outlier counts per model (Figure 6)  [--min-diff 4] [--min-others N]
  compliance    frequent non-compliance by bin (Figure 2), outcomes (Table 2)  [--rule majority|any]
  agreement     judge agreement: flag rates, pairwise, Cohen, Fleiss, Randolph, Krippendorff
  profiles      value categories per model (Figure 10) and provider favourites
  refusals      response types and refusal rates per model and topic (Figure 4)
  select        greedy k-center over query embeddings (offline hashed embedder)
                [--weighted] [--weight-on candidate|centre] [--k K] [--stop X] [--dim D]

--split: a split name ("all_models", "complete/train"); default: complete/train when
  present, else the split named by --models, else all_models.
--models: a subset name (openai_models) or comma-separated ids; default: the split's
  subset when the split is named after one, else every model with positions
  (openai_models for compliance).
--format: table (every table, for people) or csv/json (the first table, every digit).
Flags may come before or after DIR.`

// analyzeOpts are the flags of every analyze subcommand.
type analyzeOpts struct {
	split, models, format, rule, weightOn string
	minDiff, minOthers, k, dim            int
	stop                                  float64
	weighted                              bool
	progress                              io.Writer // long runs report here (stderr)
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
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return 2
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

// parseInterspersed parses flags placed before or after positional
// arguments (the flag package stops at the first positional one).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
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
		if _, err := io.WriteString(w, t.String()); err != nil {
			return err
		}
	}
	return nil
}

// positionSplit picks the split for position-based analyses.
func positionSplit(ds *dataset.Dataset, o analyzeOpts) (*dataset.Split, error) {
	name := o.split
	if name == "" {
		name = "all_models"
		if ds.SplitNames("complete") != nil {
			name = "complete/" + ds.SplitNames("complete")[0]
		} else if _, ok := pipeline.SubsetByName(o.models); ok {
			name = o.models
		}
	}
	return ds.Split(name)
}

// modelSet resolves --models against the split's models.
func modelSet(sp *dataset.Split, o analyzeOpts, fallback pipeline.ModelSet) pipeline.ModelSet {
	if o.models != "" {
		return pipeline.ParseModelSet(o.models)
	}
	if set, ok := pipeline.SubsetByName(sp.Name); ok {
		return set
	}
	if fallback.Name != "" {
		return fallback
	}
	return pipeline.ModelSet{Name: "all", Models: sp.PositionModels()}
}

// positions reads the positions of set's models and the scenario keys.
func positions(ds *dataset.Dataset, o analyzeOpts) (*pipeline.Positions, *pipeline.Scenarios, pipeline.ModelSet, error) {
	sp, err := positionSplit(ds, o)
	if err != nil {
		return nil, nil, pipeline.ModelSet{}, err
	}
	set := modelSet(sp, o, pipeline.ModelSet{})
	pos, err := sp.PositionsOf(context.Background(), set.Models)
	if err != nil {
		return nil, nil, set, err
	}
	sc, err := sp.Scenarios()
	if err != nil {
		return nil, nil, set, err
	}
	return pos, sc, set, nil
}

func analyzeDisagreement(ds *dataset.Dataset, o analyzeOpts) ([]*analysis.Table, error) {
	pos, sc, set, err := positions(ds, o)
	if err != nil {
		return nil, err
	}
	d, err := analysis.Disagreement(pos, set)
	if err != nil {
		return nil, err
	}
	if o.format != "table" {
		t := &analysis.Table{Title: "Disagreement over " + set.Name,
			Columns: []string{"chunk_index", "entry_idx", "nudge_direction", "sd_value1", "sd_value2", "D"}}
		for r := 0; r < d.Rows; r++ {
			k := sc.Key(r)
			t.Rows = append(t.Rows, []any{k.Chunk, k.Entry, string(k.Nudge), d.SD1[r], d.SD2[r], d.D[r]})
		}
		return []*analysis.Table{t}, nil
	}
	tables := []*analysis.Table{d.Summary().Table()}
	if o.models == "" { // every model loaded: the six paper subsets side by side
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
	return tables, nil
}

func analyzeOutliers(ds *dataset.Dataset, o analyzeOpts) ([]*analysis.Table, error) {
	pos, _, set, err := positions(ds, o)
	if err != nil {
		return nil, err
	}
	res, err := analysis.Outliers(pos, set, analysis.OutlierOptions{MinDiff: o.minDiff, MinOthers: o.minOthers})
	if err != nil {
		return nil, err
	}
	return []*analysis.Table{res.Table()}, nil
}

func judgeSet(o analyzeOpts) pipeline.ModelSet {
	if o.models != "" {
		return pipeline.ParseModelSet(o.models)
	}
	return pipeline.OpenAIModels
}

func analyzeCompliance(ds *dataset.Dataset, o analyzeOpts) ([]*analysis.Table, error) {
	j, err := ds.Judgments()
	if err != nil {
		return nil, err
	}
	rule := analysis.Majority
	switch o.rule {
	case "majority":
	case "any":
		rule = analysis.Any
	default:
		return nil, fmt.Errorf("--rule %q: want majority or any", o.rule)
	}
	set := judgeSet(o)
	f, err := analysis.FrequentNonCompliance(j, set)
	if err != nil {
		return nil, err
	}
	c, err := analysis.Compliance(j, rule, set)
	if err != nil {
		return nil, err
	}
	return []*analysis.Table{f.Table(), c.Outcomes(nil).Table()}, nil
}

func analyzeAgreement(ds *dataset.Dataset, o analyzeOpts) ([]*analysis.Table, error) {
	j, err := ds.Judgments()
	if err != nil {
		return nil, err
	}
	a, err := analysis.Agreement(j)
	if err != nil {
		return nil, err
	}
	return []*analysis.Table{a.Table()}, nil
}

// extensionSplit picks the split holding the complete config's extension
// columns (distinctive values, response types).
func extensionSplit(ds *dataset.Dataset, o analyzeOpts) (*dataset.Split, error) {
	if o.split != "" {
		return ds.Split(o.split)
	}
	if names := ds.SplitNames("complete"); names != nil {
		return ds.Split("complete/" + names[0])
	}
	return ds.Split("all_models")
}

func analyzeProfiles(ds *dataset.Dataset, o analyzeOpts) ([]*analysis.Table, error) {
	sp, err := extensionSplit(ds, o)
	if err != nil {
		return nil, err
	}
	vc, err := sp.ValueCounts()
	if err != nil {
		return nil, err
	}
	p, err := analysis.Profiles(vc)
	if err != nil {
		return nil, err
	}
	return []*analysis.Table{p.Table(), p.SharesTable(true), p.FavoursTable(3)}, nil
}

func analyzeRefusals(ds *dataset.Dataset, o analyzeOpts) ([]*analysis.Table, error) {
	sp, err := extensionSplit(ds, o)
	if err != nil {
		return nil, err
	}
	rt, err := sp.ResponseTypes()
	if err != nil {
		return nil, err
	}
	r, err := analysis.Refusals(rt)
	if err != nil {
		return nil, err
	}
	tables := []*analysis.Table{r.Table()}
	if len(r.Topics) > 0 {
		tables = append(tables, r.TopicTable(false), r.TopicTable(true))
	}
	return tables, nil
}

func analyzeSelect(ds *dataset.Dataset, o analyzeOpts) ([]*analysis.Table, error) {
	sp, err := positionSplit(ds, o)
	if err != nil {
		return nil, err
	}
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
		set := modelSet(sp, o, pipeline.ModelSet{})
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
	sel, err := analysis.KCenterProgress(ctx, flat, dim, opt, progress)
	if err != nil {
		return nil, err
	}
	t := &analysis.Table{Title: fmt.Sprintf("k-center selection (%s): %d of %d scenarios", what, len(sel.Order), len(queries)),
		Columns: []string{"rank", "chunk_index", "entry_idx", "nudge_direction", "radius"}}
	for rank, i := range sel.Order {
		k := sc.Key(i)
		t.Rows = append(t.Rows, []any{rank, k.Chunk, k.Entry, string(k.Nudge), sel.Radii[rank]})
	}
	return []*analysis.Table{t}, nil
}
