package stages

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/specstress/specstress/pipeline/llm"
)

// maxBatchRounds bounds the submit-ingest rounds of one stage: the
// scenarios stage needs two (rewrites depend on the neutral query) and
// each re-ask of an invalid answer one more.
const maxBatchRounds = 6

// Batched runs stages through the providers' batch APIs at half price:
// for each stage it collects the requests the cache cannot answer,
// submits them as batches (journaled in batches.jsonl), polls every
// interval, ingests the answers into the cache, and repeats until the
// stage asks for nothing new; then it runs the stage normally, which now
// reads everything from the cache. Providers without a batch API are
// called directly. A killed run resumes its pending batches first.
func (r *Run) Batched(ctx context.Context, stack *llm.Stack, interval time.Duration, names ...string) ([]StageResult, error) {
	jobs, err := OpenJournal(filepath.Join(r.Config.Out, "batches.jsonl"), func(j llm.BatchJob) string { return j.ID })
	if err != nil {
		return nil, err
	}
	defer jobs.Close()
	save := func(j *llm.BatchJob) {
		if err := jobs.Append(j.ID, *j); err != nil {
			r.logf("stages: %v", err)
		}
	}
	for _, j := range jobs.All() { // batches of an earlier, interrupted run
		if j.Ingested {
			continue
		}
		if err := r.finishBatch(ctx, stack, &j, nil, interval, save); err != nil {
			return nil, err
		}
	}
	client := r.Client
	defer func() { r.Client = client }()
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
			index := map[string]*llm.Request{}
			byProv := map[string][]*llm.Request{}
			var provs []string
			for _, q := range reqs {
				index[q.Key()] = q
				p, _, _ := llm.ParseModel(q.Model)
				if byProv[p] == nil {
					provs = append(provs, p)
				}
				byProv[p] = append(byProv[p], q)
			}
			for _, p := range provs {
				job, err := stack.SubmitBatch(ctx, byProv[p])
				if err != nil {
					return out, fmt.Errorf("stage %s: %w", name, err)
				}
				save(job)
				if err := r.finishBatch(ctx, stack, job, index, interval, save); err != nil {
					return out, err
				}
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

func (r *Run) finishBatch(ctx context.Context, stack *llm.Stack, job *llm.BatchJob, index map[string]*llm.Request,
	interval time.Duration, save func(*llm.BatchJob)) error {
	if err := stack.WaitBatch(ctx, job, interval, nil); err != nil {
		return err
	}
	stored, failed, err := stack.IngestBatch(ctx, job, index)
	if err != nil {
		return err
	}
	job.Ingested = true
	save(job)
	r.logf("stages: batch %s %s: %s, %d answers stored, %d failed", job.Provider, job.ID, job.State, stored, failed)
	return nil
}
