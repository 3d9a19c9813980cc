package plots

import (
	"fmt"
	"image/color"
	"math"

	"github.com/specstress/specstress/pipeline"
)

// Provider colours: one hue per company, used by every figure so that a
// reader learns them once. Other (models outside the registry) is grey.
var providerColors = map[pipeline.Provider]color.RGBA{
	pipeline.Anthropic: {R: 0xD9, G: 0x77, B: 0x57, A: 0xFF}, // clay
	pipeline.OpenAI:    {R: 0x10, G: 0x8A, B: 0x6C, A: 0xFF}, // green
	pipeline.Google:    {R: 0x42, G: 0x85, B: 0xF4, A: 0xFF}, // blue
	pipeline.XAI:       {R: 0x6A, G: 0x3D, B: 0x9A, A: 0xFF}, // purple
	pipeline.Other:     {R: 0x8C, G: 0x8C, B: 0x8C, A: 0xFF}, // grey
}

// ProviderColor returns the colour of a provider; unknown providers get the
// colour of pipeline.Other.
func ProviderColor(p pipeline.Provider) color.RGBA {
	if c, ok := providerColors[p]; ok {
		return c
	}
	return providerColors[pipeline.Other]
}

// ModelColor returns a model's colour: its provider's hue, lighter or darker
// by the model's rank among the given models of the same provider, so that
// models of one provider read as one family yet stay distinguishable.
func ModelColor(id pipeline.ModelID, among []pipeline.ModelID) color.RGBA {
	prov := id.Provider()
	base := ProviderColor(prov)
	var rank, n int
	for _, m := range among {
		if m.Provider() != prov {
			continue
		}
		if m == id {
			rank = n
		}
		n++
	}
	if n <= 1 {
		return base
	}
	// Spread from darker (-0.35) to lighter (+0.45) across the family.
	t := -0.35 + 0.8*float64(rank)/float64(n-1)
	return shade(base, t)
}

// shade lightens (t > 0, towards white) or darkens (t < 0, towards black) c.
func shade(c color.RGBA, t float64) color.RGBA {
	mix := func(v uint8) uint8 {
		f := float64(v)
		if t >= 0 {
			f += (255 - f) * t
		} else {
			f *= 1 + t
		}
		return uint8(math.Round(math.Max(0, math.Min(255, f))))
	}
	return color.RGBA{R: mix(c.R), G: mix(c.G), B: mix(c.B), A: 0xFF}
}

// responseTypeColors runs from green (full compliance) through pale yellow
// to red (complete rejection): the seven types are ordered, so the colours
// are a diverging ramp (ColorBrewer RdYlGn, 7 classes, reversed).
var responseTypeColors = [7]color.RGBA{
	{0x1A, 0x98, 0x50, 0xFF}, {0x91, 0xCF, 0x60, 0xFF}, {0xD9, 0xEF, 0x8B, 0xFF},
	{0xFF, 0xE0, 0x8B, 0xFF}, {0xFC, 0x8D, 0x59, 0xFF}, {0xD7, 0x30, 0x27, 0xFF},
	{0x80, 0x10, 0x1A, 0xFF},
}

// ResponseTypeColor returns the colour of one of the seven response types;
// NoType and out-of-range values are grey.
func ResponseTypeColor(t pipeline.ResponseType) color.RGBA {
	if t < 0 || int(t) >= len(responseTypeColors) {
		return providerColors[pipeline.Other]
	}
	return responseTypeColors[t]
}

// ColorScale maps numbers in [Min, Max] to colours by linear interpolation
// between evenly spaced Stops. NaN maps to NaNColor.
type ColorScale struct {
	Min, Max float64
	Stops    []color.RGBA
	NaNColor color.RGBA
}

// Blues is a white-to-dark-blue sequential scale (ColorBrewer Blues) for
// shares, probabilities and counts.
func Blues(min, max float64) ColorScale {
	return ColorScale{Min: min, Max: max, NaNColor: color.RGBA{0xE0, 0xE0, 0xE0, 0xFF}, Stops: []color.RGBA{
		{0xF7, 0xFB, 0xFF, 0xFF}, {0xC6, 0xDB, 0xEF, 0xFF}, {0x6B, 0xAE, 0xD6, 0xFF},
		{0x21, 0x71, 0xB5, 0xFF}, {0x08, 0x30, 0x6B, 0xFF},
	}}
}

// Reds is a white-to-dark-red sequential scale (ColorBrewer Reds) for
// refusal rates.
func Reds(min, max float64) ColorScale {
	return ColorScale{Min: min, Max: max, NaNColor: color.RGBA{0xE0, 0xE0, 0xE0, 0xFF}, Stops: []color.RGBA{
		{0xFF, 0xF5, 0xF0, 0xFF}, {0xFC, 0xBB, 0xA1, 0xFF}, {0xFB, 0x6A, 0x4A, 0xFF},
		{0xCB, 0x18, 0x1D, 0xFF}, {0x67, 0x00, 0x0D, 0xFF},
	}}
}

// Diverging is a blue-white-red scale (ColorBrewer RdBu, reversed) centred
// on the middle of [min, max], for signed quantities such as deviations from
// the cross-model mean or kappa.
func Diverging(min, max float64) ColorScale {
	return ColorScale{Min: min, Max: max, NaNColor: color.RGBA{0xE0, 0xE0, 0xE0, 0xFF}, Stops: []color.RGBA{
		{0x21, 0x66, 0xAC, 0xFF}, {0x92, 0xC5, 0xDE, 0xFF}, {0xF7, 0xF7, 0xF7, 0xFF},
		{0xF4, 0xA5, 0x82, 0xFF}, {0xB2, 0x18, 0x2B, 0xFF},
	}}
}

// At returns the colour of v; values outside [Min, Max] are clamped.
func (s ColorScale) At(v float64) color.RGBA {
	if math.IsNaN(v) || len(s.Stops) == 0 {
		return s.NaNColor
	}
	if len(s.Stops) == 1 || s.Max <= s.Min {
		return s.Stops[len(s.Stops)-1]
	}
	t := (v - s.Min) / (s.Max - s.Min)
	t = math.Max(0, math.Min(1, t))
	f := t * float64(len(s.Stops)-1)
	i := int(f)
	if i >= len(s.Stops)-1 {
		return s.Stops[len(s.Stops)-1]
	}
	a, b, u := s.Stops[i], s.Stops[i+1], f-float64(i)
	lerp := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*u)) }
	return color.RGBA{lerp(a.R, b.R), lerp(a.G, b.G), lerp(a.B, b.B), 0xFF}
}

// String describes the scale, for error messages and debugging.
func (s ColorScale) String() string {
	return fmt.Sprintf("ColorScale[%g, %g] with %d stops", s.Min, s.Max, len(s.Stops))
}

// contrastText returns black or white, whichever reads better on bg
// (relative luminance threshold, WCAG weights).
func contrastText(bg color.Color) color.Color {
	r, g, b, _ := bg.RGBA()
	lum := 0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)
	if lum/65535 > 0.45 {
		return color.Black
	}
	return color.White
}
