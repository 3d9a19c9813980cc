package dataset_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline/dataset"
)

func TestProvenanceSidecar(t *testing.T) {
	dir := t.TempDir()
	p, err := dataset.ReadProvenance(dir)
	if p != nil || err != nil || p.Simulated() {
		t.Fatalf("no sidecar: %v, %v", p, err)
	}
	want := &dataset.Provenance{Producer: "test", Roles: []dataset.RoleProvenance{{Role: "judges", ID: "gpt41", Model: "sim:gpt41", Simulated: true}},
		SimulatedColumns: map[string][]string{dataset.JudgeEvaluations: {"gpt41_decision"}}}
	if err := dataset.WriteProvenance(dir, want); err != nil {
		t.Fatal(err)
	}
	got, err := dataset.ReadProvenance(dir)
	if err != nil || !got.Simulated() || got.SimulatedColumns[dataset.JudgeEvaluations][0] != "gpt41_decision" || got.Roles[0] != want.Roles[0] {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	// A damaged sidecar is an error naming the file.
	os.WriteFile(filepath.Join(dir, dataset.ProvenanceFile), []byte(`{"producer": `), 0o644)
	if _, err := dataset.ReadProvenance(dir); err == nil || !strings.Contains(err.Error(), dataset.ProvenanceFile) {
		t.Errorf("malformed sidecar: %v", err)
	}
}
