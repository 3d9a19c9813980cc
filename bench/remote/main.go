// Command remote measures reading a release over HTTP: it serves DIR as a
// fake Hub dataset (pipeline/dataset/remote/hubtest) behind a shared
// bandwidth limit and times `specstress analyze disagreement` on an hf://
// path (cold cache, then warm) against downloading the split's files whole
// and analysing them from disk. See run.sh.
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/specstress/specstress/pipeline/dataset/remote/hubtest"
)

func main() {
	data := flag.String("data", "", "release directory to serve")
	bin := flag.String("bin", "", "specstress binary")
	rate := flag.Int64("rate", 12_500_000, "bytes per second of the link")
	latency := flag.Duration("latency", 0, "delay of every response (hub and storage)")
	splits := flag.String("splits", "all_models,complete/train", "splits to measure")
	flag.Parse()
	h, err := hubtest.New(*data, "bench/release")
	if err != nil {
		fail(err)
	}
	defer h.Close()
	h.Rate, h.Latency, h.PageSize = *rate, *latency, 1000
	fmt.Printf("link %.1f MB/s, latency %v per response; release %s\n\n", float64(*rate)/1e6, *latency, *data)
	fmt.Println("| split | split bytes | method | bytes transferred | share | time |")
	fmt.Println("|---|---|---|---|---|---|")
	for _, split := range strings.Split(*splits, ",") {
		dir, prefix := "data", split
		if c, s, ok := strings.Cut(split, "/"); ok {
			dir, prefix = c, s
		}
		files, _ := filepath.Glob(filepath.Join(*data, dir, prefix+"-*.parquet"))
		var size int64
		for _, f := range files {
			st, _ := os.Stat(f)
			size += st.Size()
		}
		cache, _ := os.MkdirTemp("", "remote-bench-cache")
		row := func(method string, bytes int64, d time.Duration) {
			fmt.Printf("| %s | %d | %s | %d | %.2f %% | %.2f s |\n", split, size, method, bytes, 100*float64(bytes)/float64(size), d.Seconds())
		}
		for _, pass := range []string{"hf:// cold cache", "hf:// warm cache"} {
			h.Reset()
			d := analyze(*bin, "hf://datasets/bench/release", split, h.Hub.URL, cache)
			row(pass, h.Served(), d)
		}
		// Opening only the split's config directory skips the other
		// configs' footers.
		sub, _ := os.MkdirTemp("", "remote-bench-cache")
		h.Reset()
		d := analyze(*bin, "hf://datasets/bench/release/"+dir, split, h.Hub.URL, sub)
		row("hf://.../"+dir+" cold cache", h.Served(), d)
		os.RemoveAll(sub)
		// The alternative: download the split's files whole, then analyse.
		h.Reset()
		local, _ := os.MkdirTemp("", "remote-bench-whole")
		t0 := time.Now()
		for _, f := range files {
			rel := dir + "/" + filepath.Base(f)
			if err := download(h.Hub.URL+"/datasets/bench/release/resolve/main/"+rel, filepath.Join(local, rel)); err != nil {
				fail(err)
			}
		}
		dl := time.Since(t0)
		d = analyze(*bin, local, split, h.Hub.URL, cache)
		row(fmt.Sprintf("download whole (%.2f s) + disk", dl.Seconds()), h.Served(), dl+d)
		os.RemoveAll(local)
		os.RemoveAll(cache)
	}
}

func analyze(bin, path, split, endpoint, cache string) time.Duration {
	cmd := exec.Command(bin, "analyze", "disagreement", path, "--split", split)
	cmd.Env = append(os.Environ(), "HF_ENDPOINT="+endpoint, "SPECSTRESS_CACHE="+cache)
	t0 := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		fail(fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out))
	}
	return time.Since(t0)
}

func download(url, dst string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	os.MkdirAll(filepath.Dir(dst), 0o755)
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "remote bench:", err)
	os.Exit(1)
}
