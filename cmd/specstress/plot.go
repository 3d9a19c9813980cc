package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/pipeline/dataset"
	"github.com/specstress/specstress/pipeline/embed"
	"github.com/specstress/specstress/pipeline/taxonomy"
	"github.com/specstress/specstress/plots"
)

func init() {
	register("plot", "draw one of the paper's figures from a dataset directory (PNG or SVG)", runPlot)
}

// plotFigure describes one NAME of `specstress plot`: the split it reads by
// default, its kinds (the first is the default) and how it draws.
type plotFigure struct {
	split string
	kinds []string
	draw  func(p *plotRequest) (*plots.Figure, error)
}

// plotRequest is what a figure's draw function gets from the command line.
type plotRequest struct {
	ds       *dataset.Dataset
	name     string // the figure's NAME
	split    string // --split as given ("" = the figure's default)
	def      string // the figure's default split
	kind     string
	models   string
	taxonomy string
	reading  string
	sample   int
	seed     uint64
	spec     string // hotspots: the spec file
	evidence string // hotspots: auto, retrieved or cited
	warn     io.Writer
	// note is what the figure read, appended to its subtitle.
	note string
}

// The figures' default inputs are fixed (see selection.go): they never
// depend on which folders a dataset has.
var plotFigures = map[string]plotFigure{
	"profiles":      {defaultExtensionSplit, []string{"heatmap", "deviation", "bars", "providers"}, drawProfiles},
	"cooccurrence":  {defaultExtensionSplit, []string{"matrix"}, drawCoOccurrence},
	"disagreement":  {defaultPositionSplit, []string{"histogram", "subsets", "category"}, drawDisagreement},
	"noncompliance": {judgeInput, []string{"bins", "outcomes"}, drawNonCompliance},
	"agreement":     {judgeInput, []string{"matrix"}, drawAgreement},
	"refusals":      {defaultExtensionSplit, []string{"types", "topics", "hard"}, drawRefusals},
	"outliers":      {defaultPositionSplit, []string{"counts"}, drawOutliers},
	"selection":     {defaultPositionSplit, []string{"curve"}, drawSelection},
}

func plotNames() []string {
	names := make([]string, 0, len(plotFigures))
	for n := range plotFigures {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func runPlot(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	split := fs.String("split", "", "split to read, e.g. all_models or complete/train (default: the figure's)")
	out := fs.String("out", "", "output `FILE`: .png or .svg (also .jpg, .tif)")
	kind := fs.String("kind", "", "variant of the figure (default: the first of the NAME's kinds above)")
	models := fs.String("models", "", "model subset or comma-separated ids (disagreement, outliers); two ids A,B for cooccurrence")
	tax := fs.String("taxonomy", "", "values_tree.csv mapping values to categories (disagreement --kind category)")
	reading := fs.String("reading", "same", "outliers: same or either (value the others must differ on)")
	sample := fs.Int("sample", 0, "agreement: random sample of N fully judged responses (0: every bin pooled)")
	seed := fs.Uint64("seed", 1, "agreement: seed of the sample")
	specPath := fs.String("spec", "", "hotspots: the spec, Markdown or plain text (required)")
	evidence := fs.String("evidence", evidenceAuto, "hotspots: auto (cited when the judge files carry citations, else retrieved), retrieved or cited")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: specstress plot NAME DIR [--split S] [--kind K] --out FILE.png|FILE.svg\n\nDraws one of the paper's figures from a dataset directory in the Hugging\nFace layout (e.g. notebooks/data/sample). NAME and its kinds:")
		for _, n := range plotNames() {
			f := plotFigures[n]
			fmt.Fprintf(stderr, "  %-14s %-36s reads %s\n", n, strings.Join(f.kinds, ", "), f.split)
		}
		fmt.Fprintln(stderr, "\nflags:")
		fs.PrintDefaults()
	}
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 2 {
		fmt.Fprintf(stderr, "specstress plot: want a figure NAME and a dataset DIR, got %d arguments\n\n", len(pos))
		fs.Usage()
		return 2
	}
	if *out == "" {
		fmt.Fprintln(stderr, "specstress plot: --out FILE is missing: say where to write the figure (.png or .svg)")
		return 2
	}
	fig, ok := plotFigures[pos[0]]
	if !ok {
		fmt.Fprintf(stderr, "specstress plot: unknown figure %q (want one of %s)\n", pos[0], strings.Join(plotNames(), ", "))
		return 2
	}
	req := &plotRequest{name: pos[0], split: *split, def: fig.split, kind: *kind, models: *models, taxonomy: *tax,
		reading: *reading, sample: *sample, seed: *seed, spec: *specPath, evidence: *evidence, warn: stderr}
	if req.kind == "" {
		req.kind = fig.kinds[0]
	}
	if !contains(fig.kinds, req.kind) {
		fmt.Fprintf(stderr, "specstress plot %s: unknown kind %q (want one of %s)\n", pos[0], req.kind, strings.Join(fig.kinds, ", "))
		return 2
	}
	switch strings.ToLower(filepath.Ext(*out)) {
	case ".png", ".svg", ".jpg", ".jpeg", ".tif", ".tiff":
	default:
		fmt.Fprintf(stderr, "specstress plot: --out %s: want a .png or .svg file\n", *out)
		return 2
	}
	ds, err := dataset.Open(pos[1])
	if err != nil {
		fmt.Fprintln(stderr, "specstress plot:", err)
		return 1
	}
	req.ds = ds
	f, err := drawFigure(fig, req)
	if err != nil {
		fmt.Fprintf(stderr, "specstress plot %s: %v\n", pos[0], err)
		return 1
	}
	if err := f.Save(*out); err != nil {
		fmt.Fprintln(stderr, "specstress plot:", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s: %s\n", *out, f)
	return 0
}

// drawFigure draws a figure and appends to its subtitle what it read
// (split, model set, rows), so that no figure hides its inputs.
func drawFigure(fig plotFigure, req *plotRequest) (*plots.Figure, error) {
	f, err := fig.draw(req)
	if err != nil {
		return nil, err
	}
	if req.note != "" {
		if f.Subtitle != "" {
			f.Subtitle += "\n"
		}
		f.Subtitle += req.note
	}
	return f, nil
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

// resolve picks the split and model set with the resolver analyze uses,
// and records them for the subtitle.
func (p *plotRequest) resolve(models string) (*selection, error) {
	sel, err := resolveSelection(p.ds, p.split, models, p.def, "plot "+p.name)
	if err != nil {
		return nil, err
	}
	p.note = sel.describe(sel.split.Rows)
	return sel, nil
}

// judgments reads the judge files for a figure, refusing when a model of
// the set is missing.
func (p *plotRequest) judgments(needSet bool) (*judgeSelection, error) {
	js, err := resolveJudgments(p.ds, p.split, p.models, p.warn)
	if err != nil {
		return nil, err
	}
	if needSet {
		if err := js.requireModels(); err != nil {
			return nil, err
		}
	}
	p.note = fmt.Sprintf("%s, %d rows", judgeInput, js.j.Rows)
	if needSet {
		p.note += fmt.Sprintf(", model set %s", js.set.Name)
	}
	return js, nil
}

func drawProfiles(p *plotRequest) (*plots.Figure, error) {
	sel, err := p.resolve("")
	if err != nil {
		return nil, err
	}
	s := sel.split
	vc, err := s.ValueCounts()
	if err != nil {
		return nil, err
	}
	prof, err := analysis.Profiles(vc)
	if err != nil {
		return nil, err
	}
	switch p.kind {
	case "deviation":
		return plots.ProfileDeviation(prof)
	case "bars":
		return plots.ProfileBars(prof)
	case "providers":
		return plots.ProviderProfileBars(prof)
	}
	return plots.ProfileHeatmap(prof)
}

func drawCoOccurrence(p *plotRequest) (*plots.Figure, error) {
	sel, err := p.resolve("")
	if err != nil {
		return nil, err
	}
	s := sel.split
	vc, err := s.ValueCounts()
	if err != nil {
		return nil, err
	}
	prof, err := analysis.Profiles(vc)
	if err != nil {
		return nil, err
	}
	var a, b pipeline.ModelID
	if p.models != "" {
		ids := pipeline.ParseModelSet(p.models).Models
		if len(ids) != 2 {
			return nil, fmt.Errorf("--models %q: want two model ids A,B", p.models)
		}
		a, b = ids[0], ids[1]
	}
	c, err := analysis.CoOccurrence(vc, a, b, prof.TopCategories(10))
	if err != nil {
		return nil, err
	}
	return plots.CoOccurrence(c)
}

func drawDisagreement(p *plotRequest) (*plots.Figure, error) {
	if p.kind == "subsets" {
		var results []*analysis.DisagreementResult
		var drawn, absent []string
		for _, set := range pipeline.Subsets() {
			s, err := p.ds.Split(set.Name)
			if err != nil {
				absent = append(absent, set.Name) // a dataset may hold only some of the six splits: say so
				continue
			}
			drawn = append(drawn, fmt.Sprintf("%s %d rows", set.Name, s.Rows))
			pos, err := s.Positions()
			if err != nil {
				return nil, err
			}
			r, err := analysis.Disagreement(pos, set)
			if err != nil {
				return nil, err
			}
			results = append(results, r)
		}
		if len(results) == 0 {
			return nil, fmt.Errorf("dataset %s has none of the six subset splits (%s, ...)", p.ds.Path, pipeline.AllModels.Name)
		}
		p.note = "splits of the default config, each over its subset: " + strings.Join(drawn, ", ")
		if len(absent) > 0 {
			p.note += "; absent: " + strings.Join(absent, ", ")
		}
		return plots.DisagreementBySubset(results...)
	}
	sel, err := p.resolve(p.models)
	if err != nil {
		return nil, err
	}
	s := sel.split
	pos, err := s.PositionsOf(context.Background(), sel.set.Models)
	if err != nil {
		return nil, err
	}
	d, err := analysis.Disagreement(pos, sel.set)
	if err != nil {
		return nil, err
	}
	if p.kind != "category" {
		return plots.DisagreementHistogram(d)
	}
	sc, err := s.Scenarios()
	if err != nil {
		return nil, err
	}
	catOf, err := valueCategories(p.taxonomy, sc)
	if err != nil {
		return nil, err
	}
	g, err := d.ByCategory(sc, catOf)
	if err != nil {
		return nil, err
	}
	return plots.DisagreementByGroup(g, 0)
}

// valueCategories maps every value of the scenarios to its category: by
// the taxonomy file when given, else by a category name at the start of the
// value (the synthetic sample's "ethical responsibility (facet 2)").
func valueCategories(path string, sc *pipeline.Scenarios) (map[string]string, error) {
	var tax *taxonomy.Taxonomy
	if path != "" {
		t, err := taxonomy.Load(path)
		if err != nil {
			return nil, err
		}
		tax = t
	}
	names := pipeline.CategoryNames()
	out := map[string]string{}
	for _, col := range [][]string{sc.Value1, sc.Value2} {
		for _, v := range col {
			if _, done := out[v]; done || v == "" {
				continue
			}
			if tax != nil {
				if tv, ok := tax.Lookup(v); ok {
					out[v] = tv.Category
					continue
				}
			}
			base, _, _ := strings.Cut(v, " (")
			if i := pipeline.CategoryIndex(base); i >= 0 {
				out[v] = names[i]
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no value maps to a category: pass --taxonomy values_tree.csv")
	}
	return out, nil
}

func drawNonCompliance(p *plotRequest) (*plots.Figure, error) {
	js, err := p.judgments(true)
	if err != nil {
		return nil, err
	}
	if p.kind == "outcomes" {
		c, err := analysis.Compliance(js.j, analysis.Majority, js.set)
		if err != nil {
			return nil, err
		}
		return plots.OutcomeComparison(c.Outcomes(nil))
	}
	r, err := analysis.FrequentNonCompliance(js.j, js.set)
	if err != nil {
		return nil, err
	}
	return plots.NonCompliance(r)
}

func drawAgreement(p *plotRequest) (*plots.Figure, error) {
	if p.models != "" {
		return nil, fmt.Errorf("--models %q: agreement compares the judges over every judged response; --models does not apply", p.models)
	}
	js, err := p.judgments(false)
	if err != nil {
		return nil, err
	}
	a, err := analysis.AgreementWith(js.j, analysis.AgreementOptions{Sample: p.sample, Seed: p.seed})
	if err != nil {
		return nil, err
	}
	p.note = a.Describe()
	return plots.JudgeAgreement(a)
}

func drawRefusals(p *plotRequest) (*plots.Figure, error) {
	sel, err := p.resolve("")
	if err != nil {
		return nil, err
	}
	s := sel.split
	rt, err := s.ResponseTypes()
	if err != nil {
		return nil, err
	}
	r, err := analysis.Refusals(rt)
	if err != nil {
		return nil, err
	}
	switch p.kind {
	case "topics":
		return plots.RefusalByTopic(r, false)
	case "hard":
		return plots.RefusalByTopic(r, true)
	}
	return plots.ResponseTypes(r)
}

func drawOutliers(p *plotRequest) (*plots.Figure, error) {
	reading, err := analysis.ParseOutlierReading(p.reading)
	if err != nil {
		return nil, fmt.Errorf("--reading: %w", err)
	}
	sel, err := p.resolve(p.models)
	if err != nil {
		return nil, err
	}
	pos, err := sel.split.PositionsOf(context.Background(), sel.set.Models)
	if err != nil {
		return nil, err
	}
	o, err := analysis.Outliers(pos, sel.set, analysis.OutlierOptions{Reading: reading})
	if err != nil {
		return nil, err
	}
	p.note += ", " + reading.String() + " reading"
	return plots.OutlierCounts(o)
}

// fullCurveRows is the largest split whose k-center selection runs to the
// last point (every stop distance drawn); larger splits stop at the paper's
// distances, which bounds the quadratic cost.
const fullCurveRows = 5000

func drawSelection(p *plotRequest) (*plots.Figure, error) {
	sel, err := p.resolve(p.models)
	if err != nil {
		return nil, err
	}
	s := sel.split
	queries, err := s.Queries()
	if err != nil {
		return nil, err
	}
	pos, err := s.PositionsOf(context.Background(), sel.set.Models)
	if err != nil {
		return nil, err
	}
	d, err := analysis.Disagreement(pos, sel.set)
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	vecs, err := embed.Hashed{}.Embed(ctx, queries)
	if err != nil {
		return nil, err
	}
	if len(vecs) == 0 {
		return nil, fmt.Errorf("split %s has no queries", s.Name)
	}
	dim := len(vecs[0])
	emb := make([]float32, 0, len(vecs)*dim)
	for _, v := range vecs {
		emb = append(emb, v...)
	}
	weights := make([]float64, len(d.D))
	for i, x := range d.D {
		if !math.IsNaN(x) {
			weights[i] = x
		}
	}
	var runs []plots.SelectionRun
	for _, r := range []struct {
		name    string
		stop    float64
		weights []float64
	}{{"unweighted", analysis.DefaultStop, nil}, {"D-weighted", analysis.DefaultWeightedStop, weights}} {
		opt := analysis.KCenterOptions{Stop: r.stop, Weights: r.weights}
		if len(queries) <= fullCurveRows {
			opt.Stop = -1
		}
		sel, err := analysis.KCenter(ctx, emb, dim, opt)
		if err != nil {
			return nil, err
		}
		runs = append(runs, plots.SelectionRun{Name: r.name + " (offline hashed embeddings)", Selection: sel, Stop: r.stop})
	}
	return plots.SelectionCurve(runs...)
}
