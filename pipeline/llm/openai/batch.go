package openai

// The OpenAI Batch API: upload a JSONL file of requests, create a batch,
// poll it, download the output file.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	sdk "github.com/openai/openai-go/v3"

	"github.com/specstress/specstress/pipeline/llm"
)

// Submit uploads the requests as a JSONL file and creates a batch tagged
// with the job's tag in its metadata.
func (b *backend) Submit(ctx context.Context, job *llm.BatchJob, reqs []*llm.Request) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i, r := range reqs {
		_, model, _ := llm.ParseModel(r.Model)
		line := map[string]any{"custom_id": job.Keys[i], "method": "POST", "url": "/v1/chat/completions", "body": params(model, r)}
		if err := enc.Encode(line); err != nil {
			return "", fmt.Errorf("encode request %d: %w", i, err)
		}
	}
	f, err := b.client.Files.New(ctx, sdk.FileNewParams{
		File:    sdk.File(&buf, "specstress-"+job.Tag+".jsonl", "application/jsonl"),
		Purpose: sdk.FilePurposeBatch,
	})
	if err != nil {
		return "", fmt.Errorf("upload: %w", b.classify(ctx, err))
	}
	bt, err := b.client.Batches.New(ctx, sdk.BatchNewParams{
		InputFileID:      f.ID,
		Endpoint:         sdk.BatchNewParamsEndpointV1ChatCompletions,
		CompletionWindow: sdk.BatchNewParamsCompletionWindow24h,
		Metadata:         map[string]string{llm.BatchTagKey: job.Tag},
	})
	if err != nil {
		return "", fmt.Errorf("create: %w", b.classify(ctx, err))
	}
	return bt.ID, nil
}

// Find lists the batches (newest first) back to the job's intent and
// returns the one carrying the job's tag.
func (b *backend) Find(ctx context.Context, job *llm.BatchJob, claimed map[string]bool) (string, error) {
	it := b.client.Batches.ListAutoPaging(ctx, sdk.BatchListParams{Limit: sdk.Int(100)})
	for it.Next() {
		bt := it.Current()
		if bt.Metadata[llm.BatchTagKey] == job.Tag && !claimed[bt.ID] {
			return bt.ID, nil
		}
		if time.Unix(bt.CreatedAt, 0).Before(job.Created.Add(-llm.BatchFindWindow)) {
			break
		}
	}
	if err := it.Err(); err != nil {
		return "", b.classify(ctx, err)
	}
	return "", nil
}

// Poll reports the batch status; completed, failed, expired and cancelled end it.
func (b *backend) Poll(ctx context.Context, id string) (string, bool, error) {
	bt, err := b.client.Batches.Get(ctx, id)
	if err != nil {
		return "", false, b.classify(ctx, err)
	}
	switch bt.Status {
	case sdk.BatchStatusCompleted, sdk.BatchStatusFailed, sdk.BatchStatusExpired, sdk.BatchStatusCancelled:
		return string(bt.Status), true, nil
	}
	return string(bt.Status), false, nil
}

// Results reads the output and error files of an ended batch.
func (b *backend) Results(ctx context.Context, id string, fn func(string, *llm.Response, error)) error {
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
				var c sdk.ChatCompletion
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
