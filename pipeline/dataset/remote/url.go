// Package remote opens parquet files where they live: on the Hugging Face
// Hub (hf://datasets/OWNER/NAME[@REV][/PATH]) or at a plain http(s) URL.
// Files are read through an io.ReaderAt that fetches only the byte ranges
// asked for, with HTTP Range requests, and keeps every fetched range in a
// local cache keyed by the file's version, so a second read of the same
// bytes needs no network and a partial download resumes.
//
// The Hub's conventions apply: HF_ENDPOINT (base URL), HF_TOKEN (sent to
// the Hub only, never to the storage host a download redirects to, never
// written to the cache) and HF_HUB_OFFLINE=1 (cache only). The cache lives
// under SPECSTRESS_CACHE, else $HF_HOME/specstress, else
// $XDG_CACHE_HOME/huggingface/specstress, else ~/.cache/huggingface/specstress.
//
// Package dataset uses the process-wide client (Default) for every hf://
// path and URL given to dataset.Open. Progress is reported through a
// callback, so that a command line draws a line on stderr
// (TerminalProgress) and a notebook its own display:
//
//	remote.SetDefaultProgress(func(t remote.Transfer) { bar.Set(t.Done, t.Total) })
//
// The client never sends multi-range requests: object stores such as S3
// answer them with the whole object. Nearby ranges are merged into one
// request instead, and a 200 answer to a Range request is accepted only
// for small files.
package remote

import (
	"fmt"
	"net/url"
	"path"
	"strings"
)

// IsURL reports whether name is a location this package opens (hf://,
// http://, https://) rather than a local path.
func IsURL(name string) bool {
	for _, p := range []string{"hf://", "http://", "https://"} {
		if len(name) >= len(p) && strings.EqualFold(name[:len(p)], p) {
			return true
		}
	}
	return false
}

// hubPath is a parsed hf://datasets/OWNER/NAME[@REV][/PATH].
type hubPath struct {
	Repo string // OWNER/NAME
	Rev  string // "main" when not given
	Path string // inside the repository, no leading slash; "" for the root
}

// parseHub parses an hf:// URL. Only datasets are supported: a model or
// space repository is an error saying so.
func parseHub(s string) (hubPath, error) {
	rest, ok := strings.CutPrefix(s, "hf://")
	if !ok {
		return hubPath{}, fmt.Errorf("%s: not an hf:// path", s)
	}
	kind, rest, _ := strings.Cut(rest, "/")
	if kind != "datasets" {
		return hubPath{}, fmt.Errorf("%s: want hf://datasets/OWNER/NAME[@REV][/PATH] (only dataset repositories are read)", s)
	}
	parts := strings.SplitN(rest, "/", 3)
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return hubPath{}, fmt.Errorf("%s: want hf://datasets/OWNER/NAME[@REV][/PATH]", s)
	}
	h := hubPath{Repo: parts[0] + "/" + parts[1], Rev: "main"}
	if name, rev, ok := strings.Cut(parts[1], "@"); ok {
		if rev == "" {
			return hubPath{}, fmt.Errorf("%s: empty revision after @", s)
		}
		// A revision may be percent-encoded (refs%2Fconvert%2Fparquet).
		if u, err := url.PathUnescape(rev); err == nil {
			rev = u
		}
		h.Repo, h.Rev = parts[0]+"/"+name, rev
	}
	if len(parts) == 3 {
		h.Path = strings.Trim(path.Clean("/"+parts[2]), "/")
	}
	return h, nil
}

// String formats the path back, with the revision always explicit so a
// file's name says which version it is.
func (h hubPath) String() string {
	s := "hf://datasets/" + h.Repo + "@" + url.PathEscape(h.Rev)
	if h.Path != "" {
		s += "/" + h.Path
	}
	return s
}

// join returns the path of a file below h.
func (h hubPath) join(rel string) hubPath {
	h.Path = strings.Trim(path.Join(h.Path, rel), "/")
	return h
}

// escapePath escapes each segment of a repository path for a URL.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// resolveURL is the download URL of a file: the Hub answers it with the
// file or a redirect to its storage host.
func (h hubPath) resolveURL(endpoint string) string {
	return strings.TrimRight(endpoint, "/") + "/datasets/" + h.Repo + "/resolve/" + url.PathEscape(h.Rev) + "/" + escapePath(h.Path)
}

// treeURL is the first page of the recursive listing below h.Path.
func (h hubPath) treeURL(endpoint string) string {
	u := strings.TrimRight(endpoint, "/") + "/api/datasets/" + h.Repo + "/tree/" + url.PathEscape(h.Rev)
	if h.Path != "" {
		u += "/" + escapePath(h.Path)
	}
	return u + "?recursive=true"
}

// redact removes credentials and the query (signed storage URLs carry
// secrets there) from a URL for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	u.User = nil
	u.RawQuery = ""
	u.Fragment = ""
	return u.String()
}
