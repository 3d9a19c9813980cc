package llm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// BatchDiscount is the price factor of provider batch APIs (half price).
const BatchDiscount = 0.5

// ErrNoBatch is returned for providers without a batch API (the sim
// backend, most compatible servers): make the calls directly instead.
var ErrNoBatch = errors.New("provider has no batch API")

// MaxBatchRequests caps the requests of one batch (OpenAI takes 50,000
// per file, Anthropic 100,000 per batch); larger sets are split.
const MaxBatchRequests = 50_000

// BatchTagKey is the metadata key that marks our batches with their tag.
const BatchTagKey = "specstress_tag"

// BatchJob is one provider batch, from the intent to submit it to its
// ingestion. It is plain data, so a run can journal it (before the
// provider knows of it, then after each step) and poll, adopt or ingest
// it after a restart.
type BatchJob struct {
	Provider string `json:"provider"`
	// Model is the provider:model of every request: the price of the
	// answers, also after a restart that lost the requests.
	Model string `json:"model,omitempty"`
	// Tag names the batch before the provider's id exists; it is sent as
	// metadata where the API takes it, so a restarted run finds a batch
	// whose creation it never heard back from.
	Tag     string    `json:"tag,omitempty"`
	Created time.Time `json:"created,omitzero"` // when the intent was recorded
	ID      string    `json:"id"`               // the provider's id; empty until created
	Keys    []string  `json:"keys"`             // cache keys of the requests (their custom ids)
	// Reserved is the estimated cost held in the budget until ingestion.
	Reserved float64 `json:"reserved,omitempty"`
	Cost     float64 `json:"cost,omitempty"` // true cost of the ingested answers
	State    string  `json:"state"`          // the provider's last reported status
	Done     bool    `json:"done"`
	Ingested bool    `json:"ingested"` // set by the caller once IngestBatch succeeded
	// Abandoned marks an intent that never became a batch: its money is
	// released and its requests go into a new batch.
	Abandoned bool `json:"abandoned,omitempty"`
}

// JournalKey identifies the job in a journal across its life: the tag
// (set from the intent on) or, for jobs of older runs, the provider's id.
func (j BatchJob) JournalKey() string {
	if j.Tag != "" {
		return j.Tag
	}
	return j.ID
}

// Pending reports whether the job still holds money and work: not
// ingested and not abandoned.
func (j BatchJob) Pending() bool { return !j.Ingested && !j.Abandoned }

// Batcher is implemented by backends with a provider batch API.
type Batcher interface {
	// Submit sends reqs (the job's requests, in the order of job.Keys,
	// which are their custom ids) as one batch and returns its id.
	Submit(ctx context.Context, job *BatchJob, reqs []*Request) (string, error)
	// Find looks for a batch of job's created by an earlier run whose
	// answer was lost, among those created since job.Created less
	// BatchFindWindow; claimed holds ids already journaled for other
	// jobs. An empty id means there is none.
	Find(ctx context.Context, job *BatchJob, claimed map[string]bool) (string, error)
	// Poll reports the batch's state and whether it has ended.
	Poll(ctx context.Context, id string) (state string, done bool, err error)
	// Results calls fn with each answer of an ended batch, keyed by
	// custom id; err is a request that failed inside the batch.
	Results(ctx context.Context, id string, fn func(key string, resp *Response, err error)) error
}

// BatchFindWindow is how far before a job's intent Batcher.Find looks:
// the provider's clock and ours may differ.
const BatchFindWindow = 30 * time.Minute

// noNetwork refuses every batch operation in replay mode: replay
// means no network at all.
func (s *Stack) noNetwork() error {
	if s.opts.CacheMode == Replay {
		return fmt.Errorf("%w: replay mode makes no batch and polls none", ErrReplayMiss)
	}
	return nil
}

// PlanBatch records the intent to submit requests (all of one model) as a
// batch: it reserves their estimated cost at the batch price and returns
// the job, to be journaled before StartBatch sends it. When the budget
// cannot hold all of them, the job covers the longest prefix it can hold
// (at most MaxBatchRequests): its len(Keys) says how many. With room for
// none it fails with ErrCostLimit; in replay mode with ErrReplayMiss.
func (s *Stack) PlanBatch(reqs []*Request) (*BatchJob, error) {
	if err := s.noNetwork(); err != nil {
		return nil, err
	}
	if len(reqs) == 0 {
		return nil, errors.New("batch: no requests")
	}
	model := reqs[0].Model
	prov, _, err := ParseModel(model)
	if err != nil {
		return nil, err
	}
	for _, r := range reqs {
		if r.Model != model {
			return nil, fmt.Errorf("batch: mixes models %s and %s (one model per batch)", model, r.Model)
		}
	}
	if _, err := s.batcher(prov); err != nil {
		return nil, err
	}
	if err := s.checkPrice(model); err != nil {
		return nil, err
	}
	var est float64
	var keys []string
	h := sha256.New()
	for _, r := range reqs[:min(len(reqs), MaxBatchRequests)] {
		e := s.Estimate(r) * BatchDiscount
		if err := s.budget.ReserveBatch(e); err != nil {
			if len(keys) == 0 {
				return nil, fmt.Errorf("batch %s: %w", model, err)
			}
			break
		}
		est += e
		keys = append(keys, r.Key())
		h.Write([]byte(keys[len(keys)-1]))
	}
	// Reserve took each request's share; the job holds them as one sum.
	now := time.Now().UTC()
	fmt.Fprint(h, now.UnixNano())
	return &BatchJob{Provider: prov, Model: model, Tag: "sst-" + hex.EncodeToString(h.Sum(nil))[:24], Created: now,
		Keys: keys, Reserved: est, State: "planned"}, nil
}

// StartBatch submits a planned job; reqs are its requests (extra ones
// beyond len(job.Keys) are ignored). On success job.ID is set. On an
// error the batch may or may not exist at the provider: keep the job
// journaled and let ResolveBatch find out after a restart.
func (s *Stack) StartBatch(ctx context.Context, job *BatchJob, reqs []*Request) error {
	if err := s.noNetwork(); err != nil {
		return err
	}
	if len(reqs) < len(job.Keys) {
		return fmt.Errorf("batch %s: %d requests for %d keys", job.Tag, len(reqs), len(job.Keys))
	}
	reqs = reqs[:len(job.Keys)]
	for i, r := range reqs {
		if r.Key() != job.Keys[i] {
			return fmt.Errorf("batch %s: request %d is not the planned one", job.Tag, i)
		}
	}
	bt, err := s.batcher(job.Provider)
	if err != nil {
		return err
	}
	id, err := bt.Submit(ctx, job, reqs)
	if err != nil {
		return fmt.Errorf("batch %s: submit %d requests: %w", job.Provider, len(reqs), err)
	}
	job.ID, job.State = id, "submitted"
	return nil
}

// SubmitBatch plans and starts a batch of requests of one model in one
// step, failing with ErrCostLimit unless the budget holds all of them.
// Requests the cache already answers should be left out by the caller.
func (s *Stack) SubmitBatch(ctx context.Context, reqs []*Request) (*BatchJob, error) {
	job, err := s.PlanBatch(reqs)
	if err != nil {
		return nil, err
	}
	if len(job.Keys) < len(reqs) {
		s.AbandonBatch(job)
		return nil, fmt.Errorf("batch %s: %w: the budget holds %d of %d requests", job.Model, ErrCostLimit, len(job.Keys), len(reqs))
	}
	if err := s.StartBatch(ctx, job, reqs); err != nil {
		return job, err
	}
	return job, nil
}

// HoldBatch puts a journaled, still pending job's reservation back into
// the budget of a new process: its money is committed at the provider.
func (s *Stack) HoldBatch(job *BatchJob) {
	if job.Pending() {
		s.budget.Hold(job.Reserved)
	}
}

// AbandonBatch gives up a job that never became a batch: its reservation
// is released and its requests are free to go into a new one.
func (s *Stack) AbandonBatch(job *BatchJob) {
	if job.Pending() {
		s.budget.SettleBatch(job.Reserved, 0)
	}
	job.Abandoned, job.Reserved, job.State = true, 0, "abandoned"
}

// ResolveBatch settles a journaled intent whose creation was never
// confirmed (a run killed while submitting): it looks for the batch at the
// provider (by its tag in the metadata for OpenAI; for Anthropic, whose
// batches carry no metadata, by creation time and request count among
// batches not claimed by other jobs) and adopts it, or abandons the intent
// when the provider has no such batch. It reports whether it adopted one.
func (s *Stack) ResolveBatch(ctx context.Context, job *BatchJob, claimed map[string]bool) (bool, error) {
	if job.ID != "" || !job.Pending() {
		return job.ID != "", nil
	}
	if err := s.noNetwork(); err != nil {
		return false, err
	}
	bt, err := s.batcher(job.Provider)
	if err != nil {
		return false, err
	}
	id, err := bt.Find(ctx, job, claimed)
	if err != nil {
		return false, fmt.Errorf("batch %s %s: look up: %w", job.Provider, job.Tag, err)
	}
	if id == "" {
		s.AbandonBatch(job)
		s.logf("llm: batch %s was never created; its %d requests will be submitted again", job.Tag, len(job.Keys))
		return false, nil
	}
	job.ID, job.State = id, "adopted"
	s.logf("llm: batch %s found at %s as %s (created before a restart)", job.Tag, job.Provider, id)
	return true, nil
}

func (s *Stack) batcher(prov string) (Batcher, error) {
	if !s.provs[prov].Batch {
		return nil, fmt.Errorf("%s: %w", prov, ErrNoBatch)
	}
	b, _, err := s.backend(prov)
	if err != nil {
		return nil, err
	}
	bt, ok := b.(Batcher)
	if !ok {
		return nil, fmt.Errorf("%s: %w", prov, ErrNoBatch)
	}
	return bt, nil
}

// PollBatch refreshes the job's state and reports whether it has ended.
func (s *Stack) PollBatch(ctx context.Context, job *BatchJob) (bool, error) {
	if err := s.noNetwork(); err != nil {
		return false, err
	}
	if job.ID == "" {
		return false, fmt.Errorf("batch %s: not created yet (resolve it first)", job.Tag)
	}
	bt, err := s.batcher(job.Provider)
	if err != nil {
		return false, err
	}
	state, done, err := bt.Poll(ctx, job.ID)
	if err != nil {
		return false, fmt.Errorf("batch %s %s: poll: %w", job.Provider, job.ID, err)
	}
	job.State, job.Done = state, done
	return done, nil
}

// IngestBatch records an ended batch's answers in the cache at the batch
// price of job.Model, so the stage that asked for them finds them there,
// and settles the job's reservation with their true cost. requests maps a
// key to its request, for the cache row; it may miss entries after a
// restart (the key, the batch's custom id, is what matters). It returns
// the answers stored and the requests that failed inside the batch (they
// are simply asked again by the next normal run). Answers cut off at
// max_tokens are stored (they are paid) and counted as wasted; the Stack
// reports them as *TruncatedError when the stage asks.
func (s *Stack) IngestBatch(ctx context.Context, job *BatchJob, requests map[string]*Request) (stored, failed int, err error) {
	if err := s.noNetwork(); err != nil {
		return 0, 0, err
	}
	if s.opts.Cache == nil {
		return 0, 0, errors.New("batch: ingesting needs a cache")
	}
	bt, err := s.batcher(job.Provider)
	if err != nil {
		return 0, 0, err
	}
	ours := make(map[string]bool, len(job.Keys))
	for _, k := range job.Keys {
		ours[k] = true
	}
	var cost float64
	err = bt.Results(ctx, job.ID, func(key string, resp *Response, rerr error) {
		if !ours[key] {
			rerr = fmt.Errorf("custom id %q is not one of this job's requests", key)
		}
		if rerr != nil {
			failed++
			s.logf("llm: batch %s: %s: %v", job.ID, key[:min(12, len(key))], rerr)
			return
		}
		req := requests[key]
		if req == nil {
			model := job.Model
			if model == "" {
				// A job journaled before jobs recorded their model: the
				// model the provider reports prices it by prefix.
				model = job.Provider + ":" + resp.Model
			}
			req = &Request{Model: model, Task: "batch"}
		}
		resp.Cost = s.opts.Prices.Cost(req.Model, resp.Usage) * BatchDiscount
		s.in.Add(resp.Usage.Input)
		s.out.Add(resp.Usage.Output)
		cost += resp.Cost
		if resp.Truncated {
			s.budget.Waste(resp.Cost)
		}
		if perr := s.opts.Cache.Put(ctx, key, req, resp); perr != nil {
			failed++
			s.budget.Waste(resp.Cost)
			s.logf("llm: %v", perr)
			return
		}
		stored++
	})
	if err != nil {
		// The answers read so far are recorded; the reservation stays
		// until a later ingest of the whole batch settles it.
		s.budget.SettleBatch(0, cost)
		return stored, failed, fmt.Errorf("batch %s %s: results: %w", job.Provider, job.ID, err)
	}
	s.budget.SettleBatch(job.Reserved, cost)
	job.Reserved, job.Cost = 0, job.Cost+cost
	return stored, failed, nil
}

// RunBatch submits requests (one batch per model, each as far as the
// budget holds), polls every interval until every batch ends, and
// ingests the answers into the cache. Requests of providers without a
// batch API are returned for direct calls. If the budget could not hold
// every request, the batches that fit are finished and the error wraps
// ErrCostLimit.
func (s *Stack) RunBatch(ctx context.Context, reqs []*Request, interval time.Duration, onJob func(*BatchJob)) (direct []*Request, err error) {
	if err := s.noNetwork(); err != nil {
		return nil, err
	}
	byModel := map[string][]*Request{}
	var order []string
	for _, r := range reqs {
		if _, _, err := ParseModel(r.Model); err != nil {
			return nil, err
		}
		if _, ok := byModel[r.Model]; !ok {
			order = append(order, r.Model)
		}
		byModel[r.Model] = append(byModel[r.Model], r)
	}
	index := map[string]*Request{}
	for _, r := range reqs {
		index[r.Key()] = r
	}
	var jobs []*BatchJob
	var short error
	for _, m := range order {
		rs := byModel[m]
		if !s.CanBatch(m) {
			direct = append(direct, rs...)
			continue
		}
		for len(rs) > 0 && short == nil {
			job, err := s.PlanBatch(rs)
			if errors.Is(err, ErrCostLimit) {
				short = fmt.Errorf("%w: %d requests of %s not submitted", err, len(rs), m)
				break
			}
			if err != nil {
				return direct, err
			}
			if onJob != nil {
				onJob(job)
			}
			if err := s.StartBatch(ctx, job, rs); err != nil {
				return direct, err
			}
			if onJob != nil {
				onJob(job)
			}
			jobs = append(jobs, job)
			rs = rs[len(job.Keys):]
		}
	}
	for _, job := range jobs {
		if err := s.WaitBatch(ctx, job, interval, onJob); err != nil {
			return direct, err
		}
		if _, _, err := s.IngestBatch(ctx, job, index); err != nil {
			return direct, err
		}
	}
	return direct, short
}

// WaitBatch polls a job until it ends or ctx is cancelled.
func (s *Stack) WaitBatch(ctx context.Context, job *BatchJob, interval time.Duration, onJob func(*BatchJob)) error {
	for {
		done, err := s.PollBatch(ctx, job)
		if err != nil {
			return err
		}
		if onJob != nil {
			onJob(job)
		}
		if done {
			return nil
		}
		if err := sleep(ctx, interval); err != nil {
			return err
		}
	}
}
