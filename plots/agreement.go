package plots

import (
	"fmt"
	"math"
	"strings"

	"github.com/specstress/specstress/pipeline/analysis"
)

// judgeNames maps the judge column stems of judge_evaluations to the
// paper's judges. The third stem says gpt41 but the paper's third judge is
// o3 (PAPER.md §8), so the label keeps both.
var judgeNames = map[string]string{
	"claude_4":   "Claude 4 Sonnet",
	"gpt41":      "o3 [gpt41]",
	"gemini_2_5": "Gemini 2.5 Pro",
}

// judgeLabel returns the display label of a judge column stem.
func judgeLabel(stem string) string {
	if n, ok := judgeNames[stem]; ok {
		return n
	}
	return stem
}

// JudgeAgreement draws judge agreement on the binary problematic label as
// two judge-by-judge heatmaps: raw pairwise agreement and Cohen's kappa,
// with Fleiss' kappa and the number of responses in the title and each
// judge's flag rate in the subtitle. Its Data tables "agreement" and
// "cohen kappa" are symmetric judge x judge matrices (diagonal NaN).
func JudgeAgreement(a *analysis.AgreementResult) (*Figure, error) {
	if a == nil || len(a.Judges) < 2 {
		return nil, fmt.Errorf("judge agreement: need a result with at least 2 judges")
	}
	n := len(a.Judges)
	agree, kappa := matrix(n, n), matrix(n, n)
	for i := range n {
		agree[i][i], kappa[i][i] = math.NaN(), math.NaN()
	}
	idx := map[string]int{}
	for i, j := range a.Judges {
		idx[j] = i
	}
	for _, p := range a.Pairs {
		x, okx := idx[p.A]
		y, oky := idx[p.B]
		if !okx || !oky {
			return nil, fmt.Errorf("judge agreement: pair %s/%s names an unknown judge (have %v)", p.A, p.B, a.Judges)
		}
		agree[x][y], agree[y][x] = p.Agreement, p.Agreement
		kappa[x][y], kappa[y][x] = p.Cohen, p.Cohen
	}
	labels := make([]string, n)
	rates := make([]string, n)
	for i, j := range a.Judges {
		labels[i] = judgeLabel(j)
		rates[i] = fmt.Sprintf("%s %.1f%%", labels[i], 100*a.FlagRates[i])
	}
	size := NotebookWidth
	f := NewFigure(fmt.Sprintf("Judge agreement on the problematic label: Fleiss' κ = %.2f", a.Fleiss), size, 330)
	pooled := fmt.Sprintf("%d bins pooled", len(a.Pooled))
	if a.Sample > 0 {
		pooled = fmt.Sprintf("random sample of %d of %d, seed %d, from %d bins", a.Sample, a.Complete, a.Seed, len(a.Pooled))
	}
	f.Subtitle = fmt.Sprintf("%d responses judged by all %d (%s); flag rates: %s", a.N, n, pooled, strings.Join(rates, ", "))
	scale := Blues(0, 1)
	panelW := (size - 90) / 2
	for _, m := range []struct {
		title string
		vals  [][]float64
		pct   bool
		fmt   string
	}{{"pairwise agreement (%)", agree, true, "%.1f"}, {"Cohen's κ", kappa, false, "%.2f"}} {
		f.AddPanel(matrixPlot(MatrixSpec{Panel: m.title, Rows: labels, Cols: labels, Values: m.vals,
			Scale: scale, Format: m.fmt, Percent: m.pct}, panelW))
	}
	f.SetColorBar(ColorBar{Scale: scale, Label: "agreement / κ"})
	ids := append([]string(nil), a.Judges...)
	f.AddData(Table{Name: "agreement", Rows: ids, Cols: ids, Values: agree})
	f.AddData(Table{Name: "cohen kappa", Rows: ids, Cols: ids, Values: kappa})
	return f, nil
}
