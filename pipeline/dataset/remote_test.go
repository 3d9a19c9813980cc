package dataset_test

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/specstress/specstress/pipeline/dataset"
	"github.com/specstress/specstress/pipeline/dataset/remote"
	"github.com/specstress/specstress/pipeline/dataset/remote/hubtest"
)

// serveHub serves dir as hf://datasets/acme/stress and makes it the
// process's remote client, with a fresh cache.
func serveHub(t *testing.T, dir string) (*hubtest.Hub, string) {
	t.Helper()
	h, err := hubtest.New(dir, "acme/stress")
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	remote.SetDefault(&remote.Client{Endpoint: h.Hub.URL, CacheDir: cache, MaxRetryWait: 10 * time.Millisecond})
	t.Cleanup(func() { h.Close(); remote.SetDefault(nil) })
	return h, cache
}

// readAll reads what the analyses use from every split.
func readAll(t *testing.T, ds *dataset.Dataset) map[string]any {
	t.Helper()
	out := map[string]any{"configs": ds.Configs()}
	for _, sp := range ds.Splits() {
		k := sp.Config + "/" + sp.Name
		out[k+" rows"] = sp.Rows
		if sp.Config == dataset.JudgeEvaluations {
			j, err := sp.Judgments()
			if err != nil {
				t.Fatalf("%s: %v", k, err)
			}
			out[k+" judgments"] = j
			continue
		}
		p, err := sp.Positions()
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		sc, err := sp.Scenarios()
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		q, err := sp.Queries()
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		out[k+" positions"], out[k+" scenarios"], out[k+" queries"] = p, sc, q
	}
	return out
}

func TestOpenHubEqualsDisk(t *testing.T) {
	for _, dir := range []string{"../../notebooks/data/sample", "testdata/messy/release"} {
		t.Run(dir, func(t *testing.T) {
			h, _ := serveHub(t, dir)
			local, err := dataset.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			rem, err := dataset.Open("hf://datasets/acme/stress")
			if err != nil {
				t.Fatal(err)
			}
			want, got := readAll(t, local), readAll(t, rem)
			for k := range want {
				if !reflect.DeepEqual(want[k], got[k]) {
					t.Errorf("%s differs between disk and hf://", k)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%d results from hf://, %d from disk", len(got), len(want))
			}
			// Everything again, from a new process's view: no request.
			remote.SetDefault(&remote.Client{Endpoint: h.Hub.URL, CacheDir: remoteCache(t)})
			h.Reset()
			again, err := dataset.Open("hf://datasets/acme/stress")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(readAll(t, again), want) {
				t.Error("cached results differ")
			}
			if l := h.Log(); len(l) != 0 {
				t.Errorf("second open sent %d requests, first %v", len(l), l[0])
			}
		})
	}
}

// remoteCache returns the cache directory of the current default client.
func remoteCache(t *testing.T) string {
	c, err := remote.Default()
	if err != nil {
		t.Fatal(err)
	}
	return c.CacheDir
}

func TestPositionsFetchNoResponseColumn(t *testing.T) {
	const dir = "../../notebooks/data/sample"
	h, _ := serveHub(t, dir)
	ds, err := dataset.Open("hf://datasets/acme/stress/complete")
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ds.Split("complete/train")
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(dir + "/complete/train-00000-of-00001.parquet")
	if err != nil {
		t.Fatal(err)
	}
	footer := h.Served()
	h.Reset()
	if _, err := sp.Positions(); err != nil {
		t.Fatal(err)
	}
	// The byte ranges of the response columns, from the local file's footer.
	local, err := dataset.Open(dir + "/complete/train-00000-of-00001.parquet")
	if err != nil {
		t.Fatal(err)
	}
	lsp := local.Splits()[0]
	resp := dataset.ChunkRanges(lsp, func(c string) bool { return strings.HasPrefix(c, "response_") })
	if len(resp) == 0 {
		t.Fatal("no response columns found")
	}
	for _, r := range h.Log() {
		if r.Server != "storage" {
			continue
		}
		var a, b int64
		if _, err := fmt.Sscanf(r.Range, "bytes=%d-%d", &a, &b); err != nil {
			t.Fatalf("range %q: %v", r.Range, err)
		}
		for _, x := range resp {
			if a < x[1] && b >= x[0] {
				t.Errorf("positions fetched %s, overlapping a response chunk %v", r.Range, x)
			}
		}
	}
	served := h.Served()
	t.Logf("file %d bytes; footer request %d bytes; positions %d bytes in %d requests", st.Size(), footer, served, len(h.Log()))
	if served == 0 || served*20 > st.Size() {
		t.Errorf("positions moved %d of %d bytes, want under 5%%", served, st.Size())
	}
}

func TestOpenOneRemoteFile(t *testing.T) {
	h, _ := serveHub(t, "testdata/messy/release")
	const rel = "data/all_models-00000-of-00002.parquet"
	local, err := dataset.Open("testdata/messy/release/" + rel)
	if err != nil {
		t.Fatal(err)
	}
	want, err := local.Splits()[0].Positions()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{
		"hf://datasets/acme/stress/" + rel,
		h.Hub.URL + "/datasets/acme/stress/resolve/main/" + rel, // a plain URL, redirected
	} {
		ds, err := dataset.Open(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sp := ds.Splits()[0]
		if sp.Name != "all_models" || !strings.HasSuffix(ds.Splits()[0].Shards[0].Path, rel) {
			t.Errorf("%s: split %s, shard %s", name, sp.Name, sp.Shards[0].Path)
		}
		c, _ := ds.Config(dataset.Default)
		if !strings.HasSuffix(c.Dir, "/data") || strings.Contains(c.Dir, ":/d") {
			t.Errorf("%s: config dir %q", name, c.Dir)
		}
		got, err := sp.Positions()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: positions differ from disk", name)
		}
	}
	if _, err := dataset.Open("hf://datasets/acme/stress/data/nope.parquet"); err == nil || !strings.Contains(err.Error(), "nope.parquet") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := dataset.Open("hf://datasets/acme/missing"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("missing repository: %v", err)
	}
}

// Opening the repository root lists the files and reads no footer; a split
// reads the footers of its own shards only, and a bad file elsewhere shows
// up, named, when its split (or the whole dataset) is first used.
func TestOpenReadsFootersOfUsedSplitsOnly(t *testing.T) {
	const dir = "../../notebooks/data/sample"
	h, _ := serveHub(t, dir)
	const bad = "complete/train-00000-of-00001.parquet"
	h.Replace(bad, []byte(strings.Repeat("not a parquet file; ", 10)))
	local, err := dataset.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Open("hf://datasets/acme/stress")
	if err != nil {
		t.Fatalf("open with a bad file in an unused split: %v", err)
	}
	files := func() (out []string) {
		for _, r := range h.Log() {
			if _, f, ok := strings.Cut(r.Path, "/resolve/main/"); ok {
				out = append(out, f)
			} else if r.Server == "storage" {
				out = append(out, r.Path)
			}
		}
		return out
	}
	if f := files(); len(f) != 0 {
		t.Errorf("Open fetched %v, want only the listing", f)
	}
	if !reflect.DeepEqual(ds.Configs(), local.Configs()) || !reflect.DeepEqual(ds.SplitNames(dataset.Default), local.SplitNames(dataset.Default)) {
		t.Errorf("configs %v splits %v, want %v %v", ds.Configs(), ds.SplitNames(dataset.Default), local.Configs(), local.SplitNames(dataset.Default))
	}
	sp, err := ds.Split("all_models")
	if err != nil {
		t.Fatal(err)
	}
	got, err := sp.Positions()
	if err != nil {
		t.Fatal(err)
	}
	lsp, _ := local.Split("all_models")
	if want, _ := lsp.Positions(); !reflect.DeepEqual(got, want) {
		t.Error("all_models positions differ from disk")
	}
	for _, f := range files() {
		if f != "data/all_models-00000-of-00001.parquet" && !strings.HasPrefix(f, "/blob/") {
			t.Errorf("all_models fetched %s", f)
		}
	}
	if f := files(); !slices.Contains(f, "data/all_models-00000-of-00001.parquet") {
		t.Errorf("all_models fetched %v, want its file among them", f)
	}

	for what, err := range map[string]error{
		"Split":  func() error { _, err := ds.Split("complete/train"); return err }(),
		"Config": func() error { _, err := ds.Config(dataset.Complete); return err }(),
		"Load":   ds.Load(),
	} {
		if err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "not a readable parquet file") {
			t.Errorf("%s of the bad split: %v, want an error naming %s", what, err, bad)
		}
	}
	info := dataset.Describe(ds, false)
	for _, want := range []string{"config default", "config complete", "config judge_evaluations", bad, "std_0.0_to_1.0"} {
		if !strings.Contains(info, want) {
			t.Errorf("Describe lacks %q:\n%s", want, info)
		}
	}
	// The notebook summary names the unreadable config's error too.
	if h := ds.HTML(); !strings.Contains(h, "<tr><td>complete</td><td colspan=\"5\">error: ") || !strings.Contains(h, bad) {
		t.Errorf("HTML summary lacks the error of config complete:\n%s", h)
	}
	var names []string
	for _, s := range ds.Splits() {
		names = append(names, s.Config+"/"+s.Name)
	}
	if len(names) != len(local.Splits())-1 || strings.Contains(strings.Join(names, " "), "complete/") {
		t.Errorf("Splits() = %v, want every split but complete/train", names)
	}
}
