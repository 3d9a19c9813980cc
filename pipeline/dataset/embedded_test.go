package dataset_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline/dataset"
)

// TestSampleOpensFromAnyFolder is issue 13's second item: a cell in any
// folder opens the embedded sample, and it is the same data as the sample
// directory of the repository.
func TestSampleOpensFromAnyFolder(t *testing.T) {
	repoSample, err := filepath.Abs("../../notebooks/data/sample")
	if err != nil {
		t.Fatal(err)
	}
	want, err := dataset.Open(repoSample)
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Chdir(t.TempDir())
	for range 2 { // the second call reuses what the first wrote
		ds, err := dataset.Sample()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(ds.Path, cache) {
			t.Errorf("sample at %s, want under the cache directory %s", ds.Path, cache)
		}
		if !reflect.DeepEqual(ds.Configs(), want.Configs()) {
			t.Errorf("configs %v, want %v", ds.Configs(), want.Configs())
		}
		for _, s := range want.Splits() {
			got, err := ds.Split(s.Config + "/" + s.Name)
			if err != nil {
				t.Fatal(err)
			}
			if got.Rows != s.Rows || len(got.Columns) != len(s.Columns) {
				t.Errorf("%s/%s: %d rows %d columns, want %d and %d", s.Config, s.Name, got.Rows, len(got.Columns), s.Rows, len(s.Columns))
			}
		}
		q1, err := want.Split("complete/train")
		if err != nil {
			t.Fatal(err)
		}
		q2, _ := ds.Split("complete/train")
		a, _ := q1.Queries()
		b, err := q2.Queries()
		if err != nil || !reflect.DeepEqual(a, b) {
			t.Errorf("queries differ from the repository's sample (err %v)", err)
		}
	}
	entries, err := os.ReadDir(filepath.Join(cache, "specstress"))
	if err != nil || len(entries) != 1 {
		t.Errorf("cache holds %d entries (%v), want one sample directory", len(entries), err)
	}
}
