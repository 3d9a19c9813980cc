package stages

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The stand-in taxonomy is never silent: the pairs stage's result says so
// (what notebooks print), the run records it, and later commands on the
// run still see it.
func TestStandinTaxonomyWarns(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Out, cfg.Pairs = t.TempDir(), 2
	run, err := Open(cfg, &recordingClient{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := run.Pairs()
	if err != nil {
		t.Fatal(err)
	}
	if s := res.String(); !strings.Contains(s, "WARNING: the built-in stand-in taxonomy") || !strings.Contains(s, "Anthropic/values-in-the-wild") {
		t.Errorf("pairs result: %s", s)
	}
	rec, ok := run.TaxonomyUsed()
	if !ok || !rec.Standin || rec.Values != 104 || rec.Warning == "" {
		t.Errorf("taxonomy.json: %+v %v", rec, ok)
	}
	run.Close()

	// Reopened with a real taxonomy configured, the pairs are still the
	// stand-in's: the warning stays.
	tree := filepath.Join(t.TempDir(), "values_tree.csv")
	os.WriteFile(tree, []byte("cluster_id,description,name,level,parent_cluster_id,pct_total_occurrences\nt1,,Protective,3,,40\nc1,,Ethical responsibility,2,t1,20\nk1,,Harm cluster,1,c1,10\nv1,,Avoiding harm,0,k1,5\nv2,,Duty of care,0,k1,1\nc2,,Efficiency and resource optimization,2,t1,10\nk2,,Speed cluster,1,c2,5\nv3,,Speed,0,k2,3\n"), 0o644)
	cfg.Taxonomy = tree
	run, err = Open(cfg, &recordingClient{})
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	if w := run.TaxonomyWarning(); !strings.Contains(w, "stand-in") {
		t.Errorf("warnings of a stand-in run: %v", w)
	}

	// A run drawn from values_tree.csv has none.
	cfg.Out = t.TempDir()
	real, err := Open(cfg, &recordingClient{})
	if err != nil {
		t.Fatal(err)
	}
	defer real.Close()
	res, err = real.Pairs()
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 0 || real.TaxonomyWarning() != "" || strings.Contains(res.String(), "WARNING") {
		t.Errorf("real taxonomy warns: %v", res.Warnings)
	}
	if rec, ok := real.TaxonomyUsed(); !ok || rec.Standin || rec.Source != tree || rec.Values != 3 {
		t.Errorf("taxonomy.json: %+v", rec)
	}
}
