package display

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"strings"
)

// Markdown displays Markdown text.
func Markdown(s string) {
	Publish(Bundle{"text/markdown": s, "text/plain": s}, nil, "", false)
}

// HTML displays an HTML fragment.
func HTML(s string) {
	Publish(Bundle{"text/html": s, "text/plain": stripTags(s)}, nil, "", false)
}

// SVG displays an SVG document as image/svg+xml. JupyterLab and VS Code
// show it, but `jupyter nbconvert --to html` (6.x) sanitises inline SVG to a
// blank box: for figures meant to be published, display a PNG (Plot, Show
// of a figure), which keeps the SVG beside it under SVGSourceMime.
func SVG(s string) {
	Publish(Bundle{"image/svg+xml": s, "text/plain": "<svg image>"}, nil, "", false)
}

// PNG displays PNG-encoded bytes.
func PNG(data []byte) {
	b, meta := imageBundle("image/png", data)
	Publish(b, meta, "", false)
}

// JPEG displays JPEG-encoded bytes.
func JPEG(data []byte) {
	b, meta := imageBundle("image/jpeg", data)
	Publish(b, meta, "", false)
}

// Image displays an image.Image, encoded as PNG.
func Image(img image.Image) {
	b, meta := renderWithMeta(img)
	Publish(b, meta, "", false)
}

// JSON displays v as application/json (a collapsible tree in JupyterLab).
// v is anything encoding/json can marshal; it is normalised to plain maps and
// slices so that the sink can re-encode it. A value that cannot be marshalled
// is shown as an error text.
func JSON(v any) {
	Publish(jsonBundle(v), nil, "", false)
}

// LaTeX displays a LaTeX formula or fragment. A bare formula is wrapped in
// $$ ... $$ so that the notebook's MathJax renders it as display math.
func LaTeX(s string) {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "$") && !strings.HasPrefix(t, `\begin`) && !strings.HasPrefix(t, `\[`) {
		t = "$$" + t + "$$"
	}
	Publish(Bundle{"text/latex": t, "text/plain": s}, nil, "", false)
}

// jsonBundle marshals v and decodes it again into generic values.
func jsonBundle(v any) Bundle {
	raw, err := json.Marshal(v)
	if err != nil {
		return Bundle{"text/plain": fmt.Sprintf("display.JSON: %v", err)}
	}
	var generic any
	if err := json.Unmarshal(raw, &generic); err != nil {
		return Bundle{"text/plain": fmt.Sprintf("display.JSON: %v", err)}
	}
	pretty, err := json.MarshalIndent(generic, "", "  ")
	if err != nil {
		pretty = raw
	}
	b := Bundle{"text/plain": string(pretty)}
	// The protocol wants a JSON object or array here; wrap scalars.
	switch generic.(type) {
	case map[string]any, []any:
		b["application/json"] = generic
	default:
		b["application/json"] = map[string]any{"value": generic}
	}
	return b
}

// imageBundle builds the bundle of encoded image bytes, with the pixel size
// in the metadata when the header can be decoded.
func imageBundle(mime string, data []byte) (Bundle, map[string]any) {
	b := Bundle{mime: base64.StdEncoding.EncodeToString(data)}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		b["text/plain"] = fmt.Sprintf("<%s image, %d bytes>", mime, len(data))
		return b, nil
	}
	b["text/plain"] = fmt.Sprintf("<%s image %dx%d>", format, cfg.Width, cfg.Height)
	meta := map[string]any{mime: map[string]any{"width": cfg.Width, "height": cfg.Height}}
	return b, meta
}

// encodePNG encodes img as PNG; a nil image or an encoder error yields an
// error for the caller to show as text.
func encodePNG(img image.Image) ([]byte, error) {
	if img == nil {
		return nil, fmt.Errorf("nil image")
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// placeholder describes a bundle with no text/plain member.
func placeholder(b Bundle) string {
	for _, m := range []string{"image/png", "image/jpeg", "image/svg+xml", "text/html", "text/markdown", "text/latex", "application/json"} {
		if _, ok := b[m]; ok {
			return "<" + m + ">"
		}
	}
	return "<display>"
}

// stripTags turns an HTML fragment into rough plain text for text/plain.
func stripTags(s string) string {
	var out strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>' && in:
			in = false
		case !in:
			out.WriteRune(r)
		}
	}
	t := strings.TrimSpace(out.String())
	if len(t) > 2000 {
		t = t[:2000] + "…"
	}
	return t
}
