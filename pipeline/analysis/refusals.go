package analysis

import (
	"fmt"

	"github.com/specstress/specstress/pipeline"
)

// RefusalResult is the response-type distribution per model and the refusal
// rates overall and by topic tag (Figure 4). Rates are over rows where the
// model's type is known; NaN when there are none.
type RefusalResult struct {
	Models      []pipeline.ModelID
	Types       []pipeline.ResponseType // the seven types, in order
	Counts      [][]int                 // Counts[m][t]: rows of type t for model m
	Known       []int                   // Known[m]: rows with a type for model m
	Shares      [][]float64             // Shares[m][t] = Counts[m][t] / Known[m]
	RefusalRate []float64               // share of the last three types
	HardRate    []float64               // share of Complete Rejection
	Topics      []string
	TopicKnown  [][]int     // TopicKnown[t][m]: typed rows of model m carrying topic t
	TopicRate   [][]float64 // TopicRate[t][m]: refusal rate on topic t
	TopicHard   [][]float64 // TopicHard[t][m]: hard-refusal rate on topic t
}

// Refusals tabulates response types per model and by topic.
func Refusals(rt *pipeline.ResponseTypeColumns) (*RefusalResult, error) {
	if rt == nil {
		return nil, fmt.Errorf("refusals: nil response types")
	}
	if len(rt.Models) == 0 || rt.Rows <= 0 {
		return nil, fmt.Errorf("refusals: no models or no rows (%d models, %d rows)", len(rt.Models), rt.Rows)
	}
	if len(rt.Types) != len(rt.Models) {
		return nil, fmt.Errorf("refusals: %d models but %d type columns", len(rt.Models), len(rt.Types))
	}
	topics := rt.Topics
	if rt.Tags == nil { // no topic column: per-model rates only
		topics = nil
	}
	if len(rt.Tags) != len(topics) {
		return nil, fmt.Errorf("refusals: %d topics but %d tag columns", len(rt.Topics), len(rt.Tags))
	}
	for t, col := range rt.Tags {
		if len(col) != rt.Rows {
			return nil, fmt.Errorf("refusals: topic %q has %d rows, want %d", rt.Topics[t], len(col), rt.Rows)
		}
	}
	nm, nt := len(rt.Models), len(topics)
	res := &RefusalResult{Models: rt.Models, Types: pipeline.ResponseTypes(), Topics: topics,
		Counts: make([][]int, nm), Known: make([]int, nm), Shares: make([][]float64, nm),
		RefusalRate: make([]float64, nm), HardRate: make([]float64, nm),
		TopicKnown: make([][]int, nt), TopicRate: make([][]float64, nt), TopicHard: make([][]float64, nt)}
	topicRef := make([][]int, nt)
	topicHard := make([][]int, nt)
	for t := range topics {
		res.TopicKnown[t] = make([]int, nm)
		res.TopicRate[t] = make([]float64, nm)
		res.TopicHard[t] = make([]float64, nm)
		topicRef[t] = make([]int, nm)
		topicHard[t] = make([]int, nm)
	}
	for m, id := range rt.Models {
		col := rt.Types[m]
		if len(col) != rt.Rows {
			return nil, fmt.Errorf("refusals: model %s has %d type rows, want %d", id, len(col), rt.Rows)
		}
		counts := make([]int, 7)
		for r, ty := range col {
			if ty == pipeline.NoType {
				continue
			}
			if ty < 0 || ty > pipeline.CompleteRejection {
				return nil, fmt.Errorf("refusals: model %s row %d: response type %d outside 0..6", id, r, ty)
			}
			counts[ty]++
			for t := range topics {
				if rt.Tags[t][r] {
					res.TopicKnown[t][m]++
					if ty.Refusal() {
						topicRef[t][m]++
					}
					if ty.HardRefusal() {
						topicHard[t][m]++
					}
				}
			}
		}
		known := 0
		for _, c := range counts {
			known += c
		}
		res.Counts[m], res.Known[m] = counts, known
		res.Shares[m] = make([]float64, 7)
		for ty, c := range counts {
			res.Shares[m][ty] = ratio(c, known)
		}
		res.RefusalRate[m] = ratio(counts[4]+counts[5]+counts[6], known)
		res.HardRate[m] = ratio(counts[6], known)
		for t := range topics {
			res.TopicRate[t][m] = ratio(topicRef[t][m], res.TopicKnown[t][m])
			res.TopicHard[t][m] = ratio(topicHard[t][m], res.TopicKnown[t][m])
		}
	}
	return res, nil
}

// Table renders one row per model: type shares, refusal and hard rates
// with Wilson 95 % intervals (a hard-refusal rate is often well under 1 %).
func (r *RefusalResult) Table() *Table {
	t := &Table{Title: "Response types per model", Columns: []string{"model", "known"}}
	for _, ty := range r.Types {
		t.Columns = append(t.Columns, ty.String())
	}
	t.Columns = append(t.Columns, "refusal_rate", "refusal_lo", "refusal_hi", "hard_refusal_rate", "hard_lo", "hard_hi")
	for m, id := range r.Models {
		row := []any{string(id), r.Known[m]}
		for _, s := range r.Shares[m] {
			row = append(row, s)
		}
		c := r.Counts[m]
		ref := Wilson(c[4]+c[5]+c[6], r.Known[m], 0.95)
		hard := Wilson(c[6], r.Known[m], 0.95)
		t.Rows = append(t.Rows, append(row, r.RefusalRate[m], ref.Lo, ref.Hi, r.HardRate[m], hard.Lo, hard.Hi))
	}
	return t
}

// TopicTable renders refusal (or, with hard, hard-refusal) rates with one
// row per topic and one column per model.
func (r *RefusalResult) TopicTable(hard bool) *Table {
	what, rates := "Refusal rate", r.TopicRate
	if hard {
		what, rates = "Hard-refusal rate", r.TopicHard
	}
	t := &Table{Title: what + " by topic", Columns: []string{"topic"}}
	for _, id := range r.Models {
		t.Columns = append(t.Columns, string(id))
	}
	for i, topic := range r.Topics {
		row := []any{topic}
		for m := range r.Models {
			row = append(row, rates[i][m])
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// String renders the per-model table and the topic table as text.
func (r *RefusalResult) String() string {
	return r.Table().String() + "\n" + r.TopicTable(false).String()
}

// HTML renders the per-model table and the topic table as HTML.
func (r *RefusalResult) HTML() string { return r.Table().HTML() + r.TopicTable(false).HTML() }
