package anthropic

// Anthropic Message Batches: one POST with every request, poll, stream
// the results.

import (
	"context"
	"fmt"
	"strings"

	sdk "github.com/anthropics/anthropic-sdk-go/v2"

	"github.com/specstress/specstress/pipeline/llm"
)

// Submit posts every request in one batch.
func (b *backend) Submit(ctx context.Context, job *llm.BatchJob, reqs []*llm.Request) (string, error) {
	keys := job.Keys
	type item struct {
		CustomID string               `json:"custom_id"`
		Params   sdk.MessageNewParams `json:"params"`
	}
	body := struct {
		Requests []item `json:"requests"`
	}{}
	for i, r := range reqs {
		_, model, _ := llm.ParseModel(r.Model)
		body.Requests = append(body.Requests, item{keys[i], params(model, r)})
	}
	var res sdk.MessageBatch
	if err := b.client.Post(ctx, "v1/messages/batches", body, &res); err != nil {
		return "", b.classify(ctx, err)
	}
	return res.ID, nil
}

// Find adopts the batch created since the job's intent (within the clock
// window) with exactly the job's number of requests and not claimed by
// another job: Message Batches carry no metadata, so this is the most the
// API allows. Two candidates are an error naming both; the custom ids
// checked at ingestion catch a wrong adoption.
func (b *backend) Find(ctx context.Context, job *llm.BatchJob, claimed map[string]bool) (string, error) {
	it := b.client.Messages.Batches.ListAutoPaging(ctx, sdk.MessageBatchListParams{Limit: sdk.Int(100)})
	var found []string
	for it.Next() {
		bt := it.Current()
		if bt.CreatedAt.Before(job.Created.Add(-llm.BatchFindWindow)) {
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

// Poll reports the processing status; "ended" ends the batch.
func (b *backend) Poll(ctx context.Context, id string) (string, bool, error) {
	res, err := b.client.Messages.Batches.Get(ctx, id, sdk.MessageBatchGetParams{})
	if err != nil {
		return "", false, b.classify(ctx, err)
	}
	return string(res.ProcessingStatus), res.ProcessingStatus == sdk.MessageBatchProcessingStatusEnded, nil
}

// Results streams the results of an ended batch.
func (b *backend) Results(ctx context.Context, id string, fn func(string, *llm.Response, error)) error {
	st := b.client.Messages.Batches.ResultsStreaming(ctx, id, sdk.MessageBatchResultsParams{})
	defer st.Close()
	for st.Next() {
		r := st.Current()
		if r.Result.Type != "succeeded" {
			fn(r.CustomID, nil, fmt.Errorf("result %s", r.Result.Type))
			continue
		}
		fn(r.CustomID, response(&r.Result.Message), nil)
	}
	if err := st.Err(); err != nil {
		return b.classify(ctx, err)
	}
	return nil
}
