package display

import (
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// A browser reading a displayed table sees exactly its header and cells:
// hostile contents stay text, whatever they try to close or open.
func TestTableHTMLKeepsHostileCellsText(t *testing.T) {
	hostile := []string{
		`</td><script>alert(1)</script>`,
		`"><img src=x onerror=alert(2)>`,
		`' style='x`,
		`</table><h1>owned</h1>`,
		`<!-- comment`,
		`&amp; as written`,
	}
	rows := [][]string{{`</th><script>alert(0)</script>`, `a"b`}}
	for i, h := range hostile {
		rows = append(rows, []string{h, strconv.Itoa(i)})
	}
	g, ok := tableOf(rows)
	if !ok {
		t.Fatal("[][]string is not a table")
	}
	page := g.html()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			switch n.Data {
			case "html", "head", "body", "table", "thead", "tbody", "tr", "p":
			case "th", "td":
				cells = append(cells, nodeText(n))
			default:
				t.Errorf("table holds a <%s> element:\n%s", n.Data, page)
			}
			for _, a := range n.Attr {
				if a.Key != "class" && a.Key != "style" || a.Key == "style" && !strings.HasPrefix(a.Val, "text-align: ") {
					t.Errorf("<%s> has attribute %s=%q", n.Data, a.Key, a.Val)
				}
			}
		case html.CommentNode:
			t.Errorf("table holds a comment %q", n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	want := append([]string{""}, rows[0]...)
	for i, r := range rows[1:] {
		want = append(want, strconv.Itoa(i))
		want = append(want, r...)
	}
	if strings.Join(cells, "|") != strings.Join(want, "|") {
		t.Errorf("cells as parsed:\n got %q\nwant %q", cells, want)
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
