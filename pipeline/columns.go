package pipeline

import "fmt"

// NullPosition marks a missing position in a position column.
const NullPosition int8 = -1

// Positions holds a split's positions column by column: for model i,
// Value1[i][r] and Value2[i][r] are its positions (0..6, or NullPosition) on
// row r. Analyses take these columns, never rows of maps.
type Positions struct {
	Rows   int
	Models []ModelID
	Value1 [][]int8
	Value2 [][]int8
}

// Index returns the column index of model id, or -1.
func (p *Positions) Index(id ModelID) int {
	for i, m := range p.Models {
		if m == id {
			return i
		}
	}
	return -1
}

// Select returns the positions of the given models, sharing the columns.
// A model that is not present is an error naming it and listing those that are.
func (p *Positions) Select(ids []ModelID) (*Positions, error) {
	out := &Positions{Rows: p.Rows}
	for _, id := range ids {
		i := p.Index(id)
		if i < 0 {
			return nil, fmt.Errorf("model %q has no position columns (have %v)", id, p.Models)
		}
		out.Models = append(out.Models, id)
		out.Value1 = append(out.Value1, p.Value1[i])
		out.Value2 = append(out.Value2, p.Value2[i])
	}
	return out, nil
}

// Validate checks that every column has Rows entries within -1..6.
func (p *Positions) Validate() error {
	if len(p.Value1) != len(p.Models) || len(p.Value2) != len(p.Models) {
		return fmt.Errorf("positions: %d models but %d/%d columns", len(p.Models), len(p.Value1), len(p.Value2))
	}
	for i, m := range p.Models {
		for v, col := range [2][]int8{p.Value1[i], p.Value2[i]} {
			if len(col) != p.Rows {
				return fmt.Errorf("positions: %s_value%d_position has %d rows, want %d", m, v+1, len(col), p.Rows)
			}
			for r, x := range col {
				if x < NullPosition || x > 6 {
					return fmt.Errorf("positions: %s_value%d_position row %d: %d outside 0..6", m, v+1, r, x)
				}
			}
		}
	}
	return nil
}

// Scenarios holds a split's per-row scenario metadata, column by column.
// Slices are nil when the column was not loaded; Value1/Value2 are
// dictionary-friendly strings ("" for null).
type Scenarios struct {
	Rows      int
	Rank      []int64
	Chunk     []int64
	Entry     []int64
	Nudge     []Nudge
	Value1    []string
	Value2    []string
	Generator []string
}

// Key returns the scenario key of row r.
func (s *Scenarios) Key(r int) ScenarioKey {
	k := ScenarioKey{}
	if s.Chunk != nil {
		k.Chunk = s.Chunk[r]
	}
	if s.Entry != nil {
		k.Entry = s.Entry[r]
	}
	if s.Nudge != nil {
		k.Nudge = s.Nudge[r]
	}
	return k
}

// Judgments are the judge decision columns of a judge_evaluations row set:
// one row per (scenario, evaluated model) response.
type Judgments struct {
	Rows      int
	Judges    []string     // column stems, e.g. "claude_4", "gpt41", "gemini_2_5"
	Decisions [][]Decision // Decisions[j][r]: judge j on row r
	Model     []ModelID    // the evaluated model of row r
	Keys      []ScenarioKey
	Bin       []string  // bin_name
	MaxStd    []float64 // max_pop_std_openai (NaN when null)
}

// ValueCounts holds, per response, the value categories the response
// expresses distinctively (the input of value profiles): Counts[m][c] is the
// number of times model m showed category c; Rows[m] is, per row, the list
// of category indexes (into Categories()) model m showed there.
type ValueCounts struct {
	Models     []ModelID
	Categories []string
	Rows       [][][]int16 // Rows[m][r] = category indexes shown by model m on row r
}

// ResponseTypeColumns holds, per model, the response type of each row and the
// topic tags of each row (the input of the refusal analysis).
type ResponseTypeColumns struct {
	Rows   int
	Models []ModelID
	Types  [][]ResponseType // Types[m][r]
	Topics []string         // tag names, e.g. Topics
	Tags   [][]bool         // Tags[t][r]: row r carries topic t
}
