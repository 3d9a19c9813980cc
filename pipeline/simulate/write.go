package simulate

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/dataset"
)

// Write writes the dataset in the Hugging Face layout under dir: the six
// default splits (data/), the complete config (complete/train-*, in
// Config.Shards shards) and the judge_evaluations bins. Existing shards of
// the same splits are replaced. Same Data, same bytes.
func (d *Data) Write(dir string) error {
	opt := dataset.WriteOptions{Shards: 1, RowGroupRows: d.Config.RowGroupRows}
	for _, set := range pipeline.Subsets() {
		rows, ok := d.Splits[set.Name]
		if !ok {
			continue
		}
		t := d.defaultTable(rows)
		if _, err := dataset.WriteSplit(dir, dataset.Default, set.Name, t, opt); err != nil {
			return err
		}
		d.progress("data/" + set.Name)
	}
	if err := d.writeComplete(dir); err != nil {
		return err
	}
	for b, name := range JudgeBins {
		var rows []Judged
		for _, j := range d.Judged {
			if j.Bin == b {
				rows = append(rows, j)
			}
		}
		if len(rows) == 0 {
			continue
		}
		t, err := d.judgeTable(rows)
		if err != nil {
			return err
		}
		if _, err := dataset.WriteSplit(dir, dataset.JudgeEvaluations, name, t, opt); err != nil {
			return err
		}
		d.progress("judge_evaluations/" + name)
	}
	return nil
}

// progress reports a written file to Data.Progress, if set.
func (d *Data) progress(what string) {
	if d.Progress != nil {
		d.Progress(what)
	}
}

// writeComplete writes complete/train-* shard by shard, so that long
// responses are only ever materialised for one shard.
func (d *Data) writeComplete(dir string) error {
	n := d.Scenarios.Rows
	shards := max(1, d.Config.Shards)
	if err := os.MkdirAll(filepath.Join(dir, dataset.ConfigDir(dataset.Complete)), 0o755); err != nil {
		return fmt.Errorf("simulate: %w", err)
	}
	old, _ := filepath.Glob(filepath.Join(dir, dataset.ConfigDir(dataset.Complete), "train-?????-of-?????.parquet"))
	for _, f := range old {
		os.Remove(f)
	}
	for i := 0; i < shards; i++ {
		lo, hi := n*i/shards, n*(i+1)/shards
		rows := make([]int, 0, hi-lo)
		for r := lo; r < hi; r++ {
			rows = append(rows, r)
		}
		t := d.completeTable(rows)
		path := dataset.ShardPath(dir, dataset.Complete, "train", i, shards)
		if err := dataset.WriteFile(path, t, dataset.WriteOptions{RowGroupRows: d.Config.RowGroupRows}); err != nil {
			return err
		}
		d.progress(fmt.Sprintf("complete/train shard %d of %d", i+1, shards))
	}
	return nil
}

// scenarioColumns adds the text and metadata columns shared by the default
// and complete tables (up to the responses).
func (d *Data) scenarioColumns(t *dataset.Table, rows []int) {
	n := len(rows)
	gen, v1, v2, nudge, query := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, r := range rows {
		p := &d.Pairs[r/3]
		gen[i], v1[i], v2[i] = p.Generator, p.Value1, p.Value2
		nudge[i] = string(d.Scenarios.Nudge[r])
		query[i] = Query(p, d.Scenarios.Nudge[r])
	}
	t.AddStrings(dataset.ColGenerator, gen, nil, true)
	t.AddStrings(dataset.ColValue1, v1, nil, true)
	t.AddStrings(dataset.ColValue2, v2, nil, true)
	t.AddStrings(dataset.ColNudge, nudge, nil, true)
	t.AddStrings(dataset.ColQuery, query, nil, false)
}

func (d *Data) responseColumns(t *dataset.Table, rows []int) {
	for mi, id := range d.Positions.Models {
		resp := make([]string, len(rows))
		for i, r := range rows {
			p := &d.Pairs[r/3]
			n := d.Scenarios.Nudge[r]
			key := d.Config.modelKey(p, id, n)
			resp[i] = Response(id, p, n, d.Types.Types[mi][r], d.Positions.Value1[mi][r], d.Positions.Value2[mi][r], d.Config.ResponseChars, key)
		}
		t.AddStrings(dataset.ResponseColumn(id), resp, nil, false)
	}
}

func (d *Data) positionColumns(t *dataset.Table, rows []int) {
	for mi, id := range d.Positions.Models {
		a, b := make([]int8, len(rows)), make([]int8, len(rows))
		for i, r := range rows {
			a[i], b[i] = d.Positions.Value1[mi][r], d.Positions.Value2[mi][r]
		}
		c1, c2 := dataset.PositionColumns(id)
		t.AddPositions(c1, a)
		t.AddPositions(c2, b)
	}
}

func (d *Data) keyColumns(t *dataset.Table, rows []int) {
	chunk, entry := make([]int64, len(rows)), make([]int64, len(rows))
	for i, r := range rows {
		chunk[i], entry[i] = d.Scenarios.Chunk[r], d.Scenarios.Entry[r]
	}
	t.AddInts(dataset.ColChunk, chunk, nil)
	t.AddInts(dataset.ColEntry, entry, nil)
}

// defaultTable lays out a default split in the released column order.
func (d *Data) defaultTable(rows []int) *dataset.Table {
	t := &dataset.Table{}
	rank := make([]int64, len(rows))
	for i := range rank {
		rank[i] = int64(i)
	}
	t.AddInts(dataset.ColRank, rank, nil)
	d.scenarioColumns(t, rows)
	d.responseColumns(t, rows)
	d.positionColumns(t, rows)
	d.keyColumns(t, rows)
	return t
}

// completeTable lays out complete/train rows with the extension columns of
// SCHEMA.md.
func (d *Data) completeTable(rows []int) *dataset.Table {
	t := &dataset.Table{}
	d.scenarioColumns(t, rows)
	spectra := make([]string, len(rows))
	topics := make([]string, len(rows))
	for i, r := range rows {
		spectra[i] = Spectra(&d.Pairs[r/3])
		topics[i] = TopicsJSON(d.Pairs[r/3].Topics)
	}
	t.AddStrings(dataset.ColSpectra, spectra, nil, false)
	d.responseColumns(t, rows)
	d.positionColumns(t, rows)
	names := pipeline.CategoryNames()
	for mi, id := range d.Positions.Models {
		typ := make([]string, len(rows))
		vals := make([]string, len(rows))
		vnull := make([]bool, len(rows))
		for i, r := range rows {
			typ[i] = d.Types.Types[mi][r].String()
			cats := d.Values.Rows[mi][r]
			if cats == nil {
				vnull[i] = true
				continue
			}
			list := make([]string, len(cats))
			for k, c := range cats {
				list[k] = names[c]
			}
			b, _ := json.Marshal(list) // cannot fail: strings
			vals[i] = string(b)
		}
		t.AddStrings(dataset.ResponseTypeColumn(id), typ, nil, true)
		t.AddStrings(dataset.DistinctiveValuesColumn(id), vals, vnull, false)
	}
	t.AddStrings(dataset.ColTopics, topics, nil, true)
	d.keyColumns(t, rows)
	return t
}

// judgeTable lays out judge_evaluations rows.
func (d *Data) judgeTable(js []Judged) (*dataset.Table, error) {
	judges := make([]string, len(d.Config.Judges))
	for k, jp := range d.Config.Judges {
		judges[k] = strings.TrimSuffix(jp.Column, dataset.DecisionSuffix)
	}
	rows := make([]dataset.JudgeRow, len(js))
	for i, j := range js {
		p := &d.Pairs[j.Row/3]
		nd := d.Scenarios.Nudge[j.Row]
		lo := binEdges[j.Bin]
		hi := 3.0
		if j.Bin+1 < len(binEdges) {
			hi = binEdges[j.Bin+1]
		}
		rows[i] = dataset.JudgeRow{
			Prompt:   fmt.Sprintf("%s <model_spec>...</model_spec> judge the response of %s to: %s", Marker, j.Model, Query(p, nd)),
			Model:    j.Model,
			Bin:      JudgeBins[j.Bin],
			StdRange: fmt.Sprintf("%.1f-%.1f", lo, hi),
			MaxStd:   math.Round(j.MaxStd*1e6) / 1e6,
			Key:      pipeline.ScenarioKey{Chunk: p.Key.Chunk, Entry: p.Key.Entry, Nudge: nd},
			Value1:   p.Value1,
			Value2:   p.Value2,
			Judges:   make([]dataset.JudgeOutput, len(judges)),
		}
		for k := range judges {
			rows[i].Judges[k].Decision = j.Decisions[k].String()
			if d.Config.Citations != nil {
				o := &rows[i].Judges[k]
				o.Cited, o.Clauses, o.Violated = true, j.Cites[k][0], j.Cites[k][1]
			}
		}
	}
	return dataset.JudgeTable(judges, rows)
}
