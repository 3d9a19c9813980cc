package main

import (
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline/dataset/remote"
	"github.com/specstress/specstress/pipeline/dataset/remote/hubtest"
)

// TestAnalyzeHubPath runs the disagreement table from an hf:// path (a
// local fake Hub) and from disk: the same table; then offline from the
// cache; data cache reports and clears it.
func TestAnalyzeHubPath(t *testing.T) {
	h, err := hubtest.New(sampleDir, "acme/stress")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	cache := t.TempDir()
	const token = "hf_cliSECRET"
	h.Token = token
	t.Setenv("HF_ENDPOINT", h.Hub.URL)
	t.Setenv("HF_TOKEN", token)
	t.Setenv("SPECSTRESS_CACHE", cache)
	remote.SetDefault(nil)
	defer remote.SetDefault(nil)

	code, disk, errs := runCLI("analyze", "disagreement", sampleDir, "--split", "all_models", "--format", "csv")
	if code != 0 {
		t.Fatalf("disk: exit %d: %s", code, errs)
	}
	const url = "hf://datasets/acme/stress"
	code, hub, errs := runCLI("analyze", "disagreement", url, "--split", "all_models", "--format", "csv")
	if code != 0 {
		t.Fatalf("hf://: exit %d: %s", code, errs)
	}
	if strings.ReplaceAll(hub, url, sampleDir) != disk {
		t.Errorf("hf:// table differs from disk:\n%.600s\n---\n%.600s", hub, disk)
	}
	if strings.Contains(errs, token) {
		t.Error("token in stderr")
	}

	t.Setenv("HF_HUB_OFFLINE", "1")
	remote.SetDefault(nil)
	h.Reset()
	code, off, errs := runCLI("analyze", "disagreement", url, "--split", "all_models", "--format", "csv")
	if code != 0 || off != hub {
		t.Fatalf("offline from the cache: exit %d: %s", code, errs)
	}
	if len(h.Log()) != 0 {
		t.Errorf("offline run sent %d requests", len(h.Log()))
	}
	// A split never read is not in the cache: the error says so.
	code, _, errs = runCLI("analyze", "disagreement", url, "--split", "claude_models")
	if code == 0 || !strings.Contains(errs, "HF_HUB_OFFLINE=1") || !strings.Contains(errs, "claude_models") {
		t.Errorf("offline, uncached split: exit %d: %s", code, errs)
	}

	code, out, errs := runCLI("data", "cache")
	if code != 0 || !strings.Contains(out, cache) || strings.Contains(out, " 0 files") {
		t.Fatalf("data cache: exit %d: %s%s", code, out, errs)
	}
	if code, out, errs = runCLI("data", "cache", "--clear"); code != 0 || !strings.Contains(out, "cleared") {
		t.Fatalf("data cache --clear: exit %d: %s%s", code, out, errs)
	}
	if code, out, _ = runCLI("data", "cache"); code != 0 || !strings.Contains(out, ": 0 files (0 bytes cached), 0 listings") {
		t.Errorf("after --clear: %s", out)
	}
}
