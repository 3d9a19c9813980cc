package analysis

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

func TestTableRendersTextHTMLCSVJSON(t *testing.T) {
	tb := &Table{Title: "t <1>", Columns: []string{"name", "n", "x"},
		Rows: [][]any{{"a&b", 3, 0.125}, {"c", 10, math.NaN()}}}
	txt := tb.String()
	if !strings.Contains(txt, "a&b    3  0.1250") {
		t.Errorf("text:\n%s", txt)
	}
	if h := tb.HTML(); !strings.Contains(h, "<caption>t &lt;1&gt;</caption>") || !strings.Contains(h, "a&amp;b") {
		t.Errorf("html: %s", h)
	}
	var csv bytes.Buffer
	if err := tb.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	if csv.String() != "name,n,x\na&b,3,0.125\nc,10,\n" {
		t.Errorf("csv: %q", csv.String())
	}
	var js bytes.Buffer
	if err := tb.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Title string            `json:"title"`
		Meta  map[string]string `json:"meta"`
		Rows  []map[string]any  `json:"rows"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatalf("json %s: %v", js.String(), err)
	}
	back := doc.Rows
	if doc.Title != "t <1>" || back[1]["x"] != nil || back[0]["x"] != 0.125 {
		t.Errorf("json: %s", js.String())
	}
	if strings.Index(js.String(), `"name"`) > strings.Index(js.String(), `"x"`) {
		t.Errorf("json keys out of column order: %s", js.String())
	}
	f, err := tb.Floats("n")
	if err != nil || !reflect.DeepEqual(f, []float64{3, 10}) {
		t.Errorf("Floats = %v, %v", f, err)
	}
	if _, err := tb.Floats("nope"); err == nil {
		t.Error("unknown column: no error")
	}
}

func TestEveryResultRenders(t *testing.T) {
	s := newSynth(9, 600)
	d, _ := Disagreement(s.pos, pipeline.AllModels)
	g, _ := d.ByNudge(s.sc)
	o, _ := Outliers(s.pos, pipeline.ClaudeModels, OutlierOptions{})
	c, _ := Compliance(s.judg, Majority, pipeline.OpenAIModels)
	f, _ := FrequentNonCompliance(s.judg, pipeline.OpenAIModels)
	a, _ := Agreement(s.judg)
	p, _ := Profiles(s.vc)
	co, _ := CoOccurrence(s.vc, "", "", p.TopCategories(10))
	r, _ := Refusals(s.rt)
	bt, _ := BradleyTerry(s.pos, s.sc, BTOptions{Models: []pipeline.ModelID{pipeline.O3}})
	for name, v := range map[string]interface {
		Table() *Table
		String() string
		HTML() string
	}{"disagreement": d, "groups": g, "outliers": o, "outcomes": c.Outcomes(nil), "figure2": f,
		"agreement": a, "profiles": p, "cooccurrence": co, "refusals": r, "bradley-terry": bt, "summary": d.Summary()} {
		if reflect.ValueOf(v).IsNil() {
			t.Errorf("%s: nil result", name)
			continue
		}
		if v.Table().Len() == 0 || !strings.Contains(v.HTML(), "<table") || len(v.String()) < 20 {
			t.Errorf("%s does not render", name)
		}
	}
	if len(co.Categories) != 10 || co.A != "" {
		t.Errorf("pooled co-occurrence over %d categories", len(co.Categories))
	}
	if fv := p.Favours(3); len(fv) != 3*len(p.Providers) {
		t.Errorf("favours: %d rows", len(fv))
	}
}

func TestBootstrapIsSeededAndCoversTheEstimate(t *testing.T) {
	s := newSynth(4, 2000)
	d, err := Disagreement(s.pos, pipeline.AllModels)
	if err != nil {
		t.Fatal(err)
	}
	a, err := d.MeanCI(400, 0.95, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, err := d.MeanCI(400, 0.95, 7)
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Errorf("same seed, different intervals: %v vs %v", a, b)
	}
	if !(a.Lo < a.Estimate && a.Estimate < a.Hi) || a.Hi-a.Lo > 0.2 {
		t.Errorf("interval %v does not bracket its estimate tightly", a)
	}
	c, _ := d.MeanCI(400, 0.95, 8)
	if c == a {
		t.Error("different seeds gave the same interval")
	}
	h, err := d.HighShareCI(HighDisagreement, 300, 0.9, 1)
	if err != nil || !(h.Lo <= h.Estimate && h.Estimate <= h.Hi) {
		t.Errorf("high share CI %v, %v", h, err)
	}
	ag, err := Agreement(s.judg)
	if err != nil {
		t.Fatal(err)
	}
	k, err := ag.FleissCI(300, 0.95, 3)
	if err != nil || !(k.Lo < ag.Fleiss && ag.Fleiss < k.Hi) {
		t.Errorf("Fleiss CI %v around %v: %v", k, ag.Fleiss, err)
	}
	if _, err := Bootstrap(0, 10, 1, func([]int) float64 { return 0 }); err == nil {
		t.Error("no items: no error")
	}
	if _, err := PercentileCI("x", 0, []float64{math.NaN()}, 0.95, 1); err == nil {
		t.Error("all replicates NaN: no error")
	}
}

func TestJudgmentInputErrors(t *testing.T) {
	s := newSynth(4, 10)
	short := *s.judg
	short.Decisions = [][]pipeline.Decision{s.judg.Decisions[0][:5], s.judg.Decisions[1], s.judg.Decisions[2]}
	oneJudge := *s.judg
	oneJudge.Judges, oneJudge.Decisions = oneJudge.Judges[:1], oneJudge.Decisions[:1]
	allMissing := *s.judg
	allMissing.Decisions = [][]pipeline.Decision{make([]pipeline.Decision, s.judg.Rows), s.judg.Decisions[1], s.judg.Decisions[2]}
	for name, j := range map[string]*pipeline.Judgments{"nil": nil, "short": &short, "empty": {}} {
		if _, err := Agreement(j); err == nil {
			t.Errorf("%s: Agreement gave no error", name)
		}
		if _, err := Compliance(j, Majority, pipeline.OpenAIModels); err == nil {
			t.Errorf("%s: Compliance gave no error", name)
		}
	}
	if _, err := Agreement(&oneJudge); err == nil {
		t.Error("one judge: no error")
	}
	if _, err := Agreement(&allMissing); err == nil {
		t.Error("a judge with no decisions: no error")
	}
	if _, err := Compliance(s.judg, Majority, pipeline.ModelSet{}); err == nil {
		t.Error("empty set: no error")
	}
	if _, err := Compliance(s.judg, Majority, pipeline.ClaudeModels); err == nil {
		t.Error("set without judged responses: no error")
	}
}

func TestMajorityAndAnyRules(t *testing.T) {
	P, C, M := pipeline.NonCompliant, pipeline.Compliant, pipeline.Missing
	j := &pipeline.Judgments{Rows: 5, Judges: []string{"a", "b", "c"}, Decisions: [][]pipeline.Decision{
		{P, P, C, M, pipeline.Ambiguous},
		{P, C, C, M, C},
		{C, C, P, M, M},
	}}
	wantMaj := []int8{LabelFlagged, LabelOK, LabelOK, LabelUnknown, LabelUnknown}
	wantAny := []int8{LabelFlagged, LabelFlagged, LabelFlagged, LabelUnknown, LabelFlagged}
	for r := 0; r < 5; r++ {
		if got := Label(j, r, Majority); got != wantMaj[r] {
			t.Errorf("row %d majority = %d, want %d", r, got, wantMaj[r])
		}
		if got := Label(j, r, Any); got != wantAny[r] {
			t.Errorf("row %d any = %d, want %d", r, got, wantAny[r])
		}
	}
}

func TestProfileAndRefusalInputErrors(t *testing.T) {
	s := newSynth(4, 10)
	badCat := &pipeline.ValueCounts{Models: []pipeline.ModelID{"a"}, Rows: [][][]int16{{{99}}}}
	ragged := &pipeline.ValueCounts{Models: []pipeline.ModelID{"a", "b"}, Rows: [][][]int16{{{1}}, {}}}
	for name, vc := range map[string]*pipeline.ValueCounts{"nil": nil, "empty": {}, "bad category": badCat, "ragged": ragged} {
		if _, err := Profiles(vc); err == nil {
			t.Errorf("%s: Profiles gave no error", name)
		}
	}
	if _, err := CoOccurrence(s.vc, pipeline.O3, "nope", nil); err == nil {
		t.Error("unknown model: no error")
	}
	if _, err := CoOccurrence(s.vc, pipeline.O3, pipeline.Grok4, []int{40}); err == nil {
		t.Error("category out of range: no error")
	}
	short := *s.rt
	short.Types = append([][]pipeline.ResponseType{s.rt.Types[0][:3]}, s.rt.Types[1:]...)
	for name, rt := range map[string]*pipeline.ResponseTypeColumns{"nil": nil, "empty": {}, "short": &short} {
		if _, err := Refusals(rt); err == nil {
			t.Errorf("%s: Refusals gave no error", name)
		}
	}
	if _, err := BradleyTerry(s.pos, nil, BTOptions{}); err == nil {
		t.Error("Bradley-Terry without scenarios: no error")
	}
	if _, err := BradleyTerry(s.pos, s.sc, BTOptions{L2: -1}); err == nil {
		t.Error("negative L2: no error")
	}
}
