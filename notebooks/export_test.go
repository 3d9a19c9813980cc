package notebooks

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/specstress/specstress/kernel/notebook"
)

// TestExportRendersTheNotebooksMath checks the six TeX places of the
// teaching notebooks in our HTML export: each comes out as a math element
// holding the TeX as written, for the MathJax the page loads, and no dollar
// delimiter is left in the prose.
func TestExportRendersTheNotebooksMath(t *testing.T) {
	want := map[string][]string{
		"00_quickstart.ipynb": {
			`<span class="math inline">\(r_i^v \in \{0..6\}\)</span>`,
			`<span class="math display">\[D(x, M) = \max_{v \in \{v_1, v_2\}} \operatorname{SD}\big(\{ r_i^v : i \in M \}\big)\]</span>`,
			`<span class="math inline">\(D \ge 1.5\)</span>`,
		},
		"03_disagreement_and_selection.ipynb": {`<span class="math inline">\(D \ge 1.5\)</span>`},
		"04_compliance_and_agreement.ipynb": {
			`<span class="math inline">\(\sqrt{p(1-p)/n}\)</span>`,
			`<span class="math inline">\(D &lt; 1.5\)</span>`,
		},
	}
	for name, maths := range want {
		b, err := fs.ReadFile(FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		nb, err := notebook.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		page := nb.HTML(notebook.HTMLOptions{})
		for _, m := range maths {
			if !strings.Contains(page, m) {
				t.Errorf("%s: the export lacks %s", name, m)
			}
		}
		if !strings.Contains(page, `<script id="MathJax-script" async src="`+notebook.MathJaxURL+`"></script>`) {
			t.Errorf("%s: the page does not load MathJax", name)
		}
		for _, c := range nb.Cells {
			if c.Type != notebook.MarkdownCell {
				continue
			}
			html := notebook.Markdown(c.Source)
			if strings.Contains(html, "$") {
				i := strings.Index(html, "$")
				t.Errorf("%s: a $ is left in the prose: ...%s...", name, html[max(0, i-60):min(len(html), i+60)])
			}
		}
	}
}
