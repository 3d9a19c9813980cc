package kernel

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
)

// Logo draws the kernel's logo as a size x size PNG: a rounded square in
// Go's cyan with three white bars of rising height (the stress test's
// scores). Drawn in code so any size is sharp and no binary file is kept.
func Logo(size int) []byte {
	if size < 8 {
		size = 8
	}
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	cyan := color.NRGBA{0x00, 0xAD, 0xD8, 0xFF}
	white := color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	s := float64(size)
	r := s * 0.2 // corner radius
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			cov := roundedCoverage(fx, fy, s, r)
			if cov <= 0 {
				continue
			}
			c := cyan
			if inBar(fx/s, fy/s) {
				c = white
			}
			c.A = uint8(math.Round(255 * cov))
			img.SetNRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	// Encoding an in-memory image cannot fail.
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

// roundedCoverage is 1 inside the rounded square, 0 outside, with a
// one-pixel soft edge at the corners.
func roundedCoverage(x, y, s, r float64) float64 {
	cx := math.Min(math.Max(x, r), s-r)
	cy := math.Min(math.Max(y, r), s-r)
	d := math.Hypot(x-cx, y-cy)
	return math.Max(0, math.Min(1, r-d+0.5))
}

// inBar reports whether the unit-square point (u, v) is on one of the bars.
func inBar(u, v float64) bool {
	bars := []struct{ x0, x1, top float64 }{
		{0.20, 0.34, 0.55},
		{0.43, 0.57, 0.38},
		{0.66, 0.80, 0.20},
	}
	for _, b := range bars {
		if u >= b.x0 && u < b.x1 && v >= b.top && v < 0.80 {
			return true
		}
	}
	return false
}
