package main

import (
	"fmt"
	"io"

	"github.com/specstress/specstress/pipeline/stages"
)

// warnCostLimit tells a dry run's reader when the configured cost limit
// would stop the run part way: the estimate of the priced calls exceeds
// it. A limit of zero or less means none.
func warnCostLimit(w io.Writer, limit float64, lines []stages.PlanLine) {
	if limit <= 0 {
		return
	}
	var total float64
	unpriced := 0
	for _, l := range lines {
		if l.Priced {
			total += l.Cost
		} else if l.Calls > 0 {
			unpriced += l.Calls
		}
	}
	if total > limit {
		fmt.Fprintf(w, "warning: the estimated cost $%.2f exceeds the cost limit $%.2f (cost_limit in the config, or --cost-limit): "+
			"the run would stop part way, after about %.0f%% of the priced calls; raise the limit or run fewer --pairs\n",
			total, limit, 100*limit/total)
	} else if unpriced > 0 {
		fmt.Fprintf(w, "note: %d calls have no price, so the cost limit $%.2f may stop the run before the estimate $%.2f suggests\n",
			unpriced, limit, total)
	}
}
