package dataset

import (
	"runtime"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

// Loading positions reads only the position columns: the bytes allocated
// do not grow with the responses stored beside them.
func TestPositionsDoNotMaterialiseResponses(t *testing.T) {
	const n = 200
	sc, pos, queries, _ := smallSplit(n)
	big := strings.Repeat("a long synthetic response ", 2000) // ~50 KB
	resp := map[pipeline.ModelID][]string{}
	for _, id := range pos.Models {
		col := make([]string, n)
		for i := range col {
			col[i] = big + string(rune('a'+i%26)) // defeat dictionary encoding
		}
		resp[id] = col
	}
	tab, err := SplitTable(sc, pos, queries, resp)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if _, err := WriteSplit(root, Default, "all_models", tab, WriteOptions{Shards: 2, RowGroupRows: 100}); err != nil {
		t.Fatal(err)
	}
	sp := openSplit1(t, root, "all_models")
	responseBytes := 2 * n * len(big)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if _, err := sp.Positions(); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	allocated := int(after.TotalAlloc - before.TotalAlloc)
	t.Logf("Positions allocated %d bytes; responses hold %d", allocated, responseBytes)
	if allocated > responseBytes/5 {
		t.Errorf("Positions allocated %d bytes with %d bytes of responses on disk; want well under (projection)", allocated, responseBytes)
	}

	runtime.GC()
	runtime.ReadMemStats(&before)
	if _, err := sp.Responses(pipeline.O3); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if got := int(after.TotalAlloc - before.TotalAlloc); got < responseBytes/2 {
		t.Errorf("reading one response column allocated only %d bytes; the measurement is broken", got)
	}
}
