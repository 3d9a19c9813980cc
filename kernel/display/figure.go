package display

// SVGSourceMime is the mime type under which a figure's SVG travels when the
// same bundle carries a PNG of it.
//
// Renderers choose one representation from a bundle by their own order, and
// several put image/svg+xml before image/png: nbconvert's HTML export (6.x)
// then passes the SVG through an HTML sanitiser that removes every SVG
// element, leaving a blank figure, and GitHub's and VS Code's renderers have
// their own rules for inline SVG. A vendor type is one no renderer picks, so
// every renderer shows the PNG, while the vector form stays in the notebook
// for tools that want it (Bundle.Bytes(SVGSourceMime), or the figure's own
// SVG and Save methods).
const SVGSourceMime = "application/vnd.specstress.figure.svg+xml"

// figureSVGMime is where a value's SVG goes in bundle b: beside a PNG it is
// kept under SVGSourceMime; alone it is the image itself.
func figureSVGMime(b Bundle) string {
	if _, ok := b["image/png"]; ok {
		return SVGSourceMime
	}
	return "image/svg+xml"
}
