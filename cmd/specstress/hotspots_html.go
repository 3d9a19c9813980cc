package main

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/specstress/specstress/pipeline/analysis"
)

// html is the hot-spot section of a report: per evidence, each hot spot
// with its clause's own words on the left and the numbers behind it on the
// right, so a spec author reads what to rewrite and why in one place.
func (h *hotspotRun) html() string {
	var b strings.Builder
	b.WriteString(`<section class="hotspots">` + "\n<h2>Spec hot spots</h2>\n<p>")
	for _, n := range h.notes {
		fmt.Fprintf(&b, "<b>%s</b>: %s<br>\n", html.EscapeString(n[0]), html.EscapeString(n[1]))
	}
	fmt.Fprintf(&b, "<b>split</b>: %s; <b>rows</b>: %d</p>\n", html.EscapeString(h.sel.splitName()), h.rows)
	for _, r := range h.results() {
		fmt.Fprintf(&b, "<h3>%s clauses</h3>\n<p>%d scenarios, %d with D &ge; %g. Lifts are high/low implication rates with %g%% intervals (Bonferroni-adjusted in this table).</p>\n",
			html.EscapeString(strings.ToUpper(r.Evidence[:1])+r.Evidence[1:]), r.Scenarios, r.High, r.Options.High, 100*r.Options.Level)
		if len(r.Hotspots) == 0 {
			b.WriteString("<p>No clause, pair or value meets the rules.</p>\n")
			continue
		}
		b.WriteString(`<table class="hotspot-table"><thead><tr><th>#</th><th>kind</th><th style="text-align:left">clause text</th><th style="text-align:left">evidence</th></tr></thead><tbody>` + "\n")
		stats := map[string]analysis.ClauseStat{}
		for _, c := range r.ClauseStats {
			stats[c.Clause] = c
		}
		for i, x := range r.Hotspots {
			fmt.Fprintf(&b, `<tr><td>%d</td><td>%s</td><td style="text-align:left;vertical-align:top">%s</td><td style="text-align:left;vertical-align:top">%s</td></tr>`+"\n",
				i+1, html.EscapeString(x.Kind), h.clauseCell(x), evidenceCell(x, stats))
		}
		b.WriteString("</tbody></table>\n")
	}
	if a := h.agree; a != nil {
		fmt.Fprintf(&b, "<h3>Retrieval vs judge citations</h3>\n<p>On %d scenarios judges cited a clause; retrieval names at least one of them on %d (%.1f%%, %g%% interval %.1f–%.1f%%; %.1f%% by chance). Mean Jaccard %.3f.</p>\n",
			a.Scenarios, a.Hit, 100*float64(a.Hit)/float64(a.Scenarios), 100*a.HitRate.Level, 100*a.HitRate.Lo, 100*a.HitRate.Hi, 100*a.Chance, a.Jaccard)
	}
	b.WriteString("</section>\n")
	return b.String()
}

// clauseCell is the clause text of a hot spot: each clause's id, title
// and full text; for a gap, the value no clause covers.
func (h *hotspotRun) clauseCell(x analysis.Hotspot) string {
	if x.Kind == "gap" {
		return "<i>no clause covers</i> <b>" + html.EscapeString(x.Subject) + "</b>"
	}
	var parts []string
	for _, id := range strings.Split(x.Subject, " <> ") {
		i := h.spec.Index(id)
		if i < 0 {
			parts = append(parts, "<code>"+html.EscapeString(id)+"</code>")
			continue
		}
		c := h.spec.Clauses[i]
		parts = append(parts, fmt.Sprintf("<code>%s</code> <b>%s</b><blockquote>%s</blockquote>",
			html.EscapeString(c.ID), html.EscapeString(c.Title), strings.ReplaceAll(html.EscapeString(strings.TrimSpace(c.Text)), "\n", "<br>")))
	}
	sep := "<hr>"
	if x.Kind == "contradiction" {
		sep = "<p><i>against</i></p>"
	}
	return strings.Join(parts, sep)
}

// evidenceCell is what makes a hot spot one: its counts, lift and interval,
// the judges' view of its clauses and example scenarios.
func evidenceCell(x analysis.Hotspot, stats map[string]analysis.ClauseStat) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s<br>%d high-D scenarios; lift %s [%s, %s]<br>", html.EscapeString(x.Why), x.HighN, fmtLift(x.Lift), fmtLift(x.LiftCI.Lo), fmtLift(x.LiftCI.Hi))
	for _, id := range strings.Split(x.Subject, " <> ") {
		c, ok := stats[id]
		if !ok || c.Judged == 0 {
			continue
		}
		fmt.Fprintf(&b, "<code>%s</code>: %d judged responses, %.0f%% flagged by a majority, judges split on %.0f%%, %.0f%% of decisions ambiguous<br>",
			html.EscapeString(id), c.Judged, 100*c.NonCompliant, 100*c.JudgeSplit, 100*c.AmbiguousShare)
	}
	if len(x.Examples) > 0 {
		var ks []string
		for _, k := range x.Examples {
			ks = append(ks, "<code>"+html.EscapeString(k.String())+"</code>")
		}
		b.WriteString("examples: " + strings.Join(ks, " "))
	}
	return b.String()
}

func fmtLift(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	return fmt.Sprintf("%.2f", x)
}
