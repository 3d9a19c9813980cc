package dataset

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// A browser reading Dataset.HTML sees the path, config and split names as
// text, however hostile (names come from a dataset's README and files).
func TestDatasetHTMLKeepsHostileNamesText(t *testing.T) {
	sp, _, _ := writeSmall(t, 30, 10)
	ds, err := Open(filepath.Dir(filepath.Dir(sp.Shards[0].Path)))
	if err != nil {
		t.Fatal(err)
	}
	const path, config, split = `/data/<script>alert(1)</script>`, `</td><script>alert(2)</script>`, `"><img src=x onerror=alert(3)>`
	ds.Path = path
	splits := ds.Splits()
	if len(splits) != 1 {
		t.Fatalf("%d splits, want 1", len(splits))
	}
	splits[0].Config, splits[0].Name = config, split
	page := ds.HTML()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	var code string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "html", "head", "body", "p", "b", "table", "tbody", "tr", "th":
			case "code":
				code = nodeText(n)
			case "td":
				cells = append(cells, nodeText(n))
			default:
				t.Errorf("summary holds a <%s> element:\n%s", n.Data, page)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if code != path {
		t.Errorf("path as parsed %q, want %q", code, path)
	}
	if want := []string{config, split, "30", "2", strconv.Itoa(len(splits[0].Columns)), "2"}; strings.Join(cells, "|") != strings.Join(want, "|") {
		t.Errorf("cells as parsed %q, want %q", cells, want)
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
