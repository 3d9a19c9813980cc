package dataset

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ProvenanceFile is the sidecar a dataset directory carries at its root
// when this project's pipeline exported it: how it was made, and which
// columns hold simulated data.
const ProvenanceFile = "provenance.json"

// Provenance describes how a dataset directory was produced. Readers of
// the parquet files alone cannot tell a simulated judge's decisions from a
// real judge's (the column names are the same); the sidecar can.
type Provenance struct {
	// Producer names the writer, e.g. "specstress stages export".
	Producer string `json:"producer"`
	// Run is the run directory the results came from.
	Run string `json:"run,omitempty"`
	// Roles lists every model that took part, by role, with whether the
	// offline sim backend played it.
	Roles []RoleProvenance `json:"roles"`
	// SimulatedColumns lists, per config, the columns holding output of a
	// simulated role (responses, positions, decisions, ...). Rows of a
	// simulated generator are simulated as a whole: see SimulatedRows.
	SimulatedColumns map[string][]string `json:"simulated_columns,omitempty"`
	// SimulatedRows is true when the scenarios themselves (queries, value
	// pairs' texts) came from a simulated generator, so every row is
	// simulated data whatever its columns.
	SimulatedRows bool `json:"simulated_rows,omitempty"`
	// Splits records how the default splits were built.
	Splits string `json:"splits,omitempty"`
	// Missing counts results the run did not have (cells left null), by
	// stage; empty when the export was complete.
	Missing map[string]int `json:"missing,omitempty"`
}

// RoleProvenance is one model in one role.
type RoleProvenance struct {
	Role      string `json:"role"`  // generators, spectrum, respondents, classifier, tagger, judges
	ID        string `json:"id"`    // the column stem
	Model     string `json:"model"` // provider:model
	Simulated bool   `json:"simulated"`
}

// Simulated reports whether any output in the dataset is simulated.
func (p *Provenance) Simulated() bool {
	if p == nil {
		return false
	}
	if p.SimulatedRows {
		return true
	}
	for _, cols := range p.SimulatedColumns {
		if len(cols) > 0 {
			return true
		}
	}
	return false
}

// WriteProvenance writes p as root/provenance.json.
func WriteProvenance(root string, p *Provenance) error {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("dataset: provenance: %w", err)
	}
	if err := os.WriteFile(filepath.Join(root, ProvenanceFile), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("dataset: provenance: %w", err)
	}
	return nil
}

// ReadProvenance reads root/provenance.json; nil and no error when the
// directory has none (the public release, our simulator's sample).
func ReadProvenance(root string) (*Provenance, error) {
	b, err := os.ReadFile(filepath.Join(root, ProvenanceFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("dataset: provenance: %w", err)
	}
	var p Provenance
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("dataset: %s: %w", filepath.Join(root, ProvenanceFile), err)
	}
	return &p, nil
}
