package remote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Entry is one file found by List.
type Entry struct {
	Name string // full name to pass to Client.Open (hf://...@rev/path or the URL)
	Rel  string // path relative to the listed location ("" for a single file)
	Size int64  // -1 when not known before the file is opened
}

// fileMeta is what a listing tells about a file: enough to open it from
// the cache with no request.
type fileMeta struct {
	Size    int64  `json:"size"`
	Version string `json:"version"` // LFS sha256 or git blob id
}

// treeEntry is one element of the Hub's tree API answer.
type treeEntry struct {
	Type string `json:"type"` // "file" or "directory"
	Path string `json:"path"`
	Size int64  `json:"size"`
	OID  string `json:"oid"`
	LFS  *struct {
		OID  string `json:"oid"`
		Size int64  `json:"size"`
	} `json:"lfs"`
}

// listing is the cached form of a recursive tree listing.
type listing struct {
	Name    string     `json:"name"`
	Fetched time.Time  `json:"fetched"`
	Files   []treeFile `json:"files"`
}

type treeFile struct {
	Path string `json:"path"`
	fileMeta
}

var commitHash = regexp.MustCompile(`^[0-9a-f]{40}$`)

// List returns the parquet files at a location: every *.parquet below an
// hf:// directory (recursively, in path order), or the one file an hf://
// path or http(s) URL names.
func (c *Client) List(ctx context.Context, name string) ([]Entry, error) {
	c.init()
	if !strings.HasPrefix(name, "hf://") {
		return []Entry{{Name: name, Size: -1}}, nil
	}
	h, err := parseHub(name)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(h.Path, ".parquet") {
		dir := h
		dir.Path = filepathDir(h.Path)
		files, err := c.tree(ctx, dir)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if f.Path == h.Path {
				return []Entry{{Name: h.String(), Size: f.Size}}, nil
			}
		}
		return nil, fmt.Errorf("%s: no such file in %s", name, dir)
	}
	files, err := c.tree(ctx, h)
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".parquet") {
			continue
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(f.Path, h.Path), "/")
		out = append(out, Entry{Name: h.join(rel).String(), Rel: rel, Size: f.Size})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no parquet files there (%d files listed)", h, len(files))
	}
	return out, nil
}

func filepathDir(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[:i]
	}
	return ""
}

// tree lists every file below h, from the cache when fresh (or offline),
// else from the Hub's tree API following the Link rel="next" pages. The
// files' sizes and versions are remembered for Open.
func (c *Client) tree(ctx context.Context, h hubPath) ([]treeFile, error) {
	cacheFile := filepath.Join(c.CacheDir, "lists", key(c.Endpoint, h.Repo, h.Rev, h.Path)+".json")
	var cached listing
	err := readJSON(cacheFile, &cached)
	switch {
	case err == nil:
		if c.Offline || commitHash.MatchString(h.Rev) || time.Since(cached.Fetched) < c.MetadataTTL {
			c.remember(h, cached.Files)
			return cached.Files, nil
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	case c.Offline:
		return nil, fmt.Errorf("%s: listing %w (cache %s)", h, ErrOffline, c.CacheDir)
	}
	var files []treeFile
	next := h.treeURL(c.Endpoint)
	for pages := 0; next != ""; pages++ {
		if pages > 10000 {
			return nil, fmt.Errorf("%s: listing has more than 10000 pages; stopping", h)
		}
		var page []treeEntry
		var link string
		err := c.do(ctx, next, nil, func(r *http.Response) error {
			if r.StatusCode != http.StatusOK {
				return &statusError{redact(next), r.StatusCode, bodyText(r.Body)}
			}
			if err := json.NewDecoder(r.Body).Decode(&page); err != nil {
				return fmt.Errorf("%s: listing is not the tree API's JSON array: %w", redact(next), err)
			}
			link = r.Header.Get("Link")
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("listing %s: %w", h, err)
		}
		for _, e := range page {
			if e.Type != "file" {
				continue
			}
			f := treeFile{Path: e.Path, fileMeta: fileMeta{Size: e.Size, Version: e.OID}}
			if e.LFS != nil && e.LFS.OID != "" {
				f.Version, f.Size = e.LFS.OID, e.LFS.Size
			}
			files = append(files, f)
		}
		next = nextLink(link)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	if err := writeJSON(cacheFile, listing{Name: h.String(), Fetched: time.Now(), Files: files}); err != nil {
		return nil, fmt.Errorf("remote: writing cache %s: %w", c.CacheDir, err)
	}
	c.remember(h, files)
	return files, nil
}

// remember records the listed files' metadata for Open.
func (c *Client) remember(h hubPath, files []treeFile) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range files {
		p := h
		p.Path = f.Path
		c.files[p.String()] = f.fileMeta
	}
}

// nextLink extracts the rel="next" URL of a Link header.
func nextLink(h string) string {
	for _, part := range strings.Split(h, ",") {
		target, params, ok := strings.Cut(part, ";")
		if !ok || !strings.Contains(strings.ReplaceAll(params, " ", ""), `rel="next"`) {
			continue
		}
		target = strings.TrimSpace(target)
		if strings.HasPrefix(target, "<") && strings.HasSuffix(target, ">") {
			return target[1 : len(target)-1]
		}
	}
	return ""
}
