package stages

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/specstress/specstress/pipeline"
)

// Table2File is table2.json: the samples and, per sampled scenario and
// judged model, every judge's decision ("" when the judge gave none: a
// failed call). It is what `specstress analyze table2` reads.
type Table2File struct {
	Options Table2Options      `json:"options"`
	Judged  []pipeline.ModelID `json:"judged"`
	Judges  []string           `json:"judges"`
	Columns []Table2FileColumn `json:"columns"`
	Rows    []Table2Row        `json:"rows"`
	// Warnings are the run's (Run.TaxonomyWarning) when the file was written.
	Warnings []string `json:"warnings,omitempty"`
}

// Table2FileColumn describes one sample: its size and its pool.
type Table2FileColumn struct {
	Name   string             `json:"name"`
	Models []pipeline.ModelID `json:"models,omitempty"`
	Pool   int                `json:"pool"`
	N      int                `json:"n"`
}

// Table2Row is one judged response of a sampled scenario.
type Table2Row struct {
	Column    string               `json:"column"`
	Key       pipeline.ScenarioKey `json:"key"`
	Model     pipeline.ModelID     `json:"model"`
	MaxStd    *float64             `json:"max_std"` // D over the judged models; null before classification
	Decisions map[string]string    `json:"decisions"`
}

// WriteTable2 writes the judged samples to path (default RUN/table2.json)
// and returns what it wrote.
func (r *Run) WriteTable2(path string) (*Table2File, error) {
	smp, err := r.Table2Sample()
	if err != nil {
		return nil, fmt.Errorf("table2: %w", err)
	}
	if path == "" {
		path = filepath.Join(r.Config.Out, "table2.json")
	}
	f := &Table2File{Options: smp.Options, Judged: smp.Judged, Warnings: nonEmpty(r.TaxonomyWarning())}
	for _, j := range r.Config.Judges {
		f.Judges = append(f.Judges, string(j.ID))
	}
	for _, c := range smp.Columns {
		f.Columns = append(f.Columns, Table2FileColumn{Name: c.Name, Models: c.Models, Pool: c.Pool, N: len(c.Keys)})
		for _, k := range c.Keys {
			var d *float64
			if p, ok := r.placed.Get(k.String()); ok {
				if v := maxPopStd(p.Placements, smp.Judged); !math.IsNaN(v) {
					d = &v
				}
			}
			for _, id := range smp.Judged {
				row := Table2Row{Column: c.Name, Key: k, Model: id, MaxStd: d, Decisions: map[string]string{}}
				for _, j := range f.Judges {
					rec, _ := r.judged.Get(itemID(k, id) + "|" + j)
					row.Decisions[j] = rec.Decision
				}
				f.Rows = append(f.Rows, row)
			}
		}
	}
	b, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return nil, fmt.Errorf("table2: %w", err)
	}
	return f, nil
}

// ReadTable2 reads a table2.json (path, or a run directory holding one).
func ReadTable2(path string) (*Table2File, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "table2.json")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("table2: %w (write it with: specstress judge --table2)", err)
	}
	var f Table2File
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("table2 %s: %w", path, err)
	}
	if len(f.Columns) == 0 || len(f.Judged) == 0 || len(f.Judges) == 0 {
		return nil, fmt.Errorf("table2 %s: needs columns, judged models and judges", path)
	}
	cols := map[string]bool{}
	for _, c := range f.Columns {
		cols[c.Name] = true
	}
	for i, row := range f.Rows {
		if !cols[row.Column] {
			return nil, fmt.Errorf("table2 %s: row %d: unknown column %q", path, i, row.Column)
		}
		for _, j := range f.Judges {
			if _, err := pipeline.ParseDecision(row.Decisions[j]); err != nil {
				return nil, fmt.Errorf("table2 %s: row %d (%s, %s) judge %s: %w", path, i, row.Key, row.Model, j, err)
			}
		}
	}
	return &f, nil
}

// Judgments returns the rows as judge evaluations, one row per judged
// response, with the column name as the bin (a scenario drawn into two
// columns appears in both).
func (f *Table2File) Judgments() *pipeline.Judgments {
	j := &pipeline.Judgments{Rows: len(f.Rows), Judges: append([]string(nil), f.Judges...),
		Decisions: make([][]pipeline.Decision, len(f.Judges))}
	for k := range j.Decisions {
		j.Decisions[k] = make([]pipeline.Decision, len(f.Rows))
	}
	for i, row := range f.Rows {
		j.Model = append(j.Model, row.Model)
		j.Keys = append(j.Keys, row.Key)
		j.Bin = append(j.Bin, row.Column)
		d := math.NaN()
		if row.MaxStd != nil {
			d = *row.MaxStd
		}
		j.MaxStd = append(j.MaxStd, d)
		for k, judge := range f.Judges {
			j.Decisions[k][i], _ = pipeline.ParseDecision(row.Decisions[judge]) // checked by ReadTable2
		}
	}
	return j
}
