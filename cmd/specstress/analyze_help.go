package main

import (
	"fmt"
	"strings"
)

// analyzeSubs are the analyze subcommands runAnalyze dispatches (table2 is
// added by analyze_table2.go).
var analyzeSubs = []string{"disagreement", "outliers", "compliance", "agreement", "profiles", "refusals", "select"}

func init() {
	registerSubs("analyze", analyzeSubs...)
}

// analyzeSubUsage is the help of one analyze subcommand: its usage line, its
// entry of the subcommand list in analyzeUsage and the shared flags.
func analyzeSubUsage(sub string) string {
	lines := strings.Split(analyzeUsage, "\n")
	var entry []string
	for i, l := range lines {
		if !strings.HasPrefix(l, "  "+sub+" ") {
			continue
		}
		entry = append(entry, l)
		for _, m := range lines[i+1:] {
			if !strings.HasPrefix(m, "    ") {
				break
			}
			entry = append(entry, m)
		}
		break
	}
	shared := analyzeUsage[strings.Index(analyzeUsage, "--split:"):]
	return fmt.Sprintf("usage: specstress analyze %s DIR [flags]\n\n%s\n\n%s", sub, strings.Join(entry, "\n"), shared)
}
