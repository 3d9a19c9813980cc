package plots

import (
	"os"
	"path/filepath"
	"testing"
)

// galleryDir returns where tests write figures for a person to look at
// (SPECSTRESS_PLOTS_OUT), or "" to write nothing.
func galleryDir(t *testing.T) string {
	dir := os.Getenv("SPECSTRESS_PLOTS_OUT")
	if dir == "" {
		return ""
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// save writes f as name.png and name.svg under the gallery directory.
func save(t *testing.T, f *Figure, name string) {
	t.Helper()
	dir := galleryDir(t)
	if dir == "" {
		return
	}
	for _, ext := range []string{".png", ".svg"} {
		if err := f.Save(filepath.Join(dir, name+ext)); err != nil {
			t.Fatal(err)
		}
	}
}

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

func TestGallery(t *testing.T) {
	if galleryDir(t) == "" {
		t.Skip("set SPECSTRESS_PLOTS_OUT=DIR to write every figure there")
	}
	fx := loadFixture(t)
	for _, b := range builders(fx) {
		f, err := b.build()
		if err != nil {
			t.Fatalf("%s: %v", b.name, err)
		}
		save(t, f, b.name)
	}
}
