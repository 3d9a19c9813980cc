package analysis

import (
	"testing"

	"github.com/specstress/specstress/pipeline"
)

func benchPositions(b *testing.B, rows int) *synth {
	b.Helper()
	return newSynth(1, rows)
}

func BenchmarkDisagreementAllModels(b *testing.B) {
	s := benchPositions(b, 100000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Disagreement(s.pos, pipeline.AllModels); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOutliersAllModels(b *testing.B) {
	s := benchPositions(b, 100000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Outliers(s.pos, pipeline.AllModels, OutlierOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProfiles(b *testing.B) {
	s := benchPositions(b, 10)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Profiles(s.vc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPaperTables is the bench/analysis "tables" workload on 100K
// synthetic rows: six subsets' disagreement and outliers.
func BenchmarkPaperTables(b *testing.B) {
	s := benchPositions(b, 100000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, set := range pipeline.Subsets() {
			if _, err := Disagreement(s.pos, set); err != nil {
				b.Fatal(err)
			}
			if _, err := Outliers(s.pos, set, OutlierOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
