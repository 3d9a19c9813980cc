package plots

import (
	"sort"

	"github.com/specstress/specstress/pipeline"
)

// providerRank orders providers as figures group them: the registry's
// providers in pipeline.Providers order, then everything else.
func providerRank(p pipeline.Provider) int {
	for i, q := range pipeline.Providers() {
		if p == q {
			return i
		}
	}
	return len(pipeline.Providers())
}

// byProvider returns the indexes of ids grouped by provider, keeping the
// given order within a provider, so models of a company sit side by side.
func byProvider(ids []pipeline.ModelID) []int {
	idx := make([]int, len(ids))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		return providerRank(ids[idx[a]].Provider()) < providerRank(ids[idx[b]].Provider())
	})
	return idx
}

// pick returns ids in the order of idx.
func pick[T any](xs []T, idx []int) []T {
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
}

// providerLegend returns one legend entry per provider present in ids, in
// figure order.
func providerLegend(ids []pipeline.ModelID) []LegendEntry {
	seen := map[pipeline.Provider]bool{}
	var provs []pipeline.Provider
	for _, id := range ids {
		p := id.Provider()
		if !seen[p] {
			seen[p] = true
			provs = append(provs, p)
		}
	}
	sort.SliceStable(provs, func(a, b int) bool { return providerRank(provs[a]) < providerRank(provs[b]) })
	out := make([]LegendEntry, len(provs))
	for i, p := range provs {
		out[i] = LegendEntry{Label: string(p), Color: ProviderColor(p)}
	}
	return out
}
