package dataset

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"

	"github.com/specstress/specstress/pipeline/dataset/remote"
)

// Footers are read per split, on first use: a remote dataset's Open only
// lists its files, so reading one split of the repository root costs the
// footers of that split's shards, not those of every config. Local
// directories read all of them in Open (cheap, and a bad file stays an
// error of Open). The caller holds d.mu, or owns d (during Open).

// loadSplit returns the named split of c, reading its footers the first
// time.
func (d *Dataset) loadSplit(c *Config, name string) (*Split, error) {
	if s, ok := c.opened[name]; ok {
		return s, nil
	}
	files := c.files[name]
	if err := prefetchFooters(files); err != nil {
		return nil, fmt.Errorf("dataset: open %s: %w", d.Path, err)
	}
	s, err := openSplit(c.Name, name, files)
	if err != nil {
		return nil, err
	}
	c.opened[name] = s
	return s, nil
}

// loadConfig reads the footers of every split of c not yet read, in file
// order (the first bad file is the one reported, as before), and fills
// c.Splits in listing order.
func (d *Dataset) loadConfig(c *Config) error {
	if c.Splits != nil {
		return nil
	}
	var files []string
	for _, n := range c.order {
		if _, ok := c.opened[n]; !ok {
			files = append(files, c.files[n]...)
		}
	}
	if err := prefetchFooters(files); err != nil {
		return fmt.Errorf("dataset: open %s: %w", d.Path, err)
	}
	for _, n := range c.order {
		if _, err := d.loadSplit(c, n); err != nil {
			return err
		}
	}
	c.Splits = make([]*Split, len(c.names))
	for i, n := range c.names {
		c.Splits[i] = c.opened[n]
	}
	return nil
}

// prefetchFooters fetches the footers of the remote files among files in
// parallel (one request each, a second for a large footer), so that
// openSplit, which reads shards one after the other, finds them in the
// cache. Local files need nothing.
func prefetchFooters(files []string) error {
	var urls []string
	for _, f := range files {
		if remote.IsURL(f) {
			urls = append(urls, f)
		}
	}
	if len(urls) <= 1 {
		return nil // openSplit's own read is the one request
	}
	c, err := remote.Default()
	if err != nil {
		return err
	}
	g, ctx := errgroup.WithContext(context.Background())
	g.SetLimit(8)
	for _, u := range urls {
		g.Go(func() error {
			f, err := c.Open(ctx, u)
			if err != nil {
				return err
			}
			return f.Close()
		})
	}
	return g.Wait()
}
