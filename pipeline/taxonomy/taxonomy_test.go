package taxonomy

import (
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

func TestBuiltinCoversAll26Categories(t *testing.T) {
	tx := Builtin()
	if !tx.Standin || len(tx.Values) != 104 {
		t.Fatalf("stand-in: %d values, standin=%v", len(tx.Values), tx.Standin)
	}
	seen := map[string]int{}
	for i, v := range tx.Values {
		if tx.CategoryIndex(i) < 0 {
			t.Errorf("value %q has unknown category %q", v.Name, v.Category)
		}
		seen[v.Category]++
	}
	if len(seen) != 26 {
		t.Errorf("%d categories covered, want 26", len(seen))
	}
}

const tree = `cluster_id,description,name,level,parent_cluster_id,pct_total_occurrences
t1,,Protective,3,,40
c1,,Ethical responsibility,2,t1,20
k1,,Harm avoidance cluster,1,c1,10
v1,,Avoiding harm,0,k1,5.5
v2,,Duty of care,0,k1,1.5
c2,,Efficiency and resource optimization,2,t1,10
k2,,Speed cluster,1,c2,5
v3,,Speed,0,k2,3
`

func TestReadValuesTreeMapsValuesToCategories(t *testing.T) {
	tx, err := ReadValuesTree(strings.NewReader(tree))
	if err != nil {
		t.Fatal(err)
	}
	if len(tx.Values) != 3 || tx.Standin {
		t.Fatalf("values = %+v", tx.Values)
	}
	if tx.Values[0] != (Value{"Avoiding harm", "Ethical responsibility", 5.5}) || tx.Values[2].Category != "Efficiency and resource optimization" {
		t.Errorf("values = %+v", tx.Values)
	}
}

func TestReadValuesTreeNamesMissingColumnAndBadRow(t *testing.T) {
	_, err := ReadValuesTree(strings.NewReader("cluster_id,name,level\nv,x,0\n"))
	if err == nil || !strings.Contains(err.Error(), "parent_cluster_id") {
		t.Errorf("err = %v, want it to name parent_cluster_id", err)
	}
	_, err = ReadValuesTree(strings.NewReader("cluster_id,name,level,parent_cluster_id\nv,x,zero,\n"))
	if err == nil || !strings.Contains(err.Error(), "row 2") {
		t.Errorf("err = %v, want it to name row 2", err)
	}
}

func TestSamplePairsDeterministicDistinctAndKeyed(t *testing.T) {
	tx := Builtin()
	a, err := tx.SamplePairs(SampleOptions{N: 500, Seed: 7, ChunkSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := tx.SamplePairs(SampleOptions{N: 500, Seed: 7, ChunkSize: 100})
	c, _ := tx.SamplePairs(SampleOptions{N: 500, Seed: 8, ChunkSize: 100})
	seen := map[[2]string]bool{}
	same := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("pair %d differs between runs with one seed", i)
		}
		if a[i] == c[i] {
			same++
		}
		if a[i].Value1.Name == a[i].Value2.Name {
			t.Fatalf("pair %d pairs a value with itself", i)
		}
		k := [2]string{min(a[i].Value1.Name, a[i].Value2.Name), max(a[i].Value1.Name, a[i].Value2.Name)}
		if seen[k] {
			t.Fatalf("pair %v drawn twice", k)
		}
		seen[k] = true
	}
	if same > 50 {
		t.Errorf("%d of 500 pairs equal under another seed", same)
	}
	if a[250].Key != (pipeline.PairKey{Chunk: 2, Entry: 50}) {
		t.Errorf("key of pair 250 = %v", a[250].Key)
	}
	if _, err := tx.SamplePairs(SampleOptions{N: 104 * 103}); err == nil {
		t.Error("more pairs than exist: no error")
	}
}

func TestWeightedSamplingFavoursFrequentValues(t *testing.T) {
	tx, _ := ReadValuesTree(strings.NewReader(tree + "v4,,Rare,0,k2,0.01\n"))
	ps, err := tx.SamplePairs(SampleOptions{N: 3, Seed: 1, Weighted: true})
	if err != nil {
		t.Fatal(err)
	}
	// With four values there are six pairs; the three most likely never
	// involve the rare value, so at most one of three drawn pairs should.
	rare := 0
	for _, p := range ps {
		if p.Value1.Name == "Rare" || p.Value2.Name == "Rare" {
			rare++
		}
	}
	if rare > 1 {
		t.Errorf("%d of 3 weighted pairs use the rare value", rare)
	}
}

// The stand-in set says so, and says how to load the real taxonomy; a
// values_tree.csv gives no warning.
func TestStandinWarning(t *testing.T) {
	tax, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	w := tax.Warning()
	for _, want := range []string{"stand-in", "values_tree.csv", "Anthropic/values-in-the-wild", `"taxonomy"`} {
		if !strings.Contains(w, want) {
			t.Errorf("warning %q lacks %q", w, want)
		}
	}
	real := &Taxonomy{Source: "values_tree.csv"}
	if real.Warning() != "" {
		t.Errorf("real taxonomy warns: %q", real.Warning())
	}
}
