package stages

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/specstress/specstress/pipeline/llm"
)

// maxBatchRounds bounds the submit-ingest rounds of one stage: the
// scenarios stage needs two (rewrites depend on the neutral query) and
// each re-ask of an invalid answer one more.
const maxBatchRounds = 6

// Batched runs stages through the providers' batch APIs at half price:
// for each stage it collects the requests the cache cannot answer,
// submits them as batches (one per model), polls every interval, ingests
// the answers into the cache, and repeats until the stage asks for
// nothing new; then it runs the stage normally, which now reads
// everything from the cache. Providers without a batch API are called
// directly.
//
// Money and restarts: each batch reserves its estimated cost in the
// stack's budget before it is submitted, and is cut to what the budget
// holds; when nothing more fits, the answers already paid are journaled
// and Batched returns an error wrapping llm.ErrCostLimit. Every batch is
// journaled in batches.jsonl as an intent before it is submitted, so a run
// killed while creating one finds it at the provider on restart instead of
// paying for it twice; pending batches of a killed run are resumed first,
// with their reservations. In replay mode nothing is batched or polled:
// the stages answer from the cache and a miss fails its item.
func (r *Run) Batched(ctx context.Context, stack *llm.Stack, interval time.Duration, names ...string) ([]StageResult, error) {
	client := r.Client
	defer func() { r.Client = client }()
	jobs, err := OpenJournal(filepath.Join(r.Config.Out, "batches.jsonl"), func(j llm.BatchJob) string { return j.JournalKey() })
	if err != nil {
		return nil, err
	}
	defer jobs.Close()
	if r.Config.Replay {
		n := 0
		for _, j := range jobs.All() {
			if j.Pending() {
				n++
			}
		}
		if n > 0 {
			r.logf("stages: replay: %d batches of an earlier run left unpolled (replay makes no network call)", n)
		}
		r.Client = stack
		return r.Stages(ctx, names...)
	}
	b := &batchRun{r: r, stack: stack, jobs: jobs, interval: interval, claimed: map[string]bool{}}
	if err := b.resume(ctx); err != nil {
		return nil, err
	}
	var out []StageResult
	for _, name := range names {
		for round := 0; round < maxBatchRounds; round++ {
			col := &llm.Collector{Stack: stack}
			r.Client = col
			if _, err := r.Stages(ctx, name); err != nil {
				return out, err
			}
			reqs := col.Requests()
			if len(reqs) == 0 {
				break
			}
			r.logf("stages: %s: batch round %d: %d requests", name, round+1, len(reqs))
			if err := b.submit(ctx, reqs); err != nil {
				if !errors.Is(err, llm.ErrCostLimit) {
					return out, fmt.Errorf("stage %s: %w", name, err)
				}
				// Journal what the batches paid for; the rest stays deferred.
				r.Client = &llm.Collector{Stack: stack}
				res, serr := r.Stages(ctx, name)
				out = append(out, res...)
				return out, errors.Join(fmt.Errorf("stage %s: %w", name, err), serr)
			}
		}
		r.Client = stack
		res, err := r.Stages(ctx, name)
		out = append(out, res...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// batchRun is the state of one Batched call: the journal of batch jobs
// and the provider ids they have claimed.
type batchRun struct {
	r        *Run
	stack    *llm.Stack
	jobs     *Journal[llm.BatchJob]
	interval time.Duration
	claimed  map[string]bool
}

func (b *batchRun) save(j *llm.BatchJob) {
	if j.ID != "" {
		b.claimed[j.ID] = true
	}
	if err := b.jobs.Append(j.JournalKey(), *j); err != nil {
		b.r.logf("stages: %v", err)
	}
}

// resume takes up the pending batches of an earlier, interrupted run:
// their reservations go back into the budget first (the money is
// committed at the provider), intents whose creation was never confirmed
// are looked up at the provider, and every batch that exists is finished.
func (b *batchRun) resume(ctx context.Context) error {
	var pending []llm.BatchJob
	for _, j := range b.jobs.All() {
		if j.ID != "" {
			b.claimed[j.ID] = true
		}
		if j.Pending() {
			b.stack.HoldBatch(&j)
			pending = append(pending, j)
		}
	}
	for i := range pending {
		j := &pending[i]
		if j.ID == "" {
			adopted, err := b.stack.ResolveBatch(ctx, j, b.claimed)
			if err != nil {
				return err
			}
			b.save(j)
			if !adopted {
				continue // abandoned: its requests are collected again
			}
		}
		if err := b.finish(ctx, j, nil); err != nil {
			return err
		}
	}
	return nil
}

// submit sends the deferred requests, one batch per model, each as large
// as the budget holds, and finishes every batch. It stops with an error
// wrapping llm.ErrCostLimit when the budget holds no more.
func (b *batchRun) submit(ctx context.Context, reqs []*llm.Request) error {
	index := map[string]*llm.Request{}
	byModel := map[string][]*llm.Request{}
	var models []string
	for _, q := range reqs {
		index[q.Key()] = q
		if byModel[q.Model] == nil {
			models = append(models, q.Model)
		}
		byModel[q.Model] = append(byModel[q.Model], q)
	}
	for _, m := range models {
		for rs := byModel[m]; len(rs) > 0; {
			job, err := b.stack.PlanBatch(rs)
			if err != nil {
				return err
			}
			b.save(job) // the intent, before the provider hears of it
			if err := b.stack.StartBatch(ctx, job, rs); err != nil {
				return err
			}
			b.save(job)
			if err := b.finish(ctx, job, index); err != nil {
				return err
			}
			rs = rs[len(job.Keys):]
		}
	}
	return nil
}

func (b *batchRun) finish(ctx context.Context, job *llm.BatchJob, index map[string]*llm.Request) error {
	if err := b.stack.WaitBatch(ctx, job, b.interval, nil); err != nil {
		return err
	}
	stored, failed, err := b.stack.IngestBatch(ctx, job, index)
	if err != nil {
		return err
	}
	job.Ingested = true
	b.save(job)
	b.r.logf("stages: batch %s %s (%s): %s, %d answers stored, %d failed, $%.4f", job.Provider, job.ID, job.Model, job.State, stored, failed, job.Cost)
	return nil
}

// itemErrors is the error of a work item made of several calls (a pair's
// two rewrites): the item is deferred only when every failed call was
// deferred to a batch; otherwise the real errors are the item's failure
// (a deferral among them is no failure and is left out).
func itemErrors(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	var real []error
	for _, e := range errs {
		if !errors.Is(e, llm.ErrDeferred) {
			real = append(real, e)
		}
	}
	if len(real) == 0 {
		return errs[0]
	}
	return joinedErr(real)
}

// joinedErr joins errors with "; " and unwraps to all of them, so
// llm.Fatal and errors.Is see each one.
type joinedErr []error

func (e joinedErr) Error() string {
	s := make([]string, len(e))
	for i, x := range e {
		s[i] = x.Error()
	}
	return strings.Join(s, "; ")
}

func (e joinedErr) Unwrap() []error { return e }
