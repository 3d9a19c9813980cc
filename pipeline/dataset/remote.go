package dataset

import (
	"context"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/parquet-go/parquet-go"
	"golang.org/x/sync/errgroup"

	"github.com/specstress/specstress/pipeline/dataset/remote"
)

// openURL opens a dataset that lives at an hf:// path or an http(s) URL
// (see package remote): only the listing is fetched; a split's footers
// when it is first used, its column chunks when its columns are read.
func openURL(name string) (*Dataset, error) {
	c, err := remote.Default()
	if err != nil {
		return nil, fmt.Errorf("dataset: open %s: %w", name, err)
	}
	entries, err := c.List(context.Background(), name)
	if err != nil {
		return nil, fmt.Errorf("dataset: open %s: %w", name, err)
	}
	d := &Dataset{Path: name}
	if len(entries) == 1 && entries[0].Rel == "" {
		dir := entries[0].Name[:strings.LastIndex(entries[0].Name, "/")] // path.Dir would fold "//"
		c := newConfig(dir, Default, []string{entries[0].Name})
		// One file: its footer is the whole of what Open needs, read now.
		if err := d.loadConfig(c); err != nil {
			return nil, err
		}
		d.configs = []*Config{c}
		return d, nil
	}
	// As on disk: each top-level directory holding parquet files is a
	// config; with none, the location itself is one config directory.
	byDir := map[string][]string{}
	var dirs, top []string
	for _, e := range entries {
		dir, file, nested := strings.Cut(e.Rel, "/")
		switch {
		case !nested:
			top = append(top, e.Name)
		case !strings.Contains(file, "/") && !strings.HasPrefix(dir, "."):
			if _, ok := byDir[dir]; !ok {
				dirs = append(dirs, dir)
			}
			byDir[dir] = append(byDir[dir], e.Name)
		}
	}
	root := strings.TrimSuffix(name, "/")
	// No footer is read here: a split's are read when it is first used.
	for _, dir := range dirs {
		d.configs = append(d.configs, newConfig(root+"/"+dir, configName(dir), byDir[dir]))
	}
	if len(d.configs) == 0 && len(top) > 0 {
		d.configs = append(d.configs, newConfig(root, configName(path.Base(root)), top))
	}
	if len(d.configs) == 0 {
		return nil, fmt.Errorf("dataset: open %s: no parquet files in its top-level directories (want data/<split>-00000-of-00001.parquet, complete/, judge_evaluations/)", name)
	}
	sortConfigs(d.configs)
	return d, nil
}

// openRemote opens a remote parquet file: its footer comes from the tail
// fetched on open (a second request only for a footer over 64 KiB).
func openRemote(name string) (pf *parquet.File, closer io.Closer, err error) {
	c, err := remote.Default()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	f, err := c.Open(context.Background(), name)
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			f.Close()
			pf, closer, err = nil, nil, fmt.Errorf("%s: corrupt parquet file: %v", name, r)
		}
	}()
	// The footer's magic is checked; the header's would cost a request.
	pf, err = parquet.OpenFile(f, f.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true), parquet.SkipMagicBytes(true))
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: not a readable parquet file (truncated or corrupt?): %w", name, err)
	}
	return pf, f, nil
}

// prefetchWindow fetches, for the remote shards, the byte ranges of the
// column chunks readWindow will decode (row groups overlapping rows
// lo..hi-1), all shards in parallel, so the decoders read from the cache
// instead of sending a request per page.
func (s *Split) prefetchWindow(ctx context.Context, files []*parquet.File, handles []io.Closer, lo, hi int, cols []string) error {
	g, ctx := errgroup.WithContext(ctx)
	row := 0
	for i, sh := range s.Shards {
		start := row
		row += sh.Rows
		rf, ok := handles[i].(*remote.File)
		if !ok || files[i] == nil {
			continue
		}
		var rs []remote.Range
		r := start
		for _, rg := range files[i].Metadata().RowGroups {
			n := int(rg.NumRows)
			if r+n > lo && r < hi {
				for _, col := range cols {
					leaf := files[i].Root().Column(col)
					if leaf == nil || !leaf.Leaf() || leaf.Index() < 0 || leaf.Index() >= len(rg.Columns) {
						continue // readWindow reports it
					}
					md := rg.Columns[leaf.Index()].MetaData
					off := md.DataPageOffset
					if d := md.DictionaryPageOffset; d > 0 && d < off {
						off = d
					}
					if off >= 0 && md.TotalCompressedSize > 0 && off+md.TotalCompressedSize <= rf.Size() {
						rs = append(rs, remote.Range{Off: off, Len: md.TotalCompressedSize})
					}
				}
			}
			r += n
		}
		g.Go(func() error { return rf.Prefetch(ctx, rs) })
	}
	return g.Wait()
}
