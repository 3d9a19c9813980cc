package display

import (
	"fmt"
	"image"
	"reflect"

	"github.com/go-gota/gota/dataframe"
	"gonum.org/v1/plot"
)

// The optional interfaces through which a value chooses its own rich
// rendering. Compiled and interpreted types both qualify: the symbol tables
// register these interfaces (and RichTypes) so that yaegi wraps interpreted
// values with their methods when they are passed to Show or Render.
type (
	// HTMLer renders as text/html (tables, reports).
	HTMLer interface{ HTML() string }
	// Markdowner renders as text/markdown.
	Markdowner interface{ Markdown() string }
	// SVGer renders as image/svg+xml.
	SVGer interface{ SVG() string }
	// PNGer renders as image/png.
	PNGer interface{ PNG() []byte }
	// Figure renders as image/png, its SVG kept under SVGSourceMime
	// (plots' figures).
	Figure interface {
		PNG() []byte
		SVG() string
	}
	// HTMLStringer renders as text/html with its own text/plain (tables
	// with a text form, such as analysis results).
	HTMLStringer interface {
		HTML() string
		String() string
	}
)

// RichTypes lists the interfaces a rendering function accepting any should
// preserve on interpreted values, from the most to the least specific: yaegi
// wraps an interpreted value in the first one it implements (see its
// MapTypes), so composed interfaces come before their parts.
func RichTypes() []reflect.Type {
	return []reflect.Type{
		reflect.TypeFor[Figure](),
		reflect.TypeFor[HTMLStringer](),
		reflect.TypeFor[PNGer](),
		reflect.TypeFor[SVGer](),
		reflect.TypeFor[HTMLer](),
		reflect.TypeFor[Markdowner](),
		reflect.TypeFor[error](),
		reflect.TypeFor[fmt.Stringer](),
	}
}

// Render returns the rich representation of a cell's value, always with a
// text/plain member: *plot.Plot and values with PNG()/SVG() methods as
// images, gota DataFrames and values with HTML() as text/html, image.Image
// as PNG, values with Markdown() as text/markdown, errors as their message,
// fmt.Stringers as their string and everything else in Go syntax.
func Render(v any) Bundle {
	b, _ := renderWithMeta(v)
	return b
}

// RenderMeta is Render plus the display metadata (image sizes).
func RenderMeta(v any) (Bundle, map[string]any) {
	return renderWithMeta(v)
}

// renderWithMeta never panics: a method of the value that panics (user code)
// turns into a text/plain description of the failure.
func renderWithMeta(v any) (b Bundle, meta map[string]any) {
	defer func() {
		if r := recover(); r != nil {
			b = Bundle{"text/plain": fmt.Sprintf("<%T: rendering panicked: %v>", v, r)}
			meta = nil
		}
	}()
	if rv, ok := v.(reflect.Value); ok {
		if !rv.IsValid() || !rv.CanInterface() {
			return Bundle{"text/plain": "<invalid value>"}, nil
		}
		v = rv.Interface()
	}
	switch x := v.(type) {
	case nil:
		return Bundle{"text/plain": "nil"}, nil
	case Bundle:
		out := Bundle{}
		for k, d := range x {
			out[k] = d
		}
		if _, ok := out["text/plain"]; !ok {
			out["text/plain"] = placeholder(out)
		}
		return out, nil
	case *plot.Plot:
		if x == nil {
			return Bundle{"text/plain": "(*plot.Plot)(nil)"}, nil
		}
		return plotBundle(x, DefaultPlotWidth, DefaultPlotHeight)
	case dataframe.DataFrame:
		return frameBundle(x), nil
	case *dataframe.DataFrame:
		if x == nil {
			return Bundle{"text/plain": "(*dataframe.DataFrame)(nil)"}, nil
		}
		return frameBundle(*x), nil
	}
	if isNilPointer(v) {
		return Bundle{"text/plain": GoSyntax(v)}, nil
	}
	if b, meta, ok := renderImages(v); ok {
		return b, meta
	}
	if h, ok := v.(HTMLer); ok {
		return Bundle{"text/html": h.HTML(), "text/plain": plainText(v)}, nil
	}
	if m, ok := v.(Markdowner); ok {
		s := m.Markdown()
		return Bundle{"text/markdown": s, "text/plain": s}, nil
	}
	if img, ok := v.(image.Image); ok {
		data, err := encodePNG(img)
		if err != nil {
			return Bundle{"text/plain": fmt.Sprintf("<image: %v>", err)}, nil
		}
		return imageBundle("image/png", data)
	}
	return Bundle{"text/plain": plainText(v)}, nil
}

// renderImages handles values with PNG() and/or SVG() methods.
func renderImages(v any) (Bundle, map[string]any, bool) {
	p, hasPNG := v.(PNGer)
	s, hasSVG := v.(SVGer)
	if !hasPNG && !hasSVG {
		return nil, nil, false
	}
	b := Bundle{}
	var meta map[string]any
	if hasPNG {
		if data := p.PNG(); len(data) > 0 {
			b, meta = imageBundle("image/png", data)
		}
	}
	if hasSVG {
		if svg := s.SVG(); svg != "" {
			b[figureSVGMime(b)] = svg
		}
	}
	if _, ok := v.(fmt.Stringer); ok || b["text/plain"] == nil {
		b["text/plain"] = plainText(v)
	}
	return b, meta, true
}

// plainText is the text/plain form of a value: an error's message, a
// Stringer's string, otherwise Go syntax.
func plainText(v any) string {
	switch x := v.(type) {
	case error:
		return x.Error()
	case fmt.Stringer:
		return truncate(x.String(), maxTextLen)
	}
	return GoSyntax(v)
}

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}
