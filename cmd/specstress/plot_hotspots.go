package main

import (
	"fmt"
	"slices"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/spec"
	"github.com/specstress/specstress/plots"
)

// plot hotspots draws the hot-spot analysis of analyze hotspots: the
// clauses by value category coloured by lift (categories) or the clauses'
// lifts as bars (lift). It needs --spec; the evidence is cited when the
// judge files carry citations (auto), else retrieved: one figure shows one
// evidence, and its subtitle says which.
func init() {
	plotFigures["hotspots"] = plotFigure{defaultExtensionSplit, []string{"categories", "lift"}, drawHotspots}
}

func drawHotspots(p *plotRequest) (*plots.Figure, error) {
	if p.spec == "" {
		return nil, fmt.Errorf("--spec SPEC.md is required (the spec whose clauses to draw)")
	}
	if !slices.Contains([]string{evidenceAuto, evidenceRetrieved, evidenceCited}, p.evidence) {
		return nil, fmt.Errorf("--evidence %q: want auto, retrieved or cited (a figure shows one)", p.evidence)
	}
	sp, err := spec.ReadFile(p.spec)
	if err != nil {
		return nil, err
	}
	ev := p.evidence
	if ev == evidenceAuto {
		ev = evidenceBoth // computes both, then draws the cited one
	}
	run, err := runHotspots(p.ds, sp, hotspotOpts{split: p.split, models: p.models, top: 1, minScore: spec.DefaultMinScore,
		minCount: 5, evidence: ev}, p.warn)
	if err != nil {
		return nil, err
	}
	res, in := run.retrieved, run.retIn
	if run.cited != nil {
		res, in = run.cited, run.citIn
	}
	p.note = run.sel.describe(run.rows) + "; spec " + sp.Source
	if p.kind == "lift" {
		return plots.HotspotLift(res, 0)
	}
	sc, err := run.sel.split.Scenarios()
	if err != nil {
		return nil, err
	}
	byValue, err := valueCategories(p.taxonomy, sc)
	if err != nil {
		return nil, err
	}
	names := pipeline.CategoryNames()
	cc, err := res.CategoryLift(in, names, func(v string) int { return slices.Index(names, byValue[v]) })
	if err != nil {
		return nil, err
	}
	return plots.HotspotCategories(cc, 0)
}
