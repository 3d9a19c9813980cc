package notebook

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strings"
	"sync"
)

// HTMLOptions control the HTML export.
type HTMLOptions struct {
	Title    string // page title; default: the first heading, else "Notebook"
	HideCode bool   // show outputs and prose only
}

// HTML renders the notebook as one page: prose rendered from markdown, code
// lightly highlighted, images inline as data URIs, HTML outputs (tables) as
// they are. Everything is inline except MathJax, which a page with TeX
// loads from a CDN as Jupyter's own export does.
func (nb *Notebook) HTML(opts HTMLOptions) string {
	title := opts.Title
	if title == "" {
		title = nb.Title()
	}
	var b strings.Builder
	for i, c := range nb.Cells {
		fmt.Fprintf(&b, `<div class="cell %s" id="cell-%d">`+"\n", html.EscapeString(c.Type), i)
		switch c.Type {
		case MarkdownCell:
			b.WriteString(`<div class="md">` + Markdown(c.Source) + "</div>\n")
		case RawCell:
			b.WriteString(`<pre class="raw">` + html.EscapeString(c.Source) + "</pre>\n")
		case CodeCell:
			if !opts.HideCode {
				b.WriteString(`<div class="input"><span class="prompt">` + prompt("In", c.ExecutionCount) + "</span>")
				b.WriteString(`<pre class="code"><code>` + HighlightGo(c.Source) + "</code></pre></div>\n")
			}
			for _, o := range c.Outputs {
				b.WriteString(`<div class="output"><span class="prompt">`)
				if o.Type == ExecuteResultOutput {
					b.WriteString(prompt("Out", o.ExecutionCount))
				}
				b.WriteString("</span>" + OutputHTML(o) + "</div>\n")
			}
		}
		b.WriteString("</div>\n")
	}
	return Page(title, b.String())
}

// Title returns the text of the notebook's first markdown heading, or
// "Notebook".
func (nb *Notebook) Title() string {
	for _, c := range nb.Cells {
		if c.Type != MarkdownCell {
			continue
		}
		for _, l := range strings.Split(c.Source, "\n") {
			if m := reHeading().FindStringSubmatch(l); m != nil {
				return m[2]
			}
		}
	}
	return "Notebook"
}

func prompt(kind string, n *int) string {
	if n == nil {
		return kind + " [ ]:"
	}
	return fmt.Sprintf("%s [%d]:", kind, *n)
}

// mimeOrder is the preference among a bundle's representations, richest
// first; PNG comes before SVG because an inline raster never clashes with
// the page (SVG ids and styles can).
var mimeOrder = []string{"text/html", "text/markdown", "image/png", "image/jpeg", "image/svg+xml", "text/latex", "application/json", "text/plain"}

var reANSI = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("\x1b\\[[0-9;?]*[A-Za-z]") })

// StripANSI removes terminal colour escapes (tracebacks carry them).
func StripANSI(s string) string { return reANSI().ReplaceAllString(s, "") }

// OutputHTML renders one output: streams and errors as preformatted text,
// rich outputs by their richest representation.
func OutputHTML(o Output) string {
	switch o.Type {
	case StreamOutput:
		return `<pre class="stream ` + html.EscapeString(o.Name) + `">` + html.EscapeString(StripANSI(o.Text)) + "</pre>"
	case ErrorOutput:
		tb := StripANSI(strings.Join(o.Traceback, "\n"))
		if tb == "" {
			tb = o.EName + ": " + o.EValue
		}
		return `<pre class="error">` + html.EscapeString(tb) + "</pre>"
	case DisplayDataOutput, ExecuteResultOutput:
		for _, mime := range mimeOrder {
			if v, ok := o.Data[mime]; ok {
				return renderMime(mime, v, o.Metadata)
			}
		}
		return `<pre class="text">(no displayable representation)</pre>`
	}
	return ""
}

func renderMime(mime string, v any, meta map[string]any) string {
	s, _ := v.(string)
	switch mime {
	case "text/html":
		return `<div class="html">` + s + "</div>"
	case "text/markdown":
		return `<div class="md">` + Markdown(s) + "</div>"
	case "image/png", "image/jpeg":
		data := compactBase64(s)
		if _, err := base64.StdEncoding.DecodeString(data); err != nil {
			// Not an image: show that, never paste it into the attribute.
			return `<pre class="error">` + html.EscapeString(fmt.Sprintf("%s output with invalid base64 data: %v", mime, err)) + "</pre>"
		}
		return `<img class="figure" src="data:` + mime + ";base64," + data + `"` + sizeAttrs(meta, mime) + ` alt="figure">`
	case "image/svg+xml":
		return `<img class="figure" src="data:image/svg+xml;base64,` + base64Std(s) + `"` + sizeAttrs(meta, mime) + ` alt="figure">`
	case "application/json":
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			b = []byte(fmt.Sprint(v))
		}
		return `<pre class="json">` + html.EscapeString(string(b)) + "</pre>"
	case "text/latex":
		return `<div class="math display">` + html.EscapeString(latexForMathJax(s)) + "</div>"
	default: // text/plain
		return `<pre class="text">` + html.EscapeString(StripANSI(s)) + "</pre>"
	}
}

func sizeAttrs(meta map[string]any, mime string) string {
	m, _ := meta[mime].(map[string]any)
	var a string
	for _, k := range []string{"width", "height"} {
		if v, ok := m[k]; ok {
			a += fmt.Sprintf(` %s="%s"`, k, html.EscapeString(fmt.Sprint(v)))
		}
	}
	return a
}

func compactBase64(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == ' ' {
			return -1
		}
		return r
	}, s)
}

// latexForMathJax puts a text/latex output between delimiters MathJax
// finds with its default configuration: $$...$$ and environments as they
// are, a $...$ formula as display math (it is the whole output).
func latexForMathJax(s string) string {
	t := strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(t, "$$"), strings.HasPrefix(t, `\[`), strings.HasPrefix(t, `\begin`):
		return t
	case strings.HasPrefix(t, "$") && strings.HasSuffix(t, "$") && len(t) > 1:
		return `\[` + strings.Trim(t, "$") + `\]`
	}
	return `\[` + t + `\]`
}

// MathJaxURL is the MathJax 3 build a page with TeX loads. Its default
// delimiters, \(...\) inline and \[...\] or $$...$$ display, are the ones
// Markdown writes, so no configuration script is needed; it leaves <pre>
// and <code> alone.
const MathJaxURL = "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js"

// Page wraps body HTML in a complete page with the export's stylesheet,
// and MathJax when the body has math.
func Page(title, body string) string {
	head := ""
	if strings.Contains(body, `class="math`) {
		head = `<script id="MathJax-script" async src="` + MathJaxURL + `"></script>` + "\n"
	}
	return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
		`<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n" +
		"<title>" + html.EscapeString(title) + "</title>\n" + head + "<style>\n" + pageCSS + "</style>\n</head>\n<body>\n<main>\n" +
		body + "</main>\n</body>\n</html>\n"
}

const pageCSS = `body { margin: 0; background: #fafafa; color: #1f2328; font: 15px/1.55 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px 32px 64px; background: #fff; }
.cell { margin: 10px 0; }
.input, .output { display: flex; gap: 8px; align-items: flex-start; }
.prompt { flex: 0 0 70px; color: #57606a; font: 12px/1.9 ui-monospace, Menlo, Consolas, monospace; text-align: right; }
.output > :not(.prompt) { flex: 1; min-width: 0; overflow-x: auto; }
pre { tab-size: 4; margin: 0; padding: 8px 10px; font: 13px/1.45 ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-word; }
pre.code { flex: 1; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px; }
pre.stream.stderr { background: #fff5f5; }
pre.error { background: #ffebe9; color: #82071e; border-left: 3px solid #cf222e; }
.kw { color: #cf222e; } .str { color: #0a3069; } .com { color: #6e7781; font-style: italic; } .num { color: #0550ae; }
img.figure { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 6px 0; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; }
th { background: #f6f8fa; }
.md code { background: #eff1f3; padding: 1px 4px; border-radius: 3px; font-size: 90%; }
.md pre { background: #f6f8fa; border-radius: 4px; }
.math.display { display: block; text-align: center; margin: 8px 0; }
blockquote { margin: 0; padding-left: 12px; border-left: 3px solid #d0d7de; color: #57606a; }
h1, h2, h3 { line-height: 1.25; }
a { color: #0969da; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 16px; }
.figures figure { margin: 0; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px; }
.figures figcaption { font-size: 13px; color: #57606a; }
.status-ok { color: #1a7f37; } .status-error { color: #cf222e; }
`
