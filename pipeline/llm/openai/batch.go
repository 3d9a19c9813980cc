package llm

// The wire side of provider batches: each backend's submit, look-up, poll
// and results over the official SDKs.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/openai/openai-go/v3"
)

// OpenAI Batch API: upload a JSONL file of requests, create a batch, poll
// it, download the output file.

func (b *openAIBackend) submit(ctx context.Context, job *BatchJob, reqs []*Request) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i, r := range reqs {
		_, model, _ := ParseModel(r.Model)
		line := map[string]any{"custom_id": job.Keys[i], "method": "POST", "url": "/v1/chat/completions", "body": openAIParams(model, r)}
		if err := enc.Encode(line); err != nil {
			return "", fmt.Errorf("encode request %d: %w", i, err)
		}
	}
	f, err := b.client.Files.New(ctx, openai.FileNewParams{
		File:    openai.File(&buf, "specstress-"+job.Tag+".jsonl", "application/jsonl"),
		Purpose: openai.FilePurposeBatch,
	})
	if err != nil {
		return "", fmt.Errorf("upload: %w", b.classify(ctx, err))
	}
	bt, err := b.client.Batches.New(ctx, openai.BatchNewParams{
		InputFileID:      f.ID,
		Endpoint:         openai.BatchNewParamsEndpointV1ChatCompletions,
		CompletionWindow: openai.BatchNewParamsCompletionWindow24h,
		Metadata:         map[string]string{BatchTagKey: job.Tag},
	})
	if err != nil {
		return "", fmt.Errorf("create: %w", b.classify(ctx, err))
	}
	return bt.ID, nil
}

// findWindow is how far before a job's intent the look-up goes: the
// provider's clock and ours may differ.
const findWindow = 30 * time.Minute

// find lists the batches (newest first) back to the job's intent and
// returns the one carrying the job's tag.
func (b *openAIBackend) find(ctx context.Context, job *BatchJob, claimed map[string]bool) (string, error) {
	it := b.client.Batches.ListAutoPaging(ctx, openai.BatchListParams{Limit: openai.Int(100)})
	for it.Next() {
		bt := it.Current()
		if bt.Metadata[BatchTagKey] == job.Tag && !claimed[bt.ID] {
			return bt.ID, nil
		}
		if time.Unix(bt.CreatedAt, 0).Before(job.Created.Add(-findWindow)) {
			break
		}
	}
	if err := it.Err(); err != nil {
		return "", b.classify(ctx, err)
	}
	return "", nil
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

func (b *anthropicBackend) submit(ctx context.Context, job *BatchJob, reqs []*Request) (string, error) {
	keys := job.Keys
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

// find adopts the batch created since the job's intent (within the clock
// window) with exactly the job's number of requests and not claimed by
// another job: Message Batches carry no metadata, so this is the most the
// API allows. Two candidates are an error naming both; the custom ids
// checked at ingestion catch a wrong adoption.
func (b *anthropicBackend) find(ctx context.Context, job *BatchJob, claimed map[string]bool) (string, error) {
	it := b.client.Messages.Batches.ListAutoPaging(ctx, anthropic.MessageBatchListParams{Limit: anthropic.Int(100)})
	var found []string
	for it.Next() {
		bt := it.Current()
		if bt.CreatedAt.Before(job.Created.Add(-findWindow)) {
			break
		}
		c := bt.RequestCounts
		if n := c.Processing + c.Succeeded + c.Errored + c.Canceled + c.Expired; n == int64(len(job.Keys)) && !claimed[bt.ID] {
			found = append(found, bt.ID)
		}
	}
	if err := it.Err(); err != nil {
		return "", b.classify(ctx, err)
	}
	switch len(found) {
	case 0:
		return "", nil
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("%d batches could be the one created before the restart (%s): cancel the extra ones in the console, then run again",
		len(found), strings.Join(found, ", "))
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
