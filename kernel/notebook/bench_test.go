package notebook

import (
	"context"
	"encoding/base64"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// executedNotebook builds a notebook shaped like the demo's: n code cells,
// each with prose before it, a stream, a 60 KB PNG and an HTML table.
func executedNotebook(n int) *Notebook {
	rng := rand.New(rand.NewPCG(1, 2))
	png := make([]byte, 45_000)
	for i := range png {
		png[i] = byte(rng.IntN(256))
	}
	pngB64 := base64.StdEncoding.EncodeToString(png)
	table := "<table>" + strings.Repeat("<tr><td>claude_opus_4</td><td>0.1234</td></tr>\n", 30) + "</table>"
	nb := New()
	for i := 0; i < n; i++ {
		nb.Cells = append(nb.Cells, NewMarkdown("## Step\n\nSome *prose* about `D(x, M)` and [a link](https://example.org).\n"))
		c := NewCode("d, err := analysis.Disagreement(pos, pipeline.AllModels)\ncheck(err)\nfig, err := plots.DisagreementHistogram(d)\nfig\n")
		k := i + 1
		c.ExecutionCount = &k
		c.Outputs = []Output{
			{Type: StreamOutput, Name: "stdout", Text: strings.Repeat("all_models 12 models mean D 0.86\n", 10)},
			{Type: DisplayDataOutput, Data: map[string]any{"text/html": table, "text/plain": "table"}, Metadata: map[string]any{}},
			{Type: ExecuteResultOutput, Data: map[string]any{"image/png": pngB64, "text/plain": "<figure>"}, Metadata: map[string]any{}, ExecutionCount: &k},
		}
		nb.Cells = append(nb.Cells, c)
	}
	return nb
}

func BenchmarkMarshal(b *testing.B) {
	nb := executedNotebook(20)
	data, _ := nb.Marshal()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := nb.Marshal(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	data, err := executedNotebook(20).Marshal()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHTML(b *testing.B) {
	nb := executedNotebook(20)
	for b.Loop() {
		_ = nb.HTML(HTMLOptions{})
	}
}

// BenchmarkRunOverhead is the runner's cost per cell around a trivial
// engine: output collection, counting, timing.
func BenchmarkRunOverhead(b *testing.B) {
	var src []string
	for i := 0; i < 100; i++ {
		src = append(src, "out x\\n\nshow - y\nresult z")
	}
	nb := codeNotebook(src...)
	eng := &fakeEngine{}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(context.Background(), nb, eng, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRoundTripFile parses and re-encodes the notebook named by
// $SPECSTRESS_BENCH_NOTEBOOK (bench/demo/run.sh points it at an executed
// demo notebook and times nbformat's read+write on the same file).
func BenchmarkRoundTripFile(b *testing.B) {
	path := os.Getenv("SPECSTRESS_BENCH_NOTEBOOK")
	if path == "" {
		b.Skip("set SPECSTRESS_BENCH_NOTEBOOK")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		nb, err := Parse(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := nb.Marshal(); err != nil {
			b.Fatal(err)
		}
	}
}
