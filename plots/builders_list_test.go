package plots

// builders lists every figure of the package built from the fixture, by
// gallery name.
func builders(fx *fixture) []struct {
	name  string
	build func() (*Figure, error)
} {
	return []struct {
		name  string
		build func() (*Figure, error)
	}{
		{"profiles_heatmap", func() (*Figure, error) { return ProfileHeatmap(fx.profiles) }},
		{"profiles_deviation", func() (*Figure, error) { return ProfileDeviation(fx.profiles) }},
		{"profiles_bars", func() (*Figure, error) { return ProfileBars(fx.profiles) }},
		{"profiles_providers", func() (*Figure, error) { return ProviderProfileBars(fx.profiles) }},
		{"cooccurrence", func() (*Figure, error) { return CoOccurrence(fx.cooc...) }},
		{"cooccurrence_one", func() (*Figure, error) { return CoOccurrence(fx.cooc[1]) }},
		{"disagreement_hist", func() (*Figure, error) { return DisagreementHistogram(fx.dis) }},
		{"disagreement_subsets", func() (*Figure, error) { return DisagreementBySubset(fx.subsets...) }},
		{"disagreement_category", func() (*Figure, error) { return DisagreementByGroup(fx.byCategory, 0) }},
		{"noncompliance", func() (*Figure, error) { return NonCompliance(fx.fig2) }},
		{"outcomes", func() (*Figure, error) { return OutcomeComparison(fx.outcomes) }},
		{"agreement", func() (*Figure, error) { return JudgeAgreement(fx.agreement) }},
		{"refusals_types", func() (*Figure, error) { return ResponseTypes(fx.refusals) }},
		{"refusals_topic", func() (*Figure, error) { return RefusalByTopic(fx.refusals, false) }},
		{"refusals_topic_hard", func() (*Figure, error) { return RefusalByTopic(fx.refusals, true) }},
		{"outliers", func() (*Figure, error) { return OutlierCounts(fx.outliers) }},
		{"selection", func() (*Figure, error) { return SelectionCurve(fx.selections...) }},
	}
}
