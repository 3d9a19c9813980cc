package main

import (
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline/dataset/remote"
	"github.com/specstress/specstress/pipeline/dataset/remote/hubtest"
)

// TestDataInfoVerifyHubPath: data info and data verify of an hf:// path
// report every config as they do on disk, although a remote Open reads no
// footer; a bad file anywhere fails both, naming it.
func TestDataInfoVerifyHubPath(t *testing.T) {
	h, err := hubtest.New(sampleDir, "acme/stress")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	t.Setenv("HF_ENDPOINT", h.Hub.URL)
	t.Setenv("SPECSTRESS_CACHE", t.TempDir())
	remote.SetDefault(nil)
	defer remote.SetDefault(nil)
	const url = "hf://datasets/acme/stress"
	for _, args := range [][]string{{"data", "info", "--columns"}, {"data", "verify", "--paper-counts=false"}} {
		code, disk, errs := runCLI(append(args, sampleDir)...)
		if code != 0 {
			t.Fatalf("%v disk: exit %d: %s", args, code, errs)
		}
		code, hub, errs := runCLI(append(args, url)...)
		if code != 0 {
			t.Fatalf("%v hf://: exit %d: %s", args, code, errs)
		}
		if strings.ReplaceAll(hub, url, sampleDir) != disk {
			t.Errorf("%v: hf:// differs from disk:\n%s\n---\n%s", args, hub, disk)
		}
	}
	const bad = "judge_evaluations/std_2.5_to_3.0-00000-of-00001.parquet"
	h.Replace(bad, []byte(strings.Repeat("not parquet ", 20)))
	t.Setenv("SPECSTRESS_CACHE", t.TempDir()) // a new listing
	remote.SetDefault(nil)
	for _, args := range [][]string{{"data", "info"}, {"data", "verify"}} {
		code, _, errs := runCLI(append(args, url)...)
		if code != 1 || !strings.Contains(errs, bad) {
			t.Errorf("%v with a bad %s: exit %d: %s", args, bad, code, errs)
		}
	}
}
