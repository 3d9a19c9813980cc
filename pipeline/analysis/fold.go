package analysis

import (
	"fmt"
	"math"
)

// FoldUndefined is how a fold ratio over a zero baseline rate reads
// wherever a ratio is printed: tables, figure titles and the command line.
const FoldUndefined = "n/a (zero baseline)"

// FormatFold formats a fold ratio of rates, "2.4×", or FoldUndefined when
// the baseline rate is zero (the ratio is infinite or 0/0).
func FormatFold(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return FoldUndefined
	}
	return fmt.Sprintf("%.1f×", x)
}
