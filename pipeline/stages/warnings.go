package stages

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// TaxonomyRecord is RUN/taxonomy.json: which values the run's pairs were
// sampled from, written by the pairs stage so that every later command
// (and anyone reading the run) knows, whatever the configuration says now.
type TaxonomyRecord struct {
	Source  string `json:"source"`
	Standin bool   `json:"standin"`
	Values  int    `json:"values"`
	Warning string `json:"warning,omitempty"`
}

func (r *Run) taxonomyPath() string { return filepath.Join(r.Config.Out, "taxonomy.json") }

// recordTaxonomy writes RUN/taxonomy.json for the taxonomy pairs are being
// drawn from.
func (r *Run) recordTaxonomy() error {
	b, err := json.MarshalIndent(TaxonomyRecord{Source: r.tax.Source, Standin: r.tax.Standin, Values: len(r.tax.Values), Warning: r.tax.Warning()}, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(r.taxonomyPath(), b, 0o644); err != nil {
		return fmt.Errorf("taxonomy record: %w", err)
	}
	return nil
}

// TaxonomyUsed returns the run's taxonomy record, or false when no pairs
// have been drawn yet.
func (r *Run) TaxonomyUsed() (TaxonomyRecord, bool) {
	var rec TaxonomyRecord
	b, err := os.ReadFile(r.taxonomyPath())
	if err != nil || json.Unmarshal(b, &rec) != nil {
		return rec, false
	}
	return rec, true
}

// Warnings lists what makes this run other than a replication of the
// paper and how to fix it: today the stand-in taxonomy, when the
// configuration uses it or the run's pairs were drawn from it. Show them
// wherever the run's results are shown; they are never errors, so offline
// runs work.
func (r *Run) Warnings() []string {
	rec, ok := r.TaxonomyUsed()
	if ok && rec.Standin {
		return []string{rec.Warning}
	}
	if w := r.tax.Warning(); w != "" && (!ok || r.pairs.Len() == 0) {
		return []string{w}
	}
	return nil
}
