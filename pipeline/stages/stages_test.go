package stages

import (
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/dataset"
	"github.com/specstress/specstress/pipeline/llm"
)

func simRun(t *testing.T, dir string, pairs int) (*Run, *llm.Stack, func()) {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Out, cfg.Pairs, cfg.Seed = dir, pairs, 42
	stack, cache, err := NewStack(cfg, func(string) string { return "" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(cfg, stack)
	if err != nil {
		t.Fatal(err)
	}
	r.Stats = stack.Stats
	return r, stack, func() { r.Close(); cache.Close() }
}

func TestWholePipelineOfflineWithSim(t *testing.T) {
	dir := t.TempDir()
	r, stack, done := simRun(t, dir, 12)
	defer done()
	res, err := r.Stages(context.Background(), AllStages()...)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res {
		if s.Failed != 0 {
			t.Errorf("%v", s)
		}
	}
	if n := len(r.ScenarioList()); n != 36 {
		t.Fatalf("%d scenarios from 12 pairs, want 36", n)
	}
	st := stack.Stats()
	// 36 generation calls, 12 spectra, 36x12 responses, 36 each for classify,
	// topics, types, values, and 36x5 judged responses x 3 judges.
	want := int64(36 + 12 + 36*12 + 4*36 + 36*5*3)
	if st.Calls != want || st.Errors != 0 {
		t.Errorf("stats %+v, want %d calls and no errors", st, want)
	}
	// Distinctive values: the sim names each response's categories in free
	// form; the embedding mapper must land every phrase on its category.
	marker := regexp.MustCompile(`values=([\d,]*)\]`)
	checked := 0
	for _, v := range r.values.All() {
		for id, cats := range v.Categories {
			resp, _ := r.responses.Get(itemID(v.Key, id))
			g := marker.FindStringSubmatch(resp.Text)
			if g == nil {
				t.Fatalf("response %s has no marker", itemID(v.Key, id))
			}
			want := g[1]
			var got []string
			for _, c := range cats {
				got = append(got, strconv.Itoa(int(c)))
			}
			if strings.Join(got, ",") != want {
				t.Errorf("%s: mapped categories %v, persona showed %s (phrases %v)", itemID(v.Key, id), got, want, v.Values[id])
			}
			checked++
		}
	}
	if checked != 36*12 {
		t.Errorf("checked %d responses' values, want %d", checked, 36*12)
	}
	out := filepath.Join(dir, "dataset")
	sum, err := r.Export(out)
	if err != nil {
		t.Fatal(err)
	}
	if sum.CompleteRows != 36 || sum.DefaultSplits["all_models"] == 0 || sum.MissingResults != 0 {
		t.Errorf("export summary %+v", sum)
	}
	ds, err := dataset.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ds.Split("complete/train")
	if err != nil {
		t.Fatal(err)
	}
	pos, err := sp.Positions()
	if err != nil {
		t.Fatal(err)
	}
	if pos.Rows != 36 || len(pos.Models) != 12 {
		t.Fatalf("positions %d rows x %d models", pos.Rows, len(pos.Models))
	}
	if err := pos.Validate(); err != nil {
		t.Fatal(err)
	}
	// The sim's nudges work: toward value1 raises value1 positions on average.
	scs, err := sp.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	var sum1 [3]float64
	var cnt [3]int
	for row := 0; row < pos.Rows; row++ {
		k := map[pipeline.Nudge]int{pipeline.Neutral: 0, pipeline.TowardValue1: 1, pipeline.TowardValue2: 2}[scs.Nudge[row]]
		for m := range pos.Models {
			sum1[k] += float64(pos.Value1[m][row])
			cnt[k]++
		}
	}
	if !(sum1[1]/float64(cnt[1]) > sum1[0]/float64(cnt[0]) && sum1[0]/float64(cnt[0]) > sum1[2]/float64(cnt[2])) {
		t.Errorf("mean value1 position by nudge (neutral, v1, v2) = %.2f %.2f %.2f", sum1[0]/float64(cnt[0]), sum1[1]/float64(cnt[1]), sum1[2]/float64(cnt[2]))
	}
	cs, err := ds.Split("train")
	if err != nil {
		t.Fatal(err)
	}
	rt, err := cs.ResponseTypes()
	if err != nil || rt.Rows != 36 || len(rt.Models) != 12 || len(rt.Tags) != 8 {
		t.Errorf("complete/train response types: %+v, %v", rt, err)
	}
	vc, err := cs.ValueCounts()
	if err != nil || len(vc.Models) != 12 {
		t.Errorf("complete/train value counts: %v", err)
	}
	if len(sum.JudgeRows) == 0 {
		t.Error("no judge_evaluations rows")
	}
}

func TestSameConfigSameResults(t *testing.T) {
	a, _, doneA := simRun(t, t.TempDir(), 4)
	defer doneA()
	b, _, doneB := simRun(t, t.TempDir(), 4)
	defer doneB()
	for _, r := range []*Run{a, b} {
		if _, err := r.Stages(context.Background(), StagePairs, StageScenarios, StageResponses); err != nil {
			t.Fatal(err)
		}
	}
	ra, rb := a.responses.All(), b.responses.All()
	got := map[string]string{}
	for _, x := range ra {
		got[itemID(x.Key, x.Model)] = x.Text
	}
	for _, x := range rb {
		if got[itemID(x.Key, x.Model)] != x.Text {
			t.Fatalf("response %s differs between identical runs", itemID(x.Key, x.Model))
		}
	}
}

func TestCancelledRunResumesWithoutRepeatingCalls(t *testing.T) {
	dir := t.TempDir()
	r, stack, done := simRun(t, dir, 10)
	var calls int64
	ctx, cancel := context.WithCancel(context.Background())
	// Cancel after 100 responses, mid-stage.
	r.Client = llm.ClientFunc(func(c context.Context, req *llm.Request) (*llm.Response, error) {
		if req.Task == llm.TaskRespond && stack.Stats().Calls > 100 {
			cancel()
		}
		return stack.Complete(c, req)
	})
	_, err := r.Stages(ctx, StagePairs, StageScenarios, StageResponses)
	if err == nil {
		t.Fatal("cancelled run reported no error")
	}
	calls = stack.Stats().Calls
	have := r.responses.Len()
	done()
	if have == 0 || have >= 360 {
		t.Fatalf("%d responses journaled before the cancel", have)
	}

	r2, stack2, done2 := simRun(t, dir, 10)
	defer done2()
	if _, err := r2.Stages(context.Background(), StagePairs, StageScenarios, StageResponses); err != nil {
		t.Fatal(err)
	}
	if r2.responses.Len() != 360 {
		t.Fatalf("%d responses after resume, want 360", r2.responses.Len())
	}
	// Every call the first run made is answered from journal or cache now.
	total := int64(30 + 360)
	if got := calls + stack2.Stats().Calls; got > total+int64(r.Config.concurrency()) {
		t.Errorf("%d + %d calls for %d distinct requests", calls, stack2.Stats().Calls, total)
	}
	if stack2.Stats().Calls != total-int64(have)-30 {
		t.Logf("first run: %d calls, %d responses; second: %d calls", calls, have, stack2.Stats().Calls)
	}
}

func TestInvalidAnswersAreRetriedThenRecorded(t *testing.T) {
	dir := t.TempDir()
	cfg := DefaultConfig()
	cfg.Out, cfg.Pairs = dir, 2
	var mu sync.Mutex // the stage calls the client from several goroutines
	asked := map[int]int{}
	client := llm.ClientFunc(func(ctx context.Context, req *llm.Request) (*llm.Response, error) {
		mu.Lock()
		asked[req.Sample]++
		mu.Unlock()
		if req.Task == llm.TaskScenario && strings.Contains(req.Messages[0].Content, "") {
			if req.Sample < 2 {
				return &llm.Response{Text: "I would rather not write this."}, nil // no tag: invalid
			}
			return &llm.Response{Text: "[User Question]\nShould I tell my boss the truth about the delay?"}, nil
		}
		return &llm.Response{Text: "no tag here"}, nil
	})
	r, err := Open(cfg, client)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	res, err := r.Stages(context.Background(), StagePairs, StageScenarios)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.ScenarioList()) != 2 {
		t.Errorf("%d neutral scenarios, want 2 (valid on the third try)", len(r.ScenarioList()))
	}
	if res[1].Failed != 2 || len(r.Failures()) != 2 || len(r.OpenFailures()) != 2 {
		t.Errorf("result %v, failures %v: want both pairs' rewrites recorded as failed", res[1], r.Failures())
	}
	mu.Lock()
	defer mu.Unlock()
	if asked[2] == 0 {
		t.Error("never re-asked with a new sample")
	}
}

func TestPlanCountsCallsAndCost(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Pairs = 100
	cfg.Respondents = []ModelSpec{{ID: "gpt_4_1", Model: "openai:gpt-4.1"}, {ID: "o3", Model: "openai:o3"}}
	cfg.Judged = nil
	lines := Plan(cfg, AllStages(), nil)
	calls, cost := 0, 0.0
	for _, l := range lines {
		calls += l.Calls
		cost += l.Cost
	}
	// 300 generation + 100 spectra + 600 responses + 4x300 + 300x2x3 judgments.
	if calls != 300+100+600+1200+1800 {
		t.Errorf("plan has %d calls", calls)
	}
	if cost <= 0 {
		t.Error("plan for paid models costs nothing")
	}
	half := AtBatchPrices(cfg, lines)
	var halfCost float64
	for _, l := range half {
		halfCost += l.Cost
	}
	if halfCost < 0.499*cost || halfCost > 0.501*cost {
		t.Errorf("batch estimate $%.2f for $%.2f direct (all OpenAI): want half", halfCost, cost)
	}
	var b strings.Builder
	WritePlan(&b, lines)
	if !strings.Contains(b.String(), "total") {
		t.Error(b.String())
	}
}

func TestExecuteOneCall(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Out, cfg.Pairs = t.TempDir(), 2
	rep, err := Execute(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Export.CompleteRows != 6 || rep.Failures != 0 || !strings.Contains(rep.String(), "judge: 90 items") {
		t.Errorf("report:\n%s", rep)
	}
}

func TestExampleConfigLoads(t *testing.T) {
	cfg, err := LoadConfig("testdata/paper-run.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Respondents) != 7 || cfg.Providers["openai"].MaxConcurrency != 64 || !cfg.Respondents[6].NoSchema {
		t.Errorf("config = %+v", cfg)
	}
	if pipeline.OpenAIModels.Models[1] != pipeline.GPT41Mini {
		t.Errorf("loading a config changed pipeline.OpenAIModels: %v", pipeline.OpenAIModels.Models)
	}
	if _, err := LoadConfig("testdata/missing.json"); err == nil {
		t.Error("missing file: no error")
	}
}

func TestValuesOnlyForHighDisagreement(t *testing.T) {
	r, _, done := simRun(t, t.TempDir(), 30)
	defer done()
	r.Config.ValuesMinStd = 1.0
	res, err := r.Stages(context.Background(), StagePairs, StageScenarios, StageResponses, StageClassify, StageValues)
	if err != nil {
		t.Fatal(err)
	}
	v := res[len(res)-1]
	if v.Items == 0 || v.Items >= 90 || v.Done != v.Items {
		t.Errorf("values stage %v: want only the scenarios with D >= 1 of 90", v)
	}
}

func TestPlanOfAResumedRunCountsWhatIsLeft(t *testing.T) {
	r, _, done := simRun(t, t.TempDir(), 4)
	defer done()
	if _, err := r.Stages(context.Background(), StagePairs, StageScenarios, StageSpectra, StageResponses); err != nil {
		t.Fatal(err)
	}
	count := func(lines []PlanLine, stage string) int {
		n := 0
		for _, l := range lines {
			if l.Stage == stage {
				n += l.Calls
			}
		}
		return n
	}
	left := r.Plan(AllStages(), nil)
	if count(left, StageScenarios) != 0 || count(left, StageResponses) != 0 || count(left, StageClassify) != 12 || count(left, StageJudge) != 12*5*3 {
		t.Errorf("remaining plan: %+v", left)
	}
}
