package notebook

import (
	"html"
	"regexp"
	"strings"
)

// Markdown renders the subset of CommonMark that notebook prose uses to
// HTML: ATX headings, paragraphs, emphasis, inline code, links and images,
// bullet and numbered lists, block quotes, fenced code, pipe tables and
// rules. Raw HTML is escaped, not passed through, so a page built from
// untrusted notebooks cannot run script; math stays as its TeX source.
func Markdown(src string) string {
	var r mdRenderer
	r.blocks(strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n"))
	return r.sb.String()
}

type mdRenderer struct{ sb strings.Builder }

var (
	reHeading = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	reBullet  = regexp.MustCompile(`^\s{0,3}[-*+]\s+(.*)$`)
	reOrdered = regexp.MustCompile(`^\s{0,3}(\d{1,9})[.)]\s+(.*)$`)
	reRule    = regexp.MustCompile(`^\s{0,3}([-*_])(\s*[-*_]){2,}\s*$`)
	reFence   = regexp.MustCompile("^\\s{0,3}(```+|~~~+)\\s*([\\w+-]*)")
	reTableSp = regexp.MustCompile(`^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$`)
)

func (r *mdRenderer) blocks(lines []string) {
	for i := 0; i < len(lines); {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			i++
		case reFence.MatchString(line):
			m := reFence.FindStringSubmatch(line)
			fence := strings.TrimSpace(m[1])
			var code []string
			i++
			for i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), fence) {
				code = append(code, lines[i])
				i++
			}
			i++ // closing fence
			r.sb.WriteString(codeBlock(strings.Join(code, "\n"), m[2]))
		case reHeading.MatchString(line):
			m := reHeading.FindStringSubmatch(line)
			n := len(m[1])
			r.sb.WriteString("<h" + itoa1(n) + ` id="` + slug(m[2]) + `">` + inline(m[2]) + "</h" + itoa1(n) + ">\n")
			i++
		case reRule.MatchString(line):
			r.sb.WriteString("<hr>\n")
			i++
		case strings.HasPrefix(trimmed, ">"):
			var quote []string
			for i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), ">") {
				q := strings.TrimPrefix(strings.TrimSpace(lines[i]), ">")
				quote = append(quote, strings.TrimPrefix(q, " "))
				i++
			}
			r.sb.WriteString("<blockquote>\n")
			r.blocks(quote)
			r.sb.WriteString("</blockquote>\n")
		case reBullet.MatchString(line) || reOrdered.MatchString(line):
			i = r.list(lines, i)
		case strings.Contains(line, "|") && i+1 < len(lines) && reTableSp.MatchString(lines[i+1]) && strings.Contains(lines[i+1], "-"):
			i = r.table(lines, i)
		default:
			var para []string
			for i < len(lines) && strings.TrimSpace(lines[i]) != "" && !startsBlock(lines[i]) {
				para = append(para, strings.TrimSpace(lines[i]))
				i++
			}
			if len(para) == 0 { // a line that looked like a block but was not one
				para = append(para, trimmed)
				i++
			}
			r.sb.WriteString("<p>" + inline(strings.Join(para, "\n")) + "</p>\n")
		}
	}
}

func startsBlock(line string) bool {
	t := strings.TrimSpace(line)
	return reHeading.MatchString(line) || reFence.MatchString(line) || reBullet.MatchString(line) ||
		reOrdered.MatchString(line) || strings.HasPrefix(t, ">") || reRule.MatchString(line)
}

// list renders consecutive items of one kind; indented lines continue the
// item above and may hold a nested list.
func (r *mdRenderer) list(lines []string, i int) int {
	ordered := !reBullet.MatchString(lines[i])
	tag := "ul"
	if ordered {
		tag = "ol"
		if m := reOrdered.FindStringSubmatch(lines[i]); m[1] != "1" {
			r.sb.WriteString(`<ol start="` + html.EscapeString(strings.TrimLeft(m[1], "0")) + `">` + "\n")
			tag = ""
		}
	}
	if tag != "" {
		r.sb.WriteString("<" + tag + ">\n")
	}
	for i < len(lines) {
		var text string
		if m := reBullet.FindStringSubmatch(lines[i]); m != nil && !ordered {
			text = m[1]
		} else if m := reOrdered.FindStringSubmatch(lines[i]); m != nil && ordered {
			text = m[2]
		} else {
			break
		}
		i++
		var nested []string
		for i < len(lines) && strings.TrimSpace(lines[i]) != "" && !reBullet.MatchString(lines[i]) && !reOrdered.MatchString(lines[i]) {
			text += "\n" + strings.TrimSpace(lines[i])
			i++
		}
		for i < len(lines) && (strings.HasPrefix(lines[i], "  ") || strings.HasPrefix(lines[i], "\t")) && strings.TrimSpace(lines[i]) != "" {
			nested = append(nested, strings.TrimLeft(lines[i], " \t"))
			i++
		}
		r.sb.WriteString("<li>" + inline(text))
		if len(nested) > 0 {
			r.sb.WriteString("\n")
			r.blocks(nested)
		}
		r.sb.WriteString("</li>\n")
		if i < len(lines) && strings.TrimSpace(lines[i]) == "" && i+1 < len(lines) &&
			(reBullet.MatchString(lines[i+1]) && !ordered || reOrdered.MatchString(lines[i+1]) && ordered) {
			i++ // a loose list: a blank line between items
		}
	}
	if tag == "" {
		tag = "ol"
	}
	r.sb.WriteString("</" + tag + ">\n")
	return i
}

func (r *mdRenderer) table(lines []string, i int) int {
	head := tableCells(lines[i])
	aligns := tableCells(lines[i+1])
	i += 2
	style := func(k int) string {
		if k >= len(aligns) {
			return ""
		}
		a := aligns[k]
		switch {
		case strings.HasPrefix(a, ":") && strings.HasSuffix(a, ":"):
			return ` style="text-align:center"`
		case strings.HasSuffix(a, ":"):
			return ` style="text-align:right"`
		}
		return ""
	}
	r.sb.WriteString("<table>\n<thead><tr>")
	for k, c := range head {
		r.sb.WriteString("<th" + style(k) + ">" + inline(c) + "</th>")
	}
	r.sb.WriteString("</tr></thead>\n<tbody>\n")
	for i < len(lines) && strings.Contains(lines[i], "|") && strings.TrimSpace(lines[i]) != "" {
		r.sb.WriteString("<tr>")
		for k, c := range tableCells(lines[i]) {
			r.sb.WriteString("<td" + style(k) + ">" + inline(c) + "</td>")
		}
		r.sb.WriteString("</tr>\n")
		i++
	}
	r.sb.WriteString("</tbody>\n</table>\n")
	return i
}

func tableCells(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	line = strings.TrimSuffix(line, "|")
	cells := strings.Split(line, "|")
	for k := range cells {
		cells[k] = strings.TrimSpace(cells[k])
	}
	return cells
}

var (
	reCode   = regexp.MustCompile("(`+)(.+?)(`+)")
	reMath   = regexp.MustCompile(`\$\$[^$]+\$\$|\$[^$\s](?:[^$\n]*?[^$\s])?\$`)
	reImage  = regexp.MustCompile(`!\[([^\]]*)\]\(((?:[^()\s]|\([^()\s]*\))+)(?:\s+"[^"]*")?\)`)
	reLink   = regexp.MustCompile(`\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)(?:\s+"[^"]*")?\)`)
	reAuto   = regexp.MustCompile(`&lt;(https?://[^\s&]+)&gt;`)
	reStrong = regexp.MustCompile(`\*\*([^*\n]+?)\*\*|__([^_\n]+?)__`)
	reEm     = regexp.MustCompile(`\*([^*\s][^*\n]*?)\*|\b_([^_\s][^_\n]*?)_\b`)
)

// inline renders a span: the text is escaped first, code spans are cut out
// so that nothing inside them is interpreted, then links and emphasis.
func inline(s string) string {
	var codes []string
	s = reCode.ReplaceAllStringFunc(s, func(m string) string {
		sub := reCode.FindStringSubmatch(m)
		codes = append(codes, "<code>"+html.EscapeString(strings.TrimSpace(sub[2]))+"</code>")
		return "\x00" + itoa1(len(codes)-1) + "\x00"
	})
	// TeX stays as written (no script may typeset it in a self-contained
	// page), shielded from emphasis: "r_i^v" must not turn italic.
	s = replaceMath(s, func(m string) string {
		class, tex := "math", strings.Trim(m, "$")
		if strings.HasPrefix(m, "$$") {
			class = "math display"
		}
		codes = append(codes, `<span class="`+class+`">`+html.EscapeString(strings.TrimSpace(tex))+"</span>")
		return "\x00" + itoa1(len(codes)-1) + "\x00"
	})
	s = html.EscapeString(s)
	s = reImage.ReplaceAllStringFunc(s, func(m string) string {
		sub := reImage.FindStringSubmatch(m)
		return `<img alt="` + sub[1] + `" src="` + safeURL(sub[2]) + `">`
	})
	s = reLink.ReplaceAllStringFunc(s, func(m string) string {
		sub := reLink.FindStringSubmatch(m)
		return `<a href="` + safeURL(sub[2]) + `">` + sub[1] + `</a>`
	})
	s = reAuto.ReplaceAllString(s, `<a href="$1">$1</a>`)
	s = reStrong.ReplaceAllString(s, "<strong>$1$2</strong>")
	s = reEm.ReplaceAllString(s, "<em>$1$2</em>")
	s = strings.ReplaceAll(s, "  \n", "<br>\n")
	for k, c := range codes {
		s = strings.Replace(s, "\x00"+itoa1(k)+"\x00", c, 1)
	}
	return s
}

// replaceMath replaces TeX spans, $...$ and $$...$$, by f's result. As in
// pandoc, an inline span cannot start or end with a space nor be followed
// by a digit, so prices ("$5 and $6") stay text.
func replaceMath(s string, f func(string) string) string {
	var b strings.Builder
	last := 0
	for _, loc := range reMath.FindAllStringIndex(s, -1) {
		m := s[loc[0]:loc[1]]
		if !strings.HasPrefix(m, "$$") && loc[1] < len(s) && s[loc[1]] >= '0' && s[loc[1]] <= '9' {
			continue
		}
		b.WriteString(s[last:loc[0]])
		b.WriteString(f(m))
		last = loc[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// safeURL drops javascript: and other script-capable schemes from a link
// target that is already HTML-escaped.
func safeURL(u string) string {
	l := strings.ToLower(strings.TrimSpace(u))
	if i := strings.Index(l, ":"); i >= 0 && !strings.ContainsAny(l[:i], "/?#") {
		switch l[:i] {
		case "http", "https", "mailto", "data":
			if l[:i] == "data" && !strings.HasPrefix(l, "data:image/") {
				return "#"
			}
		default:
			return "#"
		}
	}
	return u
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func itoa1(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa1(n/10) + string(rune('0'+n%10))
}
