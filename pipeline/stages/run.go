package stages

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/specstress/specstress/pipeline"
	"github.com/specstress/specstress/pipeline/embed"
	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/taxonomy"
)

// Failure is a work item given up on: recorded, never fatal to the run.
// A re-run tries failed items again.
type Failure struct {
	Stage string `json:"stage"`
	Item  string `json:"item"`
	Error string `json:"error"`
	Time  string `json:"time"`
}

// Run is a run directory with its journals, a client and a configuration.
// Build it with Open; call the stage methods in order (each reads the
// journals of the stages before it) or Stages.
type Run struct {
	Config   Config
	Client   llm.Client
	Progress llm.Progress         // nil: no progress
	Stats    func() llm.Stats     // the stack's counters, shown with progress; may be nil
	Embedder embed.Embedder       // nil: the offline hashed embedder
	Log      func(string, ...any) // nil: silent

	tax       *taxonomy.Taxonomy
	pairs     *Journal[PairRec]
	scenarios *Journal[ScenarioRec]
	spectra   *Journal[SpectraRec]
	responses *Journal[ResponseRec]
	placed    *Journal[PlacementRec]
	topics    *Journal[TopicsRec]
	types     *Journal[TypesRec]
	values    *Journal[ValuesRec]
	judged    *Journal[JudgeRec]
	failures  *Journal[Failure]
	failSeq   atomic.Int64
	lock      *dirLock
	warnings  []string
}

// Open creates (or reopens) the run directory cfg.Out and its journals.
// The directory is owned by one process at a time: while this Run is open
// an Open of the same directory by another process fails with *LockedError
// naming this process. (Opens within one process share the hold, so a
// notebook can re-run its setup cell.) Close gives it up.
func Open(cfg Config, client llm.Client) (*Run, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return nil, fmt.Errorf("run %s: %w", cfg.Out, err)
	}
	tax, err := taxonomy.Load(cfg.Taxonomy)
	if err != nil {
		return nil, err
	}
	lock, err := lockDir(cfg.Out)
	if err != nil {
		return nil, err
	}
	r := &Run{Config: cfg, Client: client, tax: tax, lock: lock}
	p := func(name string) string { return filepath.Join(cfg.Out, name) }
	var errs []error
	open := func(err error) { errs = append(errs, err) }
	r.pairs, err = OpenJournal(p("pairs.jsonl"), func(x PairRec) string { return pairID(x.Key) })
	open(err)
	r.scenarios, err = OpenJournal(p("scenarios.jsonl"), func(x ScenarioRec) string { return x.Key.String() })
	open(err)
	r.spectra, err = OpenJournal(p("spectra.jsonl"), func(x SpectraRec) string { return pairID(x.Pair) })
	open(err)
	r.responses, err = OpenJournal(p("responses.jsonl"), func(x ResponseRec) string { return itemID(x.Key, x.Model) })
	open(err)
	r.placed, err = OpenJournal(p("classifications.jsonl"), func(x PlacementRec) string { return x.Key.String() })
	open(err)
	r.topics, err = OpenJournal(p("topics.jsonl"), func(x TopicsRec) string { return x.Key.String() })
	open(err)
	r.types, err = OpenJournal(p("response_types.jsonl"), func(x TypesRec) string { return x.Key.String() })
	open(err)
	r.values, err = OpenJournal(p("values.jsonl"), func(x ValuesRec) string { return x.Key.String() })
	open(err)
	r.judged, err = OpenJournal(p("judgments.jsonl"), func(x JudgeRec) string { return itemID(x.Key, x.Model) + "|" + x.Judge })
	open(err)
	r.failures, err = OpenJournal(p("failures.jsonl"), func(x Failure) string { return x.Time + x.Stage + x.Item })
	open(err)
	if err := errors.Join(errs...); err != nil {
		r.Close()
		return nil, err
	}
	for _, w := range []string{r.pairs.Recovered(), r.scenarios.Recovered(), r.spectra.Recovered(), r.responses.Recovered(),
		r.placed.Recovered(), r.topics.Recovered(), r.types.Recovered(), r.values.Recovered(), r.judged.Recovered(), r.failures.Recovered()} {
		if w != "" {
			r.warnings = append(r.warnings, w)
		}
	}
	return r, nil
}

// Warnings returns what opening the run repaired (torn journal lines cut
// off) and, when the stand-in taxonomy is in use, the warning saying how
// to use the real one: callers show them to the user.
func (r *Run) Warnings() []string {
	ws := append([]string(nil), r.warnings...)
	if w := r.TaxonomyWarning(); w != "" {
		ws = append(ws, w)
	}
	return ws
}

// Close closes the journals and gives the run directory up.
func (r *Run) Close() error {
	err := errors.Join(closeJ(r.pairs), closeJ(r.scenarios), closeJ(r.spectra), closeJ(r.responses),
		closeJ(r.placed), closeJ(r.topics), closeJ(r.types), closeJ(r.values), closeJ(r.judged), closeJ(r.failures))
	return errors.Join(err, r.lock.release())
}

func closeJ[T any](j *Journal[T]) error {
	if j == nil {
		return nil
	}
	return j.Close()
}

// Taxonomy returns the run's value taxonomy.
func (r *Run) Taxonomy() *taxonomy.Taxonomy { return r.tax }

// Failures returns the failures recorded so far (across restarts).
func (r *Run) Failures() []Failure { return r.failures.All() }

// OpenFailures returns the latest failure of each item that still has no
// result: what a re-run would try again.
func (r *Run) OpenFailures() []Failure {
	done := func(f Failure) bool {
		switch f.Stage {
		case StageScenarios:
			for _, n := range pipeline.Nudges() {
				if !r.scenarios.Has(f.Item + "/" + string(n)) {
					return false
				}
			}
			return true
		case StageSpectra:
			return r.spectra.Has(f.Item)
		case StageResponses:
			return r.responses.Has(f.Item)
		case StageClassify, StageResponseTypes, StageValues:
			s, ok := r.scenarios.Get(f.Item)
			if !ok {
				return false
			}
			ids := r.responders(s)
			switch f.Stage {
			case StageClassify:
				return len(ids) > 0 && r.placedCovers(f.Item, ids)
			case StageResponseTypes:
				return len(ids) > 0 && r.typesCover(f.Item, ids)
			}
			return len(ids) > 0 && r.valuesCover(f.Item, ids)
		case StageTopics:
			return r.topics.Has(f.Item)
		case StageJudge:
			return r.judged.Has(f.Item)
		}
		return false
	}
	latest := map[string]Failure{}
	var order []string
	for _, f := range r.failures.All() {
		k := f.Stage + "|" + f.Item
		if _, seen := latest[k]; !seen {
			order = append(order, k)
		}
		latest[k] = f
	}
	var out []Failure
	for _, k := range order {
		if f := latest[k]; !done(f) {
			out = append(out, f)
		}
	}
	return out
}

func (r *Run) logf(format string, args ...any) {
	if r.Log != nil {
		r.Log(format, args...)
	}
}

func (r *Run) fail(stage, item string, err error) {
	f := Failure{Stage: stage, Item: item, Error: err.Error(),
		Time: fmt.Sprintf("%s.%d", time.Now().UTC().Format(time.RFC3339Nano), r.failSeq.Add(1))}
	if jerr := r.failures.Append(f.Time+f.Stage+f.Item, f); jerr != nil {
		r.logf("stages: %v", jerr)
	}
	r.logf("stages: %s %s: %v", stage, item, err)
}

// StageResult counts a stage's work items.
type StageResult struct {
	Stage   string
	Items   int // work items the stage had
	Skipped int // already journaled before this run
	Done    int // finished now
	Failed  int // recorded as failures now
	// Warnings say what makes the results other than the paper's (the
	// stand-in taxonomy); String shows them.
	Warnings []string
}

// String is the one-line summary the CLI prints.
func (s StageResult) String() string {
	out := fmt.Sprintf("%s: %d items, %d already done, %d done now, %d failed", s.Stage, s.Items, s.Skipped, s.Done, s.Failed)
	for _, w := range s.Warnings {
		out += "\n  WARNING: " + w
	}
	return out
}

// each runs fn over n items with the configured concurrency. done(i)
// reports items already journaled; fn's error marks the item failed (it
// is recorded and the stage goes on). Only the caller's cancellation
// stops a stage early.
func (r *Run) each(ctx context.Context, stage string, n int, name func(i int) string, done func(i int) bool,
	fn func(ctx context.Context, i int) error) (StageResult, error) {
	res := StageResult{Stage: stage, Items: n}
	if err := r.Config.Check(stage); err != nil {
		return res, err
	}
	var todo []int
	for i := 0; i < n; i++ {
		if done(i) {
			res.Skipped++
		} else {
			todo = append(todo, i)
		}
	}
	var finished, failed atomic.Int64
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	report := func() {
		if r.Progress == nil {
			return
		}
		st := llm.Stats{}
		if r.Stats != nil {
			st = r.Stats()
		}
		r.Progress.Report(llm.ProgressState{Label: stage, Done: res.Skipped + int(finished.Load()), Total: n, Stats: st})
	}
	report()
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(r.Config.concurrency(), max(1, len(todo))); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				if err := fn(ctx, i); err != nil {
					if llm.Fatal(err) {
						stop(err) // every item would fail alike: stop the stage
						continue
					}
					if ctx.Err() != nil || errors.Is(err, llm.ErrDeferred) {
						continue // cancelled or set aside for a batch: not a failure
					}
					failed.Add(1)
					r.fail(stage, name(i), err)
				}
				finished.Add(1)
				report()
			}
		}()
	}
feed:
	for _, i := range todo {
		select {
		case work <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	res.Failed = int(failed.Load())
	res.Done = int(finished.Load()) - res.Failed
	if ctx.Err() != nil {
		return res, context.Cause(ctx)
	}
	return res, nil
}

// ask makes a call and parses the answer; an invalid answer is asked again
// (as a new sample, so the cache does not hand back the same bad answer)
// up to the configured number of times.
func (r *Run) ask(ctx context.Context, req *llm.Request, parse func(resp *llm.Response) error) error {
	var last error
	for k := 0; k <= r.Config.invalidRetries(); k++ {
		req.Sample = k
		resp, err := r.Client.Complete(ctx, req)
		if err != nil {
			return err // including llm.ErrDeferred: a batch will answer this very sample
		}
		if last = parse(resp); last == nil {
			return nil
		}
		if !isInvalid(last) {
			return last
		}
	}
	return fmt.Errorf("after %d tries: %w", r.Config.invalidRetries()+1, last)
}

func pairID(k pipeline.PairKey) string { return fmt.Sprintf("%d/%d", k.Chunk, k.Entry) }

func itemID(k pipeline.ScenarioKey, m pipeline.ModelID) string { return k.String() + "|" + string(m) }

// Stage names, in pipeline order.
const (
	StagePairs         = "pairs"
	StageScenarios     = "scenarios"
	StageSpectra       = "spectra"
	StageResponses     = "responses"
	StageClassify      = "classify"
	StageTopics        = "topics"
	StageResponseTypes = "response_types"
	StageValues        = "values"
	StageJudge         = "judge"
)

// AllStages lists every stage in order.
func AllStages() []string {
	return []string{StagePairs, StageScenarios, StageSpectra, StageResponses, StageClassify,
		StageTopics, StageResponseTypes, StageValues, StageJudge}
}

// Stages runs the named stages in order and returns their results. It
// refuses to start when a stage needs a role the configuration leaves out
// (Config.Check), and stops at the first error that is not an item
// failure (cancellation, an unreadable spec file).
func (r *Run) Stages(ctx context.Context, names ...string) ([]StageResult, error) {
	var out []StageResult
	if err := r.Config.Check(names...); err != nil {
		return nil, err
	}
	for _, n := range names {
		var res StageResult
		var err error
		switch n {
		case StagePairs:
			res, err = r.Pairs()
		case StageScenarios:
			res, err = r.Scenarios(ctx)
		case StageSpectra:
			res, err = r.Spectra(ctx)
		case StageResponses:
			res, err = r.Responses(ctx)
		case StageClassify:
			res, err = r.Classify(ctx)
		case StageTopics:
			res, err = r.Topics(ctx)
		case StageResponseTypes:
			res, err = r.ResponseTypes(ctx)
		case StageValues:
			res, err = r.Values(ctx)
		case StageJudge:
			res, err = r.Judge(ctx)
		case StageTable2:
			res, err = r.JudgeTable2(ctx)
		default:
			return out, fmt.Errorf("unknown stage %q (stages: %v)", n, AllStages())
		}
		out = append(out, res)
		if err != nil {
			return out, fmt.Errorf("stage %s: %w", n, err)
		}
	}
	return out, nil
}
