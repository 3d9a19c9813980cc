package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/pipeline/dataset"
)

// paperSplitRows are the split sizes printed in the paper's text
// (PAPER.md section 3), matched to names by the paper's order. They are a
// check, not truth: a mismatch is reported with both numbers.
var paperSplitRows = map[string]int{
	"all_models": 43960, "claude_models": 20790, "openai_models": 26295,
	"gpt41_vs_mini": 10160, "o3_vs_o4mini": 21953, "opus4_vs_sonnet4": 9245,
}

// Statuses of a verification check.
const (
	statusPass = "PASS"
	statusFail = "FAIL"
	statusWarn = "WARN"
	statusSkip = "SKIP"
)

// check is one line of `data verify`.
type check struct {
	status, scope, name, detail string
}

const verifyUsage = `usage: specstress data verify [--paper-counts=false] DIR

Checks the invariants of the public release (jifanz/stress_testing_model_spec) and
prints a pass/fail table; exits 1 when a check fails:
  - the six default splits' row counts against the paper's text (--paper-counts=false
    turns a mismatch into a warning, e.g. for the synthetic sample);
  - every row of a default split has D >= 1.5 over the split's subset (population SD);
  - max_pop_std_openai lies inside its judge bin's range;
  - the judge files' model ids (normalised) cover the five OpenAI models;
  - every query_key (or nudge_direction) of the judge files parses, and every decision;
  - every column has one type across the shards of a split (reported per config; the
    other configs are still checked).`

func runDataVerify(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("data verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, verifyUsage) }
	strict := fs.Bool("paper-counts", true, "a split row count that differs from the paper's is a failure (false: a warning)")
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "specstress data verify: want one dataset directory, got %d arguments\n\n%s\n", len(pos), verifyUsage)
		return 2
	}
	ds, err := dataset.Open(pos[0])
	if err == nil {
		err = ds.Load() // every footer: a remote Open reads none
	}
	if err != nil {
		fmt.Fprintln(stderr, "specstress data verify:", err)
		return 1
	}
	checks := verifyDataset(ds, *strict)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "status\tscope\tcheck\tdetail")
	failed, counts := false, map[string]int{}
	for _, c := range checks {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.status, c.scope, c.name, c.detail)
		failed = failed || c.status == statusFail
		counts[c.status]++
	}
	tw.Flush()
	fmt.Fprintf(stdout, "\n%d passed, %d failed, %d warnings, %d skipped\n", counts[statusPass], counts[statusFail], counts[statusWarn], counts[statusSkip])
	if failed {
		fmt.Fprintln(stderr, "specstress data verify: some checks failed")
		return 1
	}
	return 0
}

// verifyDataset runs every check; a check that cannot run (config absent)
// is skipped, and a failing config never stops the others.
func verifyDataset(ds *dataset.Dataset, strictCounts bool) []check {
	var out []check
	for _, cfg := range ds.Configs() {
		c, _ := ds.Config(cfg)
		var drift []string
		for _, s := range c.Splits {
			if len(s.Drift) > 0 {
				drift = append(drift, driftSummary(s))
			}
		}
		if len(drift) > 0 {
			out = append(out, check{statusFail, cfg, "shard column types agree", strings.Join(drift, "; ")})
		} else {
			out = append(out, check{statusPass, cfg, "shard column types agree", fmt.Sprintf("%d splits", len(c.Splits))})
		}
	}
	out = append(out, verifySplits(ds, strictCounts)...)
	return append(out, verifyJudges(ds)...)
}

func verifySplits(ds *dataset.Dataset, strictCounts bool) []check {
	if _, err := ds.Config(dataset.Default); err != nil {
		return []check{{statusSkip, dataset.Default, "split checks", "no default config (data/)"}}
	}
	var out []check
	for _, set := range pipeline.Subsets() {
		scope := dataset.Default + "/" + set.Name
		sp, err := ds.Split(dataset.Default + "/" + set.Name)
		if err != nil {
			out = append(out, check{statusFail, scope, "split present", "absent from data/"})
			continue
		}
		want := paperSplitRows[set.Name]
		switch {
		case sp.Rows == want:
			out = append(out, check{statusPass, scope, "rows as in the paper", fmt.Sprint(sp.Rows)})
		case strictCounts:
			out = append(out, check{statusFail, scope, "rows as in the paper", fmt.Sprintf("%d rows, the paper's text says %d", sp.Rows, want)})
		default:
			out = append(out, check{statusWarn, scope, "rows as in the paper", fmt.Sprintf("%d rows, the paper's text says %d", sp.Rows, want)})
		}
		out = append(out, verifyHighD(sp, set, scope))
	}
	return out
}

// verifyHighD checks that every row has D >= 1.5 over the subset.
func verifyHighD(sp *dataset.Split, set pipeline.ModelSet, scope string) check {
	name := "every row has D >= 1.5 over " + set.Name
	pos, err := sp.PositionsOf(context.Background(), set.Models)
	if err != nil {
		return check{statusFail, scope, name, err.Error()}
	}
	d, err := analysis.Disagreement(pos, set)
	if err != nil {
		return check{statusFail, scope, name, err.Error()}
	}
	low, undef, first := 0, 0, -1
	for r, x := range d.D {
		switch {
		case math.IsNaN(x):
			undef++
		case x < analysis.HighDisagreement-1e-9:
			low++
		default:
			continue
		}
		if first < 0 {
			first = r
		}
	}
	if low+undef == 0 {
		return check{statusPass, scope, name, fmt.Sprintf("%d rows", d.Rows)}
	}
	file, row := locate(sp, first)
	return check{statusFail, scope, name, fmt.Sprintf("%d rows below 1.5, %d with D undefined; first: %s row %d (D %.3f)", low, undef, file, row, d.D[first])}
}

// locate maps a split row to its shard file and row.
func locate(sp *dataset.Split, r int) (string, int) {
	for _, sh := range sp.Shards {
		if r < sh.Rows {
			return sh.Path, r
		}
		r -= sh.Rows
	}
	return "", r
}

var binRange = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`([0-9]+(?:\.[0-9]+)?)[^0-9]+([0-9]+(?:\.[0-9]+)?)`) })

// parseBin reads a bin's range from bin_name ("std_1.5_to_2.0") or
// std_range ("1.5-2.0").
func parseBin(name string) (lo, hi float64, ok bool) {
	m := binRange().FindStringSubmatch(name)
	if m == nil {
		return 0, 0, false
	}
	lo, err1 := strconv.ParseFloat(m[1], 64)
	hi, err2 := strconv.ParseFloat(m[2], 64)
	return lo, hi, err1 == nil && err2 == nil && lo < hi
}

func verifyJudges(ds *dataset.Dataset) []check {
	scope := dataset.JudgeEvaluations
	if _, err := ds.Config(scope); err != nil {
		return []check{{statusSkip, scope, "judge checks", "no judge_evaluations config"}}
	}
	j, rep, err := ds.ReadJudgments()
	if err != nil {
		return []check{{statusFail, scope, "judge files read", err.Error()}}
	}
	var out []check
	// max_pop_std_openai inside the bin's range.
	name := "max_pop_std_openai inside its bin"
	switch {
	case j.Bin == nil:
		out = append(out, check{statusSkip, scope, name, "no bin_name column"})
	default:
		bad, null, unparsable, first := 0, 0, 0, ""
		for r := 0; r < j.Rows; r++ {
			lo, hi, ok := parseBin(j.Bin[r])
			v := j.MaxStd[r]
			switch {
			case !ok:
				unparsable++
			case math.IsNaN(v):
				null++
			case v < lo-1e-9 || v > hi+1e-9 || (v >= hi-1e-12 && hi < 3):
				bad++
				if first == "" {
					first = fmt.Sprintf("row %d: %.4f in %s", r, v, j.Bin[r])
				}
			}
		}
		switch {
		case bad+unparsable > 0:
			out = append(out, check{statusFail, scope, name, fmt.Sprintf("%d outside, %d bins unreadable, %d null; first %s", bad, unparsable, null, first)})
		case null > 0:
			out = append(out, check{statusWarn, scope, name, fmt.Sprintf("%d rows have no value", null)})
		default:
			out = append(out, check{statusPass, scope, name, fmt.Sprintf("%d rows", j.Rows)})
		}
	}
	// Model ids cover the five OpenAI models.
	name = "model ids cover the five OpenAI models"
	if missing := rep.MissingModels(pipeline.OpenAIModels); len(missing) > 0 {
		out = append(out, check{statusFail, scope, name, fmt.Sprintf("missing %s; found %s", joinModels(missing), joinModels(rep.Models()))})
	} else {
		detail := fmt.Sprintf("found %s", joinModels(rep.Models()))
		if len(rep.Spellings) > 0 {
			detail += fmt.Sprintf(" (%d spellings normalised)", len(rep.Spellings))
		}
		out = append(out, check{statusPass, scope, name, detail})
	}
	if len(rep.Unknown) > 0 {
		out = append(out, check{statusWarn, scope, "model ids known", fmt.Sprintf("%d spellings not in the registry, kept as written", len(rep.Unknown))})
	}
	// Keys and decisions parse.
	name = "query_key parses"
	switch {
	case rep.BadKeys > 0:
		out = append(out, check{statusFail, scope, name, fmt.Sprintf("%d of %d rows unreadable (nudge left empty), e.g. %s", rep.BadKeys, rep.Rows, strings.Join(rep.BadKeyExamples, "; "))})
	case rep.KeyMismatch > 0:
		out = append(out, check{statusFail, scope, name, fmt.Sprintf("%d rows disagree with chunk/entry columns, e.g. %s", rep.KeyMismatch, rep.KeyMismatchExample)})
	default:
		out = append(out, check{statusPass, scope, name, "nudge from " + rep.NudgeSource})
	}
	name = "judge decisions parse"
	if n := rep.UnparsedDecisions(); n > 0 {
		var per []string
		for _, d := range rep.Decisions {
			if len(d.Unparsed) > 0 {
				per = append(per, fmt.Sprintf("%s: %d", d.Judge, len(d.Unparsed)))
			}
		}
		out = append(out, check{statusFail, scope, name, fmt.Sprintf("%d cells unreadable (distinct spellings per judge: %s); see analyze compliance's warnings", n, strings.Join(per, ", "))})
	} else {
		out = append(out, check{statusPass, scope, name, fmt.Sprintf("%d judges", len(rep.Decisions))})
	}
	return out
}

// driftSummary says in one line which columns of a split change type
// between shards, and names one file of each type.
func driftSummary(s *dataset.Split) string {
	var cols []string
	files := map[string]string{}
	var types []string
	for _, d := range s.Drift {
		cols = append(cols, d.Column)
		for _, t := range d.Types() {
			if _, ok := files[t]; !ok {
				files[t] = d.Shards[t][0]
				types = append(types, t)
			}
		}
	}
	var eg []string
	for _, t := range types {
		eg = append(eg, fmt.Sprintf("%s in %s", t, files[t]))
	}
	if len(cols) > 4 {
		cols = append(cols[:4], fmt.Sprintf("and %d more", len(s.Drift)-4))
	}
	return fmt.Sprintf("%s: %d columns change type between shards (%s); e.g. %s", s.Name, len(s.Drift), strings.Join(cols, ", "), strings.Join(eg, ", "))
}
