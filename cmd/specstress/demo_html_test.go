package main

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/specstress/specstress/kernel/notebook"
)

// The demo report keeps hostile notebook names, errors and captions as text
// and attribute values: a browser finds no script, no event handler and no
// element the report does not write itself.
func TestDemoReportKeepsHostileNamesText(t *testing.T) {
	const (
		name    = `x" onmouseover="alert(1)`
		errText = `</td><script>alert(2)</script>`
		caption = `</figcaption><script>alert(3)</script>`
	)
	nb := notebook.New()
	nb.Cells = []*notebook.Cell{notebook.NewMarkdown("# " + errText + "\n## " + caption), notebook.NewCode("fig")}
	nb.Cells[1].Outputs = []notebook.Output{{Type: notebook.DisplayDataOutput, Data: map[string]any{"image/png": "iVBORw0KGgo="}}}
	page := demoReport([]nbResult{{path: name + ".ipynb", nb: nb, err: errors.New(errText), elapsed: time.Second}}, "", time.Second)
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var hrefs, ids, errs, captions []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == "script" {
				t.Errorf("report holds a script: %q", nodeText(n))
			}
			for _, a := range n.Attr {
				switch {
				case strings.HasPrefix(a.Key, "on"):
					t.Errorf("<%s> has an event handler %s=%q", n.Data, a.Key, a.Val)
				case a.Key == "href":
					hrefs = append(hrefs, a.Val)
				case a.Key == "id":
					ids = append(ids, a.Val)
				case a.Key == "class" && (a.Val == "status-error" || a.Val == "error"):
					errs = append(errs, nodeText(n))
				}
			}
			if n.Data == "figcaption" {
				captions = append(captions, nodeText(n))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	// Links are URLs: html/template percent-encodes what a URL cannot
	// hold, and they decode to the notebook's name.
	wantHrefs := []string{"#" + name, "html/" + name + ".html", name + ".ipynb", "html/" + name + ".html"}
	if len(hrefs) != len(wantHrefs) {
		t.Fatalf("hrefs %q, want %q", hrefs, wantHrefs)
	}
	for i, h := range hrefs {
		if got, err := url.PathUnescape(h); err != nil || got != wantHrefs[i] || strings.ContainsAny(h, `" `) {
			t.Errorf("href %q decodes to %q (%v), want %q percent-encoded", h, got, err, wantHrefs[i])
		}
	}
	if len(ids) != 1 || ids[0] != name {
		t.Errorf("section ids %q, want [%q]", ids, name)
	}
	if len(errs) != 2 || errs[0] != errText || errs[1] != errText {
		t.Errorf("error texts %q, want the error twice as text", errs)
	}
	if len(captions) != 1 || captions[0] != name+" · "+caption {
		t.Errorf("captions %q, want [%q]", captions, name+" · "+caption)
	}
}

func nodeText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(nodeText(c))
	}
	return b.String()
}
