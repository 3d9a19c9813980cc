package simulate

import "testing"

// BenchmarkGenerate generates the default sample (6,000 scenarios) in memory.
func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		if _, err := Generate(DefaultConfig()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite writes the default sample in the layout.
func BenchmarkWrite(b *testing.B) {
	d, err := Generate(DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := d.Write(b.TempDir()); err != nil {
			b.Fatal(err)
		}
	}
}
