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

// TaxonomyWarning says, when the run's pairs were drawn from the
// built-in stand-in taxonomy (or will be: the configuration names no
// values_tree.csv), that its results are no replication of the paper and
// how to use the real taxonomy; "" otherwise. Show it wherever the run's
// results are shown; it is never an error, so offline runs work.
func (r *Run) TaxonomyWarning() string {
	rec, ok := r.TaxonomyUsed()
	if ok && rec.Standin {
		return rec.Warning
	}
	if !ok || r.pairs.Len() == 0 {
		return r.tax.Warning()
	}
	return ""
}

// nonEmpty returns the non-empty strings of ws.
func nonEmpty(ws ...string) []string {
	var out []string
	for _, w := range ws {
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}
