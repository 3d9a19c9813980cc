package llm

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/openai/openai-go/v3"
)

// BatchDiscount is the price factor of provider batch APIs (half price).
const BatchDiscount = 0.5

// ErrNoBatch is returned for providers without a batch API (the sim
// backend, most compatible servers): make the calls directly instead.
var ErrNoBatch = errors.New("provider has no batch API")

// BatchJob is a submitted provider batch. It is plain data, so a run can
// journal it and poll or ingest it after a restart.
type BatchJob struct {
	Provider string   `json:"provider"`
	ID       string   `json:"id"`
	Keys     []string `json:"keys"`  // cache keys of the requests (their custom ids)
	State    string   `json:"state"` // the provider's last reported status
	Done     bool     `json:"done"`
	Ingested bool     `json:"ingested"` // set by the caller once IngestBatch succeeded
}

// ErrDeferred is returned by a Collector for a request it set aside for a
// batch; stages treat it as "not yet", neither done nor failed.
var ErrDeferred = errors.New("deferred to a provider batch")

// CanBatch reports whether model's provider has a batch API (its
// configuration says Batch; the built-in openai and anthropic do).
func (s *Stack) CanBatch(model string) bool {
	prov, _, err := ParseModel(model)
	if err != nil {
		return false
	}
	return s.provs[prov].Batch
}

// Collector is a Client for batch mode: it answers from the cache (and
// calls providers without a batch API directly), and sets every other
// request aside, returning ErrDeferred. Submit the collected requests
// with RunBatch, then run the stage again on the Stack.
type Collector struct {
	Stack *Stack
	mu    sync.Mutex
	reqs  map[string]*Request
	order []string
}

// Complete answers from the cache or defers.
func (c *Collector) Complete(ctx context.Context, req *Request) (*Response, error) {
	if !c.Stack.CanBatch(req.Model) {
		return c.Stack.Complete(ctx, req)
	}
	if cache := c.Stack.opts.Cache; cache != nil {
		if r, ok, err := cache.Get(ctx, req.Key()); err != nil {
			return nil, err
		} else if ok {
			c.Stack.hits.Add(1)
			return r, nil
		}
	}
	k := req.Key()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reqs == nil {
		c.reqs = map[string]*Request{}
	}
	if _, dup := c.reqs[k]; !dup {
		cp := *req
		c.reqs[k] = &cp
		c.order = append(c.order, k)
	}
	return nil, ErrDeferred
}

// Requests returns the deferred requests in the order they came.
func (c *Collector) Requests() []*Request {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]*Request, len(c.order))
	for i, k := range c.order {
		out[i] = c.reqs[k]
	}
	return out
}

// batcher is implemented by backends with a batch API.
type batcher interface {
	submit(ctx context.Context, keys []string, reqs []*Request) (string, error)
	poll(ctx context.Context, id string) (state string, done bool, err error)
	results(ctx context.Context, id string, fn func(key string, resp *Response, err error)) error
}

// SubmitBatch sends requests (all of one provider) as one provider batch.
// Requests the cache already answers should be left out by the caller.
func (s *Stack) SubmitBatch(ctx context.Context, reqs []*Request) (*BatchJob, error) {
	if len(reqs) == 0 {
		return nil, errors.New("batch: no requests")
	}
	prov, _, err := ParseModel(reqs[0].Model)
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(reqs))
	for i, r := range reqs {
		p, _, err := ParseModel(r.Model)
		if err != nil {
			return nil, err
		}
		if p != prov {
			return nil, fmt.Errorf("batch: mixes providers %s and %s", prov, p)
		}
		keys[i] = r.Key()
	}
	bt, err := s.batcher(prov)
	if err != nil {
		return nil, err
	}
	id, err := bt.submit(ctx, keys, reqs)
	if err != nil {
		return nil, fmt.Errorf("batch %s: submit %d requests: %w", prov, len(reqs), err)
	}
	return &BatchJob{Provider: prov, ID: id, Keys: keys, State: "submitted"}, nil
}

func (s *Stack) batcher(prov string) (batcher, error) {
	if !s.provs[prov].Batch {
		return nil, fmt.Errorf("%s: %w", prov, ErrNoBatch)
	}
	b, _, err := s.backend(prov)
	if err != nil {
		return nil, err
	}
	bt, ok := b.(batcher)
	if !ok {
		return nil, fmt.Errorf("%s: %w", prov, ErrNoBatch)
	}
	return bt, nil
}

// PollBatch refreshes the job's state and reports whether it has ended.
func (s *Stack) PollBatch(ctx context.Context, job *BatchJob) (bool, error) {
	bt, err := s.batcher(job.Provider)
	if err != nil {
		return false, err
	}
	state, done, err := bt.poll(ctx, job.ID)
	if err != nil {
		return false, fmt.Errorf("batch %s %s: poll: %w", job.Provider, job.ID, err)
	}
	job.State, job.Done = state, done
	return done, nil
}

// IngestBatch records an ended batch's answers in the cache at the batch
// price, so the stage that asked for them finds them there. requests maps
// a key to its request, for the cache row; it may miss entries after a
// restart (the key, the batch's custom id, is what matters). It returns the answers stored and
// the requests that failed inside the batch (they are simply asked again,
// one by one, by the next normal run).
func (s *Stack) IngestBatch(ctx context.Context, job *BatchJob, requests map[string]*Request) (stored, failed int, err error) {
	if s.opts.Cache == nil {
		return 0, 0, errors.New("batch: ingesting needs a cache")
	}
	bt, err := s.batcher(job.Provider)
	if err != nil {
		return 0, 0, err
	}
	err = bt.results(ctx, job.ID, func(key string, resp *Response, rerr error) {
		if rerr != nil {
			failed++
			s.logf("llm: batch %s: %s: %v", job.ID, key[:min(12, len(key))], rerr)
			return
		}
		req := requests[key]
		if req == nil {
			req = &Request{Model: job.Provider + ":?", Task: "batch"}
		}
		resp.Cost = s.opts.Prices.Cost(req.Model, resp.Usage) * BatchDiscount
		s.in.Add(resp.Usage.Input)
		s.out.Add(resp.Usage.Output)
		s.costMu.Lock()
		s.cost += resp.Cost
		s.costMu.Unlock()
		if perr := s.opts.Cache.PutKey(ctx, key, req, resp); perr != nil {
			failed++
			s.logf("llm: %v", perr)
			return
		}
		stored++
	})
	if err != nil {
		return stored, failed, fmt.Errorf("batch %s %s: results: %w", job.Provider, job.ID, err)
	}
	return stored, failed, nil
}

// RunBatch submits requests (grouped by provider), polls every interval
// until every batch ends, and ingests the answers into the cache. Requests
// of providers without a batch API are returned for direct calls.
func (s *Stack) RunBatch(ctx context.Context, reqs []*Request, interval time.Duration, onJob func(*BatchJob)) (direct []*Request, err error) {
	byProv := map[string][]*Request{}
	var order []string
	for _, r := range reqs {
		p, _, err := ParseModel(r.Model)
		if err != nil {
			return nil, err
		}
		if _, ok := byProv[p]; !ok {
			order = append(order, p)
		}
		byProv[p] = append(byProv[p], r)
	}
	index := map[string]*Request{}
	for _, r := range reqs {
		index[r.Key()] = r
	}
	var jobs []*BatchJob
	for _, p := range order {
		job, err := s.SubmitBatch(ctx, byProv[p])
		if errors.Is(err, ErrNoBatch) {
			direct = append(direct, byProv[p]...)
			continue
		}
		if err != nil {
			return direct, err
		}
		if onJob != nil {
			onJob(job)
		}
		jobs = append(jobs, job)
	}
	for _, job := range jobs {
		if err := s.WaitBatch(ctx, job, interval, onJob); err != nil {
			return direct, err
		}
		if _, _, err := s.IngestBatch(ctx, job, index); err != nil {
			return direct, err
		}
	}
	return direct, nil
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

// OpenAI Batch API: upload a JSONL file of requests, create a batch, poll
// it, download the output file.

func (b *openAIBackend) submit(ctx context.Context, keys []string, reqs []*Request) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i, r := range reqs {
		_, model, _ := ParseModel(r.Model)
		line := map[string]any{"custom_id": keys[i], "method": "POST", "url": "/v1/chat/completions", "body": openAIParams(model, r)}
		if err := enc.Encode(line); err != nil {
			return "", fmt.Errorf("encode request %d: %w", i, err)
		}
	}
	f, err := b.client.Files.New(ctx, openai.FileNewParams{
		File:    openai.File(&buf, "specstress-batch.jsonl", "application/jsonl"),
		Purpose: openai.FilePurposeBatch,
	})
	if err != nil {
		return "", fmt.Errorf("upload: %w", b.classify(ctx, err))
	}
	bt, err := b.client.Batches.New(ctx, openai.BatchNewParams{
		InputFileID:      f.ID,
		Endpoint:         openai.BatchNewParamsEndpointV1ChatCompletions,
		CompletionWindow: openai.BatchNewParamsCompletionWindow24h,
	})
	if err != nil {
		return "", fmt.Errorf("create: %w", b.classify(ctx, err))
	}
	return bt.ID, nil
}

func (b *openAIBackend) poll(ctx context.Context, id string) (string, bool, error) {
	bt, err := b.client.Batches.Get(ctx, id)
	if err != nil {
		return "", false, b.classify(ctx, err)
	}
	switch bt.Status {
	case openai.BatchStatusCompleted, openai.BatchStatusFailed, openai.BatchStatusExpired, openai.BatchStatusCancelled:
		return string(bt.Status), true, nil
	}
	return string(bt.Status), false, nil
}

func (b *openAIBackend) results(ctx context.Context, id string, fn func(string, *Response, error)) error {
	bt, err := b.client.Batches.Get(ctx, id)
	if err != nil {
		return b.classify(ctx, err)
	}
	for _, fid := range []string{bt.OutputFileID, bt.ErrorFileID} {
		if fid == "" {
			continue
		}
		resp, err := b.client.Files.Content(ctx, fid)
		if err != nil {
			return b.classify(ctx, err)
		}
		err = eachLine(resp.Body, func(line []byte) error {
			var row struct {
				CustomID string `json:"custom_id"`
				Response *struct {
					StatusCode int             `json:"status_code"`
					Body       json.RawMessage `json:"body"`
				} `json:"response"`
				Error *struct {
					Message string `json:"message"`
				} `json:"error"`
			}
			if err := json.Unmarshal(line, &row); err != nil {
				return fmt.Errorf("output line: %w", err)
			}
			switch {
			case row.Error != nil:
				fn(row.CustomID, nil, errors.New(row.Error.Message))
			case row.Response == nil || row.Response.StatusCode != 200:
				fn(row.CustomID, nil, fmt.Errorf("status %d", statusOf(row.Response)))
			default:
				var c openai.ChatCompletion
				if err := json.Unmarshal(row.Response.Body, &c); err != nil {
					fn(row.CustomID, nil, err)
					return nil
				}
				r, err := b.convert(&c)
				fn(row.CustomID, r, err)
			}
			return nil
		})
		resp.Body.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

func statusOf(r *struct {
	StatusCode int             `json:"status_code"`
	Body       json.RawMessage `json:"body"`
}) int {
	if r == nil {
		return 0
	}
	return r.StatusCode
}

func eachLine(r io.Reader, fn func([]byte) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<28)
	for sc.Scan() {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			if err := fn(line); err != nil {
				return err
			}
		}
	}
	return sc.Err()
}

// Anthropic Message Batches: one POST with every request, poll, stream
// the results.

func (b *anthropicBackend) submit(ctx context.Context, keys []string, reqs []*Request) (string, error) {
	type item struct {
		CustomID string                     `json:"custom_id"`
		Params   anthropic.MessageNewParams `json:"params"`
	}
	body := struct {
		Requests []item `json:"requests"`
	}{}
	for i, r := range reqs {
		_, model, _ := ParseModel(r.Model)
		body.Requests = append(body.Requests, item{keys[i], anthropicParams(model, r)})
	}
	var res anthropic.MessageBatch
	if err := b.client.Post(ctx, "v1/messages/batches", body, &res); err != nil {
		return "", b.classify(ctx, err)
	}
	return res.ID, nil
}

func (b *anthropicBackend) poll(ctx context.Context, id string) (string, bool, error) {
	res, err := b.client.Messages.Batches.Get(ctx, id, anthropic.MessageBatchGetParams{})
	if err != nil {
		return "", false, b.classify(ctx, err)
	}
	return string(res.ProcessingStatus), res.ProcessingStatus == anthropic.MessageBatchProcessingStatusEnded, nil
}

func (b *anthropicBackend) results(ctx context.Context, id string, fn func(string, *Response, error)) error {
	st := b.client.Messages.Batches.ResultsStreaming(ctx, id, anthropic.MessageBatchResultsParams{})
	defer st.Close()
	for st.Next() {
		r := st.Current()
		if r.Result.Type != "succeeded" {
			fn(r.CustomID, nil, fmt.Errorf("result %s", r.Result.Type))
			continue
		}
		fn(r.CustomID, anthropicResponse(&r.Result.Message), nil)
	}
	if err := st.Err(); err != nil {
		return b.classify(ctx, err)
	}
	return nil
}
