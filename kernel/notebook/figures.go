package notebook

import (
	"encoding/base64"
	"strings"
)

// Figure is an image output of a notebook, for galleries and checks.
type Figure struct {
	Cell    int    // index of the cell that produced it
	Mime    string // "image/png", "image/jpeg" or "image/svg+xml"
	HTML    string // an <img> element with the image inline
	Caption string // the last markdown heading above the cell, or ""
}

// Figures returns every image output of the notebook in order, one per
// output (a PNG is preferred when an output also carries SVG).
func (nb *Notebook) Figures() []Figure {
	var figs []Figure
	caption := ""
	for i, c := range nb.Cells {
		if c.Type == MarkdownCell {
			for _, l := range strings.Split(c.Source, "\n") {
				if m := reHeading().FindStringSubmatch(l); m != nil {
					caption = m[2]
				}
			}
		}
		for _, o := range c.Outputs {
			if o.Type != DisplayDataOutput && o.Type != ExecuteResultOutput {
				continue
			}
			for _, mime := range []string{"image/png", "image/jpeg", "image/svg+xml"} {
				if v, ok := o.Data[mime]; ok {
					figs = append(figs, Figure{Cell: i, Mime: mime, HTML: renderMime(mime, v, o.Metadata), Caption: caption})
					break
				}
			}
		}
	}
	return figs
}

func base64Std(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
