package analysis

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// hostile are cell contents that would break out of a cell, an attribute
// or the table if written unescaped.
var hostile = []string{
	`</td><script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`' onmouseover='alert(1)`,
	`</table><h1>owned</h1>`,
	`<!-- comment`,
	`&lt;already escaped&gt;`,
	"nul\x00byte",
}

// parsedCells parses page as a browser would and returns the text of
// every th and td in document order, failing on any element a table
// renderer does not write.
func parsedCells(t *testing.T, page string, allowed ...string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	ok := map[string]bool{"html": true, "head": true, "body": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true}
	for _, a := range allowed {
		ok[a] = true
	}
	var cells []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && !ok[n.Data] {
			t.Errorf("rendered HTML holds a <%s> element:\n%s", n.Data, page)
		}
		if n.Type == html.CommentNode {
			t.Errorf("rendered HTML holds a comment %q", n.Data)
		}
		if n.Type == html.ElementNode && (n.Data == "td" || n.Data == "th") {
			cells = append(cells, text(n))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return cells
}

func text(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(text(c))
	}
	return b.String()
}

// A browser reading Table.HTML sees exactly the table's cells: hostile
// titles, notes, column names and cells stay text.
func TestTableHTMLKeepsHostileCellsText(t *testing.T) {
	tab := &Table{Title: hostile[0], Columns: []string{hostile[1], "n"}}
	tab.Note(hostile[2], hostile[3])
	var want []string
	want = append(want, hostile[1], "n")
	for i, h := range hostile {
		tab.Rows = append(tab.Rows, []any{h, i})
		// The parser turns NUL into U+FFFD, as html/template writes it.
		want = append(want, strings.ReplaceAll(h, "\x00", "\uFFFD"), string(rune('0'+i)))
	}
	page := tab.HTML()
	got := parsedCells(t, page, "caption", "br", "small")
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("cells as parsed:\n got %q\nwant %q", got, want)
	}
	doc, _ := html.Parse(strings.NewReader(page))
	var caption string
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "caption" {
			caption = text(n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if wantCap := hostile[0] + hostile[2] + ": " + hostile[3]; caption != wantCap {
		t.Errorf("caption as parsed %q, want %q", caption, wantCap)
	}
}

// A table whose stored columns disagree says so instead of rendering
// cells that do not exist.
func TestTableHTMLReportsBrokenColumns(t *testing.T) {
	tab := &Table{Title: "bad", Columns: []string{"a", "b"}, Cols: []Column{FloatColumn{1, 2}, IntColumn{1}}}
	if h := tab.HTML(); strings.Contains(h, "<table") || !strings.Contains(h, `column &#34;b&#34; has 1 cells`) {
		t.Errorf("HTML of a broken table: %s", h)
	}
}
