package analysis

import (
	"fmt"
	"math"
	"sort"

	"github.com/specstress/specstress/pipeline"
)

// ProfileResult holds value-category counts per model and per provider
// (Figure 10) with shares normalised per row.
type ProfileResult struct {
	Models         []pipeline.ModelID
	Categories     []string
	Counts         [][]int     // Counts[m][c]: occurrences of category c in model m's responses
	Shares         [][]float64 // Counts[m][c] / Σ_c Counts[m][c]
	Providers      []pipeline.Provider
	ProviderCounts [][]int     // summed over the provider's models
	ProviderShares [][]float64 // normalised per provider
}

// categoryNames returns the category vocabulary of vc (the 26 categories
// when vc does not name them).
func categoryNames(vc *pipeline.ValueCounts) []string {
	if len(vc.Categories) > 0 {
		return vc.Categories
	}
	return pipeline.CategoryNames()
}

// checkValueCounts validates vc and returns its row count.
func checkValueCounts(vc *pipeline.ValueCounts) (int, error) {
	if vc == nil {
		return 0, fmt.Errorf("nil value counts")
	}
	if len(vc.Models) == 0 {
		return 0, fmt.Errorf("value counts have no models")
	}
	if len(vc.Rows) != len(vc.Models) {
		return 0, fmt.Errorf("value counts: %d models but %d row columns", len(vc.Models), len(vc.Rows))
	}
	nc := len(categoryNames(vc))
	rows := len(vc.Rows[0])
	for m, col := range vc.Rows {
		if len(col) != rows {
			return 0, fmt.Errorf("value counts: model %s has %d rows, model %s has %d", vc.Models[m], len(col), vc.Models[0], rows)
		}
		for r, cats := range col {
			for _, c := range cats {
				if c < 0 || int(c) >= nc {
					return 0, fmt.Errorf("value counts: model %s row %d: category index %d outside 0..%d", vc.Models[m], r, c, nc-1)
				}
			}
		}
	}
	if rows == 0 {
		return 0, fmt.Errorf("value counts have no rows")
	}
	return rows, nil
}

// Profiles counts categories per model and per provider.
func Profiles(vc *pipeline.ValueCounts) (*ProfileResult, error) {
	if _, err := checkValueCounts(vc); err != nil {
		return nil, fmt.Errorf("profiles: %w", err)
	}
	cats := categoryNames(vc)
	res := &ProfileResult{Models: vc.Models, Categories: cats}
	provIdx := map[pipeline.Provider]int{}
	for m, id := range vc.Models {
		counts := make([]int, len(cats))
		for _, row := range vc.Rows[m] {
			for _, c := range row {
				counts[c]++
			}
		}
		res.Counts = append(res.Counts, counts)
		res.Shares = append(res.Shares, normalise(counts))
		p := id.Provider()
		j, ok := provIdx[p]
		if !ok {
			j = len(res.Providers)
			provIdx[p] = j
			res.Providers = append(res.Providers, p)
			res.ProviderCounts = append(res.ProviderCounts, make([]int, len(cats)))
		}
		for c, n := range counts {
			res.ProviderCounts[j][c] += n
		}
	}
	for _, counts := range res.ProviderCounts {
		res.ProviderShares = append(res.ProviderShares, normalise(counts))
	}
	return res, nil
}

func normalise(counts []int) []float64 {
	total := 0
	for _, n := range counts {
		total += n
	}
	out := make([]float64, len(counts))
	for i, n := range counts {
		out[i] = ratio(n, total)
	}
	return out
}

// TopCategories returns the indexes of the n categories with the most
// occurrences over all models, most frequent first (ties by index).
func (p *ProfileResult) TopCategories(n int) []int {
	tot := make([]int, len(p.Categories))
	for _, counts := range p.Counts {
		for c, k := range counts {
			tot[c] += k
		}
	}
	idx := make([]int, len(tot))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return tot[idx[a]] > tot[idx[b]] })
	return idx[:min(max(n, 0), len(idx))]
}

// Favour says how much more a provider shows a category than providers on
// average: Lift = provider share / mean share over providers.
type Favour struct {
	Provider pipeline.Provider
	Category string
	Share    float64
	Lift     float64
}

// Favours ranks, for each provider, the categories it favours most relative
// to the other providers (the n highest lifts), providers in result order.
func (p *ProfileResult) Favours(n int) []Favour {
	var out []Favour
	for j, prov := range p.Providers {
		var fs []Favour
		for c, cat := range p.Categories {
			var mean float64
			for k := range p.Providers {
				mean += p.ProviderShares[k][c]
			}
			mean /= float64(len(p.Providers))
			lift := math.NaN()
			if mean > 0 {
				lift = p.ProviderShares[j][c] / mean
			}
			fs = append(fs, Favour{prov, cat, p.ProviderShares[j][c], lift})
		}
		sort.SliceStable(fs, func(a, b int) bool {
			if math.IsNaN(fs[b].Lift) {
				return !math.IsNaN(fs[a].Lift)
			}
			return fs[a].Lift > fs[b].Lift
		})
		out = append(out, fs[:min(max(n, 0), len(fs))]...)
	}
	return out
}

// FavoursTable renders Favours(n) as a table.
func (p *ProfileResult) FavoursTable(n int) *Table {
	t := &Table{Title: "Categories each provider favours (share / mean provider share)",
		Columns: []string{"provider", "category", "share", "lift"}}
	for _, f := range p.Favours(n) {
		t.Rows = append(t.Rows, []any{string(f.Provider), f.Category, f.Share, f.Lift})
	}
	return t
}

// Table renders raw counts: one row per model, one column per category.
func (p *ProfileResult) Table() *Table {
	t := &Table{Title: "Value categories per model (counts)", Columns: append([]string{"model"}, p.shortNames()...)}
	for m, id := range p.Models {
		row := []any{string(id)}
		for _, n := range p.Counts[m] {
			row = append(row, n)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// SharesTable renders shares per model (or, with providers, per provider).
func (p *ProfileResult) SharesTable(providers bool) *Table {
	t := &Table{Title: "Value category shares per model", Columns: append([]string{"model"}, p.shortNames()...)}
	names, shares := make([]string, len(p.Models)), p.Shares
	for m, id := range p.Models {
		names[m] = string(id)
	}
	if providers {
		t.Title, t.Columns[0], shares = "Value category shares per provider", "provider", p.ProviderShares
		names = names[:0]
		for _, pr := range p.Providers {
			names = append(names, string(pr))
		}
	}
	for i, name := range names {
		row := []any{name}
		for _, s := range shares[i] {
			row = append(row, s)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// shortNames are the category axis labels used as column headers, so that
// 26 columns stay readable.
func (p *ProfileResult) shortNames() []string {
	out := make([]string, len(p.Categories))
	for i, c := range p.Categories {
		out[i] = pipeline.ShortCategory(c)
	}
	return out
}

// String renders the counts as aligned text.
func (p *ProfileResult) String() string { return p.Table().String() }

// HTML renders the counts as an HTML table.
func (p *ProfileResult) HTML() string { return p.Table().HTML() }

// CoOccurrenceResult is P(model B shows category Y | model A shows category
// X) over the rows of a ValueCounts (Figure 11).
type CoOccurrenceResult struct {
	A, B       pipeline.ModelID // empty when pooled over all ordered pairs
	Categories []string         // the X (rows) and Y (columns) categories
	Given      []int            // Given[x]: rows (or pair-rows) where A shows X
	Joint      [][]int          // Joint[x][y]: ... and B shows Y
	P          [][]float64      // Joint[x][y] / Given[x] (NaN when Given[x] is 0)
}

// CoOccurrence computes P(b shows Y | a shows X) for the categories cats
// (indexes into the vocabulary; nil means all). With a == "" and b == ""
// it pools every ordered pair of distinct models.
func CoOccurrence(vc *pipeline.ValueCounts, a, b pipeline.ModelID, cats []int) (*CoOccurrenceResult, error) {
	rows, err := checkValueCounts(vc)
	if err != nil {
		return nil, fmt.Errorf("co-occurrence: %w", err)
	}
	names := categoryNames(vc)
	if cats == nil {
		for c := range names {
			cats = append(cats, c)
		}
	}
	pos := make([]int, len(names)) // vocabulary index -> position in cats, or -1
	for i := range pos {
		pos[i] = -1
	}
	for i, c := range cats {
		if c < 0 || c >= len(names) {
			return nil, fmt.Errorf("co-occurrence: category index %d outside 0..%d", c, len(names)-1)
		}
		pos[c] = i
	}
	var pairs [][2]int
	if a == "" && b == "" {
		for i := range vc.Models {
			for j := range vc.Models {
				if i != j {
					pairs = append(pairs, [2]int{i, j})
				}
			}
		}
		if len(pairs) == 0 {
			return nil, fmt.Errorf("co-occurrence: pooling needs at least 2 models")
		}
	} else {
		ia, ib := modelIndex(vc.Models, a), modelIndex(vc.Models, b)
		if ia < 0 || ib < 0 {
			return nil, fmt.Errorf("co-occurrence: models %q/%q not both in %v", a, b, vc.Models)
		}
		pairs = [][2]int{{ia, ib}}
	}
	k := len(cats)
	res := &CoOccurrenceResult{A: a, B: b, Given: make([]int, k), Joint: make([][]int, k), P: make([][]float64, k)}
	for _, c := range cats {
		res.Categories = append(res.Categories, names[c])
	}
	for x := range res.Joint {
		res.Joint[x] = make([]int, k)
	}
	showA, showB := make([]bool, k), make([]bool, k)
	for _, pr := range pairs {
		for r := 0; r < rows; r++ {
			clear(showA)
			clear(showB)
			for _, c := range vc.Rows[pr[0]][r] {
				if i := pos[c]; i >= 0 {
					showA[i] = true
				}
			}
			for _, c := range vc.Rows[pr[1]][r] {
				if i := pos[c]; i >= 0 {
					showB[i] = true
				}
			}
			for x := 0; x < k; x++ {
				if !showA[x] {
					continue
				}
				res.Given[x]++
				for y := 0; y < k; y++ {
					if showB[y] {
						res.Joint[x][y]++
					}
				}
			}
		}
	}
	for x := range res.P {
		res.P[x] = make([]float64, k)
		for y := range res.P[x] {
			res.P[x][y] = ratio(res.Joint[x][y], res.Given[x])
		}
	}
	return res, nil
}

func modelIndex(ms []pipeline.ModelID, id pipeline.ModelID) int {
	for i, m := range ms {
		if m == id {
			return i
		}
	}
	return -1
}

// Table renders P with one row per given category X.
func (c *CoOccurrenceResult) Table() *Table {
	who := "any model B | any other model A"
	if c.A != "" {
		who = fmt.Sprintf("%s | %s", c.B, c.A)
	}
	t := &Table{Title: "P(B shows Y | A shows X), " + who, Columns: append([]string{"X \\ Y", "given"}, c.Categories...)}
	for x, cat := range c.Categories {
		row := []any{cat, c.Given[x]}
		for _, p := range c.P[x] {
			row = append(row, p)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// String renders the matrix as aligned text.
func (c *CoOccurrenceResult) String() string { return c.Table().String() }

// HTML renders the matrix as an HTML table.
func (c *CoOccurrenceResult) HTML() string { return c.Table().HTML() }
