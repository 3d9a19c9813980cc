package stages

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline"
)

// table2Run builds an offline run with responses and classifications.
func table2Run(t *testing.T, pairs int) (*Run, *recordingClient) {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Out, cfg.Pairs = t.TempDir(), pairs
	rec := &recordingClient{}
	run, err := Open(cfg, rec)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { run.Close() })
	if _, err := run.Stages(t.Context(), StagePairs, StageScenarios, StageResponses, StageClassify); err != nil {
		t.Fatal(err)
	}
	return run, rec
}

// popStdFromFile recomputes D from classifications.jsonl as written,
// independently of the stage's code: the larger population standard
// deviation of the two values' positions over models.
func popStdFromFile(t *testing.T, dir string, models []pipeline.ModelID) map[string]float64 {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "classifications.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]float64{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var rec struct {
			Key        pipeline.ScenarioKey `json:"key"`
			Placements map[string]struct{ V1, V2 float64 }
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		d := -1.0
		for v := 0; v < 2; v++ {
			var xs []float64
			for _, m := range models {
				p, ok := rec.Placements[string(m)]
				if !ok {
					xs = nil
					break
				}
				xs = append(xs, [2]float64{p.V1, p.V2}[v])
			}
			if xs == nil {
				d = math.NaN()
				break
			}
			mean := 0.0
			for _, x := range xs {
				mean += x / float64(len(xs))
			}
			ss := 0.0
			for _, x := range xs {
				ss += (x - mean) * (x - mean)
			}
			d = math.Max(d, math.Sqrt(ss/float64(len(xs))))
		}
		out[rec.Key.String()] = d
	}
	return out
}

func TestTable2Samples(t *testing.T) {
	run, rec := table2Run(t, 150)
	all := pipeline.ModelIDs()
	openai := pipeline.OpenAIModels.Models
	dAll, dOAI := popStdFromFile(t, run.Config.Out, all), popStdFromFile(t, run.Config.Out, openai)
	wantPool := map[string]int{Table2Random: 450}
	for k := range dAll {
		if dAll[k] >= 1.5 {
			wantPool[Table2HighDisAll]++
		}
		if dOAI[k] >= 1.5 {
			wantPool[Table2HighDisSet]++
		}
	}
	if wantPool[Table2HighDisAll] < 4 || wantPool[Table2HighDisSet] < 2 {
		t.Fatalf("the simulated run has too few high-disagreement scenarios: %v", wantPool)
	}
	opts := Table2Options{Sizes: [3]int{30, 3, 1000}, Seed: 9, MinStd: 1.5}
	smp, err := run.SampleTable2(opts)
	if err != nil {
		t.Fatal(err)
	}
	sizes := map[string]int{}
	for i, c := range smp.Columns {
		if c.Pool != wantPool[c.Name] {
			t.Errorf("%s pool %d, want %d", c.Name, c.Pool, wantPool[c.Name])
		}
		sizes[c.Name] = len(c.Keys)
		seen := map[string]bool{}
		for _, k := range c.Keys {
			if seen[k.String()] {
				t.Errorf("%s drew %s twice", c.Name, k)
			}
			seen[k.String()] = true
			switch c.Name {
			case Table2HighDisAll:
				if !(dAll[k.String()] >= 1.5) {
					t.Errorf("%s: %s has D %v over all models", c.Name, k, dAll[k.String()])
				}
			case Table2HighDisSet:
				if !(dOAI[k.String()] >= 1.5) {
					t.Errorf("%s: %s has D %v over the OpenAI models", c.Name, k, dOAI[k.String()])
				}
			}
		}
		if want := min(opts.Sizes[i], wantPool[c.Name]); len(c.Keys) != want {
			t.Errorf("%s drew %d, want %d", c.Name, len(c.Keys), want)
		}
	}

	// The same options give the file back; others are refused.
	again, err := run.SampleTable2(opts)
	if err != nil || !equalKeys(again.Columns[0].Keys, smp.Columns[0].Keys) {
		t.Fatalf("reload: %v", err)
	}
	other := opts
	other.Seed = 10
	if _, err := run.SampleTable2(other); err == nil || !strings.Contains(err.Error(), "table2_sample.json") {
		t.Errorf("other options: err = %v", err)
	}
	// Another seed draws another random sample of the same size.
	os.Rename(run.table2SamplePath(), run.table2SamplePath()+".1")
	s10, err := run.SampleTable2(other)
	if err != nil {
		t.Fatal(err)
	}
	if equalKeys(s10.Columns[0].Keys, smp.Columns[0].Keys) || len(s10.Columns[0].Keys) != 30 {
		t.Error("seed 10 drew the same random sample as seed 9")
	}
	os.Rename(run.table2SamplePath()+".1", run.table2SamplePath())

	// Judging: each distinct sampled scenario's five OpenAI responses, by each judge.
	rec.reqs = nil
	res, err := run.Stages(t.Context(), StageTable2)
	if err != nil {
		t.Fatal(err)
	}
	distinct := map[string]bool{}
	for _, c := range smp.Columns {
		for _, k := range c.Keys {
			distinct[k.String()] = true
		}
	}
	if want := len(distinct) * 5 * 3; res[0].Items != want || res[0].Done != want || len(rec.reqs) != want {
		t.Errorf("judged %+v with %d calls, want %d items", res[0], len(rec.reqs), want)
	}
	judgedModels := map[string]bool{}
	for _, q := range rec.reqs {
		judgedModels[q.Meta["model"]] = true
	}
	if len(judgedModels) != 5 {
		t.Errorf("judged models %v", judgedModels)
	}

	f, err := run.WriteTable2("")
	if err != nil {
		t.Fatal(err)
	}
	back, err := ReadTable2(run.Config.Out)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Rows) != len(f.Rows) || len(f.Rows) != 5*(sizes[Table2Random]+sizes[Table2HighDisAll]+sizes[Table2HighDisSet]) {
		t.Errorf("table2.json rows %d/%d, sizes %v", len(back.Rows), len(f.Rows), sizes)
	}
	j := back.Judgments()
	for r := 0; r < j.Rows; r++ {
		for k := range j.Decisions {
			if j.Decisions[k][r] == pipeline.Missing {
				t.Fatalf("row %d judge %s: no decision", r, j.Judges[k])
			}
		}
	}
}

func equalKeys(a, b []pipeline.ScenarioKey) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Without a drawn sample the stage refuses; a table2.json with a
// decision nobody knows is refused by row and judge.
func TestTable2Refusals(t *testing.T) {
	run, _ := table2Run(t, 2)
	if _, err := run.Stages(t.Context(), StageTable2); err == nil || !strings.Contains(err.Error(), "no sample drawn") {
		t.Errorf("err = %v", err)
	}
	if _, err := run.SampleTable2(Table2Options{Sizes: [3]int{0, 1, 1}, MinStd: 1.5}); err == nil {
		t.Error("size 0 accepted")
	}
	empty, err := Open(Config{Out: t.TempDir(), Generators: run.Config.Generators, Respondents: run.Config.Respondents,
		Spectrum: run.Config.Spectrum, Classifier: run.Config.Classifier, Tagger: run.Config.Tagger}, &recordingClient{})
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Close()
	if _, err := empty.SampleTable2(DefaultTable2Options(1)); err == nil || !strings.Contains(err.Error(), "run respond") {
		t.Errorf("no responses: err = %v", err)
	}
	path := filepath.Join(t.TempDir(), "table2.json")
	os.WriteFile(path, []byte(`{"judged":["o3"],"judges":["a"],"columns":[{"name":"random","pool":1,"n":1}],
	  "rows":[{"column":"random","key":{"Chunk":1,"Entry":2,"Nudge":"neutral"},"model":"o3","decisions":{"a":"maybe"}}]}`), 0o644)
	if _, err := ReadTable2(path); err == nil || !strings.Contains(err.Error(), "row 0") || !strings.Contains(err.Error(), "judge a") {
		t.Errorf("err = %v", err)
	}
}
