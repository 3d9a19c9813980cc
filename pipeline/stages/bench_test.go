package stages

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkOffline100Pairs runs the whole pipeline (every stage, then the
// dataset export) on 100 value pairs with the sim backend and a fresh
// cache: 300 scenarios, 3,600 responses, 5,100 calls in all.
func BenchmarkOffline100Pairs(b *testing.B) {
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		cfg := DefaultConfig()
		cfg.Out, cfg.Pairs = dir, 100
		stack, cache, err := NewStack(cfg, func(string) string { return "" }, nil)
		if err != nil {
			b.Fatal(err)
		}
		r, err := Open(cfg, stack)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Stages(context.Background(), AllStages()...); err != nil {
			b.Fatal(err)
		}
		if _, err := r.Export(filepath.Join(dir, "dataset")); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(stack.Stats().Calls), "calls")
		r.Close()
		cache.Close()
	}
}

// BenchmarkOffline100PairsReplay re-runs a finished run: every stage skips
// its journaled items (what a resumed or re-executed notebook does).
func BenchmarkOffline100PairsReplay(b *testing.B) {
	dir := b.TempDir()
	cfg := DefaultConfig()
	cfg.Out, cfg.Pairs = dir, 100
	stack, cache, _ := NewStack(cfg, func(string) string { return "" }, nil)
	r, _ := Open(cfg, stack)
	r.Stages(context.Background(), AllStages()...)
	r.Close()
	cache.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		stack, cache, _ := NewStack(cfg, func(string) string { return "" }, nil)
		r, err := Open(cfg, stack)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Stages(context.Background(), AllStages()...); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(stack.Stats().Calls), "calls")
		r.Close()
		cache.Close()
	}
}
