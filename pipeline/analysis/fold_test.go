package analysis

import (
	"math"
	"testing"
)

func TestFormatFoldHasOneSpellingForAZeroBaseline(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{2.35, "2.4×"},
		{1, "1.0×"},
		{math.Inf(1), "n/a (zero baseline)"},
		{math.NaN(), "n/a (zero baseline)"},
	} {
		if got := FormatFold(c.x); got != c.want {
			t.Errorf("FormatFold(%v) = %q, want %q", c.x, got, c.want)
		}
	}
}
