package stages

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/analysis"
	"github.com/specstress/specstress/pipeline/dataset"
	"github.com/specstress/specstress/pipeline/embed"
)

// judgeBins are the judge_evaluations split names and their lower edges.
var judgeBins = []struct {
	name string
	lo   float64
}{{"std_0.0_to_1.0", 0}, {"std_1.0_to_1.5", 1}, {"std_1.5_to_2.0", 1.5}, {"std_2.0_to_2.5", 2}, {"std_2.5_to_3.0", 2.5}}

func binOf(d float64) int {
	b := 0
	for i, e := range judgeBins {
		if d >= e.lo {
			b = i
		}
	}
	return b
}

// sortedScenarios returns the scenarios ordered by chunk, entry, nudge.
func (r *Run) sortedScenarios() []ScenarioRec {
	scs := r.scenarios.All()
	order := map[pipeline.Nudge]int{pipeline.Neutral: 0, pipeline.TowardValue1: 1, pipeline.TowardValue2: 2}
	sort.Slice(scs, func(i, j int) bool {
		a, b := scs[i].Key, scs[j].Key
		if a.Chunk != b.Chunk {
			return a.Chunk < b.Chunk
		}
		if a.Entry != b.Entry {
			return a.Entry < b.Entry
		}
		return order[a.Nudge] < order[b.Nudge]
	})
	return scs
}

// ExportSummary says what Export wrote.
type ExportSummary struct {
	Dir            string
	CompleteRows   int
	DefaultSplits  map[string]int // split -> rows
	JudgeRows      map[string]int // bin -> rows
	MissingResults int            // cells left null for lack of a result
	// Simulated lists the roles the offline sim backend played: their
	// columns hold simulated data (also recorded in Dir/provenance.json).
	Simulated []SimulatedRole
}

// Export writes the run's results under dir in the dataset layout
// (pipeline/dataset): complete/train with every scenario and the extension
// columns (spectra, response types, distinctive values, topics); one
// default split per paper subset whose models all responded, built as the
// paper builds them (see writeDefaults: D >= 1.5 over the subset, rank =
// the disagreement-weighted k-center selection order); and judge_evaluations split into the
// five disagreement bins over the judged models, plus provenance.json
// (dataset.Provenance: the roles, which columns are simulated, what is
// missing). Missing results are nulls.
//
// The export is written into a fresh directory next to dir and swapped in
// whole, so no file of an earlier export survives (a split or judge bin
// that is empty now is absent, not stale). An existing dir that does not
// look like an export (files other than provenance.json and the three
// config directories) is refused rather than replaced.
func (r *Run) Export(dir string) (ExportSummary, error) {
	sum := ExportSummary{Dir: dir, DefaultSplits: map[string]int{}, JudgeRows: map[string]int{}, Simulated: r.Config.Simulated()}
	if err := replaceable(dir); err != nil {
		return sum, err
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return sum, fmt.Errorf("export: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(filepath.Clean(dir))+".export-")
	if err != nil {
		return sum, fmt.Errorf("export: %w", err)
	}
	defer os.RemoveAll(tmp) // gone already when the swap succeeded
	if err := os.Chmod(tmp, 0o755); err != nil {
		return sum, fmt.Errorf("export: %w", err)
	}
	if err := r.exportInto(tmp, &sum); err != nil {
		return sum, err
	}
	if err := dataset.WriteProvenance(tmp, r.provenance(&sum)); err != nil {
		return sum, err
	}
	return sum, swapDir(tmp, dir)
}

func (r *Run) exportInto(dir string, sum *ExportSummary) error {
	scs := r.sortedScenarios()
	var ids []pipeline.ModelID
	for _, m := range r.Config.Respondents {
		ids = append(ids, m.ID)
	}
	all := make([]int, len(scs))
	for i := range all {
		all[i] = i
	}
	t := r.table(scs, all, ids, true, sum)
	if _, err := dataset.WriteSplit(dir, dataset.Complete, "train", t, dataset.WriteOptions{}); err != nil {
		return err
	}
	sum.CompleteRows = len(scs)

	if err := r.writeDefaults(dir, scs, ids, sum); err != nil {
		return err
	}
	return r.writeJudgments(dir, scs, sum)
}

// writeDefaults writes the default splits as the paper builds them, with
// the code the simulator uses (analysis.BuildSubsets): per paper subset
// whose models all responded (or, when none did, the respondents as one
// set), the scenarios with D >= 1.5 over the subset, deduplicated and
// ranked by the disagreement-weighted k-center selection over the query
// embeddings of the run's embedder (offline: the hashed one).
func (r *Run) writeDefaults(dir string, scs []ScenarioRec, ids []pipeline.ModelID, sum *ExportSummary) error {
	pos := &pipeline.Positions{Rows: len(scs), Models: ids}
	for _, id := range ids {
		a, b := make([]int8, len(scs)), make([]int8, len(scs))
		for k, s := range scs {
			a[k], b[k] = pipeline.NullPosition, pipeline.NullPosition
			if p, ok := r.placed.Get(s.Key.String()); ok {
				if pl, ok := p.Placements[id]; ok {
					a[k], b[k] = pl.V1, pl.V2
				}
			}
		}
		pos.Value1 = append(pos.Value1, a)
		pos.Value2 = append(pos.Value2, b)
	}
	have := map[pipeline.ModelID]bool{}
	for _, id := range ids {
		have[id] = true
	}
	var sets []pipeline.ModelSet
	for _, set := range pipeline.Subsets() {
		ok := true
		for _, id := range set.Models {
			ok = ok && have[id]
		}
		if ok {
			sets = append(sets, set)
		}
	}
	if len(sets) == 0 {
		sets = []pipeline.ModelSet{{Name: "respondents", Models: ids}}
	}
	e := r.Embedder
	if e == nil {
		e = embed.Hashed{}
	}
	embedRows := func(ctx context.Context, rows []int) ([]float32, int, error) {
		texts := make([]string, len(rows))
		for i, row := range rows {
			texts[i] = scs[row].Query
		}
		vecs, err := e.Embed(ctx, texts)
		if err != nil {
			return nil, 0, err
		}
		if len(vecs) != len(rows) || len(vecs) == 0 {
			return nil, 0, fmt.Errorf("embedder returned %d vectors for %d queries", len(vecs), len(rows))
		}
		dim := len(vecs[0])
		flat := make([]float32, 0, len(vecs)*dim)
		for i, v := range vecs {
			if len(v) != dim {
				return nil, 0, fmt.Errorf("embedding %d has dimension %d, want %d", i, len(v), dim)
			}
			flat = append(flat, v...)
		}
		return flat, dim, nil
	}
	subs, err := analysis.BuildSubsets(context.Background(), pos, embedRows, analysis.SubsetOptions{Sets: sets})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	for _, sub := range subs {
		if len(sub.Rows) == 0 {
			continue // no scenario of this subset disagrees enough (yet)
		}
		t := r.table(scs, sub.Rows, sub.Set.Models, false, sum)
		if _, err := dataset.WriteSplit(dir, dataset.Default, sub.Set.Name, t, dataset.WriteOptions{}); err != nil {
			return err
		}
		sum.DefaultSplits[sub.Set.Name] = len(sub.Rows)
	}
	return nil
}

// table lays out rows idx of scs: the default columns, plus the complete
// config's extension columns when complete is set.
func (r *Run) table(scs []ScenarioRec, idx []int, ids []pipeline.ModelID, complete bool, sum *ExportSummary) *dataset.Table {
	n := len(idx)
	t := &dataset.Table{}
	str := func() ([]string, []bool) { return make([]string, n), make([]bool, n) }
	if !complete {
		rank := make([]int64, n)
		for k := range rank {
			rank[k] = int64(k)
		}
		t.AddInts(dataset.ColRank, rank, nil)
	}
	gen, v1, v2, nudge, query := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for k, i := range idx {
		s := scs[i]
		gen[k], v1[k], v2[k], nudge[k], query[k] = s.Generator, s.Value1, s.Value2, string(s.Key.Nudge), s.Query
	}
	t.AddStrings(dataset.ColGenerator, gen, nil, true)
	t.AddStrings(dataset.ColValue1, v1, nil, true)
	t.AddStrings(dataset.ColValue2, v2, nil, true)
	t.AddStrings(dataset.ColNudge, nudge, nil, true)
	t.AddStrings(dataset.ColQuery, query, nil, false)
	if complete {
		sp, spNull := str()
		for k, i := range idx {
			s := scs[i]
			if rec, ok := r.spectra.Get(pairID(s.Key.Pair())); ok {
				sp[k] = rec.Spectra.JSON(s.Value1, s.Value2)
			} else {
				spNull[k] = true
			}
		}
		t.AddStrings(dataset.ColSpectra, sp, spNull, false)
	}
	for _, id := range ids {
		resp, null := str()
		for k, i := range idx {
			if rec, ok := r.responses.Get(itemID(scs[i].Key, id)); ok {
				resp[k] = rec.Text
			} else {
				null[k] = true
				sum.MissingResults++
			}
		}
		t.AddStrings(dataset.ResponseColumn(id), resp, null, false)
	}
	for _, id := range ids {
		a, b := make([]int8, n), make([]int8, n)
		for k, i := range idx {
			a[k], b[k] = pipeline.NullPosition, pipeline.NullPosition
			if p, ok := r.placed.Get(scs[i].Key.String()); ok {
				if pl, ok := p.Placements[id]; ok {
					a[k], b[k] = pl.V1, pl.V2
				}
			}
		}
		c1, c2 := dataset.PositionColumns(id)
		t.AddPositions(c1, a)
		t.AddPositions(c2, b)
	}
	if complete {
		names := pipeline.CategoryNames()
		for _, id := range ids {
			typ, tnull := str()
			vals, vnull := str()
			for k, i := range idx {
				key := scs[i].Key.String()
				tnull[k], vnull[k] = true, true
				if rec, ok := r.types.Get(key); ok {
					if ty, ok := rec.Types[id]; ok {
						typ[k], tnull[k] = ty.String(), false
					}
				}
				if rec, ok := r.values.Get(key); ok {
					if cs, ok := rec.Categories[id]; ok {
						list := make([]string, len(cs))
						for j, c := range cs {
							list[j] = names[c]
						}
						b, _ := json.Marshal(list) // strings: cannot fail
						vals[k], vnull[k] = string(b), false
					}
				}
			}
			t.AddStrings(dataset.ResponseTypeColumn(id), typ, tnull, true)
			t.AddStrings(dataset.DistinctiveValuesColumn(id), vals, vnull, false)
		}
		tp, tpNull := str()
		for k, i := range idx {
			if rec, ok := r.topics.Get(scs[i].Key.String()); ok {
				m := map[string]bool{}
				for j, name := range pipeline.Topics {
					m[name] = j < len(rec.Tags) && rec.Tags[j]
				}
				b, _ := json.Marshal(m)
				tp[k] = string(b)
			} else {
				tpNull[k] = true
			}
		}
		t.AddStrings(dataset.ColTopics, tp, tpNull, true)
	}
	chunk, entry := make([]int64, n), make([]int64, n)
	for k, i := range idx {
		chunk[k], entry[k] = scs[i].Key.Chunk, scs[i].Key.Entry
	}
	t.AddInts(dataset.ColChunk, chunk, nil)
	t.AddInts(dataset.ColEntry, entry, nil)
	return t
}

// writeJudgments writes one judge_evaluations row per judged response,
// with one <judge>_decision column per judge, binned by disagreement.
func (r *Run) writeJudgments(dir string, scs []ScenarioRec, sum *ExportSummary) error {
	judged := r.judgedModels()
	judges := make([]string, len(r.Config.Judges))
	for j, jd := range r.Config.Judges {
		judges[j] = string(jd.ID)
	}
	bins := make([][]dataset.JudgeRow, len(judgeBins))
	cited := false // any judge asked for citations: every bin then carries the columns
	for _, s := range scs {
		d := math.NaN()
		if p, ok := r.placed.Get(s.Key.String()); ok {
			d = maxPopStd(p.Placements, judged)
		}
		for _, m := range judged {
			row := dataset.JudgeRow{Prompt: s.Query, Model: m, MaxStd: d, Key: s.Key, Value1: s.Value1, Value2: s.Value2,
				Judges: make([]dataset.JudgeOutput, len(judges))}
			any := false
			for j, jd := range r.Config.Judges {
				if rec, ok := r.judged.Get(itemID(s.Key, m) + "|" + string(jd.ID)); ok {
					row.Judges[j].Decision, any = rec.Decision, true
					if c := rec.Cites; c != nil {
						row.Judges[j].Cited, row.Judges[j].Clauses, row.Judges[j].Violated = true, c.Clauses, c.Violated
						cited = true
					}
				}
			}
			if !any {
				continue
			}
			b := 0
			if !math.IsNaN(d) {
				b = binOf(d)
			}
			bins[b] = append(bins[b], row)
		}
	}
	for b, rows := range bins {
		if len(rows) == 0 {
			continue
		}
		hi := 3.0
		if b+1 < len(judgeBins) {
			hi = judgeBins[b+1].lo
		}
		for k := range rows {
			rows[k].Bin, rows[k].StdRange = judgeBins[b].name, fmt.Sprintf("%.1f-%.1f", judgeBins[b].lo, hi)
		}
		layout := dataset.JudgeTable
		if cited {
			layout = dataset.JudgeTableWithCitations
		}
		t, err := layout(judges, rows)
		if err != nil {
			return err
		}
		if _, err := dataset.WriteSplit(dir, dataset.JudgeEvaluations, judgeBins[b].name, t, dataset.WriteOptions{}); err != nil {
			return err
		}
		sum.JudgeRows[judgeBins[b].name] = len(rows)
	}
	return nil
}
