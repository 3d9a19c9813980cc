package main

import (
	"context"
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

// Evidence choices of analyze hotspots.
const (
	evidenceAuto      = "auto"      // both when the judge files carry citations, else retrieved
	evidenceRetrieved = "retrieved" // nearest clauses by the offline embedder
	evidenceCited     = "cited"     // the clauses judges cite (<judge>_clauses/_violated)
	evidenceBoth      = "both"      // each, side by side, and their agreement
)

// hotspotOpts are the settings shared by analyze hotspots, plot hotspots
// and the demo report's hot-spot section.
type hotspotOpts struct {
	split, models string
	top           int
	minScore      float32
	minCount      int
	evidence      string
	bootstrap     int // cluster-bootstrap replicates of the clause lifts; 0 none
}

// hotspotRun is the hot-spot analysis of one dataset against one spec:
// one result per evidence used, and their agreement when both are.
type hotspotRun struct {
	spec      *spec.Spec
	retrieved *analysis.HotspotResult // nil when not asked for
	cited     *analysis.HotspotResult // nil when not asked for or not available
	agree     *analysis.CiteAgreement // nil unless both
	cites     *spec.CiteReport        // nil without citations
	notes     [][2]string             // what every output states
	rows      int
	sel       *selection
	// The inputs of retrieved and cited, for per-category tables.
	retIn, citIn *analysis.HotspotInput
}

// runHotspots computes the hot spots; warnings (judge file repairs,
// unknown cited ids) go to warn as well as into the notes.
func runHotspots(ds *dataset.Dataset, sp *spec.Spec, o hotspotOpts, warn io.Writer) (*hotspotRun, error) {
	if o.evidence == "" {
		o.evidence = evidenceAuto
	}
	if !slices.Contains([]string{evidenceAuto, evidenceRetrieved, evidenceCited, evidenceBoth}, o.evidence) {
		return nil, fmt.Errorf("--evidence %q: want auto, retrieved, cited or both", o.evidence)
	}
	sel, err := resolveSelection(ds, o.split, o.models, defaultExtensionSplit, "analyze hotspots")
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
	s1, s2, err := ret.Sides(ctx, sc.Value1, sc.Value2, o.top, o.minScore)
	if err != nil {
		return nil, err
	}
	in := &analysis.HotspotInput{Clauses: sp.IDs(), Evidence: "retrieved", D: d.D, Value1: sc.Value1, Value2: sc.Value2, Side1: s1, Side2: s2}
	in.Keys = make([]pipeline.ScenarioKey, sc.Rows)
	for r := range in.Keys {
		in.Keys[r] = sc.Key(r)
	}
	run := &hotspotRun{spec: sp, rows: d.Rows, sel: sel}
	note := func(k, v string) { run.notes = append(run.notes, [2]string{k, v}) }
	note("spec", fmt.Sprintf("%s (%s, %d clauses, %d words)", sp.Source, sp.Format, len(sp.Clauses), sp.Words()))
	judgeNote := "none: the dataset has no " + dataset.JudgeEvaluations + " config"
	var cites [][][]int32
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
		c, err := ds.ReadCitations(j.Judges)
		if err != nil {
			return nil, err
		}
		if c.Any() {
			var names []string
			var fields [2][][][]string
			for k, ok := range c.Columns {
				if ok {
					names = append(names, j.Judges[k])
				}
				for f := range fields {
					cells := c.Fields[f][k]
					if !ok {
						cells = make([][]string, c.Rows) // a judge without the columns cites nothing we can read
					}
					fields[f] = append(fields[f], cells)
				}
			}
			cites, run.cites, err = sp.ResolveCited(j.Judges, fields, c.Where)
			if err != nil {
				return nil, err
			}
			if u := run.cites.TotalUnknown(); u > 0 {
				fmt.Fprintf(warn, "warning: judges cite %d clause ids %s does not have; they are left out of the cited evidence: %s\n", u, sp.Source, run.cites)
			}
			note("judge citations", fmt.Sprintf("%s_clauses/_violated of %s: %s", "<judge>", strings.Join(names, ", "), run.cites))
		} else {
			note("judge citations", "none: no <judge>_clauses/<judge>_violated columns in "+dataset.JudgeEvaluations)
		}
	}
	note("judge data", judgeNote)
	evidence := o.evidence
	if evidence == evidenceAuto {
		evidence = evidenceRetrieved
		if cites != nil {
			evidence = evidenceBoth
		}
	}
	if (evidence == evidenceCited || evidence == evidenceBoth) && cites == nil {
		return nil, fmt.Errorf("--evidence %s: the judge files carry no clause citations (<judge>_clauses and <judge>_violated in %s; `specstress judge` writes them when a spec is configured)", evidence, dataset.JudgeEvaluations)
	}
	opt := analysis.HotspotOptions{MinCount: o.minCount, BootstrapReps: o.bootstrap, BootstrapSeed: 1}
	if evidence != evidenceCited {
		note("retrieval", fmt.Sprintf("offline hashed embedder (%d dims), top %d clause(s) per side's value name, cosine >= %g", dim, o.top, o.minScore))
		if run.retrieved, err = analysis.Hotspots(in, opt); err != nil {
			return nil, err
		}
		run.retIn = in
	}
	if evidence != evidenceRetrieved {
		cin := *in
		unmatched, err := analysis.CitedSides(&cin, cites)
		if err != nil {
			return nil, err
		}
		if unmatched > 0 {
			fmt.Fprintf(warn, "warning: %d judged rows match no scenario of %s; their citations are left out\n", unmatched, sel.splitName())
		}
		if run.cited, err = analysis.Hotspots(&cin, opt); err != nil {
			return nil, fmt.Errorf("cited evidence: %w", err)
		}
		run.citIn = &cin
		if evidence == evidenceBoth {
			if run.agree, err = analysis.CitationAgreement(in, &cin, 0); err != nil {
				return nil, err
			}
		}
	}
	return run, nil
}

// results are the hot-spot results computed, retrieved first.
func (h *hotspotRun) results() []*analysis.HotspotResult {
	var out []*analysis.HotspotResult
	for _, r := range []*analysis.HotspotResult{h.retrieved, h.cited} {
		if r != nil {
			out = append(out, r)
		}
	}
	return out
}

// hotspotTableNames are the tables analyze hotspots writes, in order.
var hotspotTableNames = []string{"hotspots", "clauses", "pairs", "gaps", "agreement"}

// tables returns the hot spots, clauses, pairs and gaps tables (one per
// evidence, or each with an evidence column when both are used) and the
// agreement table when both are used; nil in that slot otherwise.
func (h *hotspotRun) tables() []*analysis.Table {
	rs := h.results()
	per := make([][]*analysis.Table, len(rs))
	for i, r := range rs {
		per[i] = r.Tables()
		hs := per[i][0]
		hs.Columns = append(hs.Columns, "clause_text")
		for k, x := range r.Hotspots {
			hs.Rows[k] = append(hs.Rows[k], hotspotText(h.spec, x))
		}
	}
	out := per[0]
	if len(rs) == 2 {
		out = make([]*analysis.Table, 4)
		for t := range out {
			out[t] = mergeEvidence(per[0][t], per[1][t], rs[0].Evidence, rs[1].Evidence)
		}
	}
	out = append(out[:4:4], nil)
	if h.agree != nil {
		out[4] = h.agree.Table()
	}
	var present []*analysis.Table
	for _, t := range out {
		if t != nil {
			present = append(present, t)
		}
	}
	h.sel.annotate(present, h.rows)
	for _, t := range present {
		for _, n := range h.notes {
			t.Note(n[0], n[1])
		}
	}
	return out
}

// mergeEvidence stacks the same table of two evidences, with an evidence
// column first; notes of the second that differ are kept with its name.
func mergeEvidence(a, b *analysis.Table, ea, eb string) *analysis.Table {
	t := &analysis.Table{Title: strings.Replace(a.Title, "("+ea+" clauses)", "(retrieved and cited clauses)", 1),
		Columns: append([]string{"evidence"}, a.Columns...)}
	for _, r := range a.Rows {
		t.Rows = append(t.Rows, append([]any{ea}, r...))
	}
	for _, r := range b.Rows {
		t.Rows = append(t.Rows, append([]any{eb}, r...))
	}
	for _, n := range a.Notes {
		if n.Key == "evidence" {
			n.Value = ea + " and " + eb + " clauses (column evidence)"
		}
		t.Note(n.Key, n.Value)
	}
	seen := map[string]string{}
	for _, n := range a.Notes {
		seen[n.Key] = n.Value
	}
	for _, n := range b.Notes {
		if v, ok := seen[n.Key]; ok && (v == n.Value || n.Key == "evidence") {
			continue
		}
		t.Note(n.Key+" ("+eb+")", n.Value)
	}
	return t
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
